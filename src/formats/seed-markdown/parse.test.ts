import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ReportNode } from '../../domain/plan/types.ts';
import { parseProgressReport, ReportParseError } from './parse.ts';
import { renderProgressReport } from './render.ts';
import { contentLines } from './round-trip.ts';

const seed = readFileSync(
  new URL('../../../fixtures/demo/mine-city-progress-report-fy2023.md', import.meta.url),
  'utf8',
);

function count(nodes: ReportNode[], level: number): number {
  return nodes.reduce((n, node) => n + (node.level === level ? 1 : 0) + count(node.children, level), 0);
}

function parseError(markdown: string): ReportParseError {
  try {
    parseProgressReport(markdown);
  } catch (error) {
    if (error instanceof ReportParseError) return error;
    throw error;
  }
  throw new Error('expected the file to be refused');
}

describe('parsing the seed report', () => {
  const doc = parseProgressReport(seed);

  it('finds the cover', () => {
    expect(doc.report.title).toBe('第二次美祢市総合計画 前期計画の進捗状況について');
    expect(doc.plan.name).toBe('第二次美祢市総合計画');
    expect(doc.periodName).toBe('前期計画');
    expect(doc.report.subtitle).toBe('令和6年度（令和5年度実績）');
    expect(doc.report.fiscalYear).toBe(2023);
    expect(doc.report.date).toBe('2024-12-19');
    expect(doc.report.councilMeeting).toBe('第6回美祢市総合計画審議会');
    expect(doc.report.kpiSetNames).toEqual(['基本計画', '総合戦略']);
  });

  it('counts 5 goals, 15 policies, 41 measures and 81 items whatever the heading levels', () => {
    expect(count(doc.nodes, 1)).toBe(5);
    expect(count(doc.nodes, 2)).toBe(15);
    expect(count(doc.nodes, 3)).toBe(41);
    const items = doc.nodes
      .flatMap((g) => g.children)
      .reduce((n, p) => n + (p.progress?.results.length ?? 0) + (p.progress?.directions.length ?? 0), 0);
    expect(items).toBe(81);
  });

  it('reads goal 2, whose headings are one level deeper', () => {
    const goal2 = doc.nodes[1] as ReportNode;
    expect(goal2.title).toBe('強みを活かした「産業の振興」');
    expect(goal2.children.map((p) => p.title)).toEqual([
      '特色を打ち出した農林水産業の振興',
      '商工業の振興と新たな雇用の創出',
      '魅力産業の振興と地域内経済の活性化',
    ]);
    expect(goal2.children[0]?.children.map((m) => m.title)).toEqual([
      '農業等の振興',
      '森林の保全・活用と林業の振興',
    ]);
  });

  it('splits the two lists of a policy at the blank line', () => {
    const policy = doc.nodes[0]?.children[0];
    expect(policy?.progress?.results).toHaveLength(3);
    expect(policy?.progress?.directions).toEqual([
      'アクティビティセンター（仮称）の設置（R6～R7）',
      '関西・大阪万博、2026年のデスティネーションキャンペーンに向けた関西圏、首都圏からの観光客の誘致',
      '台湾観光・交流事務所を拠点とした事業展開',
    ]);
  });

  it('keeps the original text verbatim, typos included', () => {
    const all = JSON.stringify(doc);
    expect(all).toContain('移動手手段の確保');
    expect(all).toContain('市長と直接市民が直接対話する');
    expect(all).toContain('带状疱疹');
  });

  it('keeps the legend as report text, not as plan data', () => {
    expect(doc.report.legend.heading).toBe('次ページからの記載事項');
    expect(doc.report.legend.resultsHeading).toBe('令和5年度 主な取組内容 / 実績');
    expect(doc.nodes.map((g) => g.title)).not.toContain('基本目標名');
  });
});

describe('round trip', () => {
  it('renders the seed back with the same content lines', () => {
    const rendered = renderProgressReport(parseProgressReport(seed));
    expect(contentLines(rendered)).toEqual(contentLines(seed));
  });

  it('reads its own canonical output back to the same document', () => {
    const doc = parseProgressReport(seed);
    expect(parseProgressReport(renderProgressReport(doc))).toEqual(doc);
  });

  it('uses consistent heading levels: goals #, policies ##, measures ###', () => {
    const rendered = renderProgressReport(parseProgressReport(seed));
    expect(rendered).toContain('\n# 基本目標 2 強みを活かした「産業の振興」\n');
    expect(rendered).toContain('\n## 基本方針1 特色を打ち出した農林水産業の振興\n');
    expect(rendered).toContain('\n### ①農業等の振興／②森林の保全・活用と林業の振興\n');
  });
});

describe('refusing files that do not fit', () => {
  const lines = seed.split('\n');

  it('names the line of a policy cut off before its second list', () => {
    // Cut the seed right after the results of the last policy (before its directions).
    const cut = lines.findIndex((l) => l.includes('「Mineみらいトーク」の実施'));
    const error = parseError(lines.slice(0, cut + 3).join('\n'));
    const policyLine = lines.findIndex((l) => l.includes('基本方針2 市民が主体の協働のまちづくり')) + 1;
    expect(error.issues).toContainEqual({
      line: policyLine,
      message: expect.stringMatching(/箇条書きが2つ/),
    });
  });

  it('names the line of a policy cut off after its heading', () => {
    const at = lines.findIndex((l) => l.includes('基本方針2 市民が主体の協働のまちづくり'));
    const error = parseError(lines.slice(0, at + 1).join('\n'));
    expect(error.issues.map((i) => i.line)).toContain(at + 1);
    expect(error.message).toMatch(/施策（①…）の行がありません/);
  });

  it('refuses a file cut inside the cover', () => {
    const error = parseError(lines.slice(0, 6).join('\n'));
    expect(error.message).toMatch(/日付/);
  });

  it('refuses garbled lines and skipped numbers, listing every problem', () => {
    const garbled = seed
      .replace('## 基本方針2 交流・関係の拡大と発信の強化', '## 基本方針4 交流・関係の拡大と発信の強化')
      .replace('### ①国際交流の推進', '### ①国際交流の推進\n\nこれは何でもない行');
    const error = parseError(garbled);
    expect(error.issues.length).toBeGreaterThanOrEqual(2);
    expect(error.message).toMatch(/基本方針の番号は2のはずですが4です/);
    expect(error.message).toMatch(/想定外の行です.*これは何でもない行/);
    expect(error.issues.every((i) => i.line > 0)).toBe(true);
  });

  it('refuses a subtitle without the year of the results', () => {
    const error = parseError(seed.replace('令和6年度（令和5年度実績）', '令和6年度'));
    expect(error.issues[0]?.line).toBe(lines.findIndex((l) => l.includes('令和6年度（令和5年度実績）')) + 1);
    expect(error.message).toMatch(/実績の年度/);
  });

  it('refuses an empty file and a file with no goals', () => {
    expect(parseError('').message).toMatch(/表題/);
    const noGoals = lines
      .slice(
        0,
        lines.findIndex((l) => l.startsWith('# 基本目標 1')),
      )
      .join('\n');
    expect(parseError(noGoals).message).toMatch(/基本目標が1つもありません/);
  });
});

describe('HTML in the text of a report', () => {
  const hostile = '<script>alert(1)</script> & <img src=x onerror="alert(2)"> &lt;';

  it('is escaped in the Markdown and read back unchanged (import → export → import)', () => {
    const doc = parseProgressReport(seed);
    const goal = doc.nodes[0] as ReportNode;
    const policy = goal.children[0] as ReportNode;
    const edited = {
      ...doc,
      report: { ...doc.report, title: `${doc.report.title}${hostile}` },
      nodes: [
        {
          ...goal,
          title: `${goal.title}${hostile}`,
          children: [
            {
              ...policy,
              progress: {
                fiscalYear: policy.progress?.fiscalYear ?? 2023,
                results: [hostile, ...(policy.progress?.results ?? [])],
                directions: policy.progress?.directions ?? [],
              },
            },
            ...goal.children.slice(1),
          ],
        },
        ...doc.nodes.slice(1),
      ],
    };
    const markdown = renderProgressReport(edited);
    expect(markdown).not.toMatch(/<script|<img/u);
    expect(markdown).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;img');
    expect(markdown).toContain('&amp;lt;');
    const again = parseProgressReport(markdown);
    expect(again.report.title).toBe(edited.report.title);
    expect(again.nodes[0]?.title).toBe(`${goal.title}${hostile}`);
    expect(again.nodes[0]?.children[0]?.progress?.results[0]).toBe(hostile);
    expect(renderProgressReport(again)).toBe(markdown);
  });
});
