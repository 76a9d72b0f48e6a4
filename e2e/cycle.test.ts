/**
 * One whole yearly cycle (進捗調査) in real Chromium, with the accounts a city would use: the
 * planning division (kikaku) opens 令和5年度 with a deadline; 観光政策課 (kanko) writes its policy's
 * texts and a KPI actual on the screens, 商工労働課 (shoko) through its own Excel sheet; both submit;
 * kikaku returns one with a reason, which the department reads (and in お知らせ) before it
 * resubmits; both are approved, the year is closed (確定) and a write is refused; the report is built
 * from the closed year (no 「案」). Then a council member (iin) comments on a 基本方針, kikaku
 * answers, and the answer is in the report (審議会からの意見と対応).
 */
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { fiscalYearOf, formatFiscalYear, japanDateOf } from '../src/domain/calendar/index.ts';
import {
  apiSession,
  type DemoUser,
  severeViolations,
  signInByApi,
  signInWithForm,
  useAppPage,
} from './harness.ts';

const TIMEOUT = 120_000;
const YEAR = 2023;
const YEAR_LABEL = '令和5年度';

const shot = (name: string) => join(tmpdir(), `hoshin-cycle-${name}.png`);

const KANKO_GOAL = '基本目標 1 「魅力の創出・交流」の拡大';
const KANKO_POLICY = '基本方針1 観光の振興と魅力の創出';
const KANKO_KPI = '外国人観光客数';
const SHOKO_KPI = '創業支援による創業件数';

const RESULTS = `${YEAR_LABEL} 主な取組内容 / 実績`;
const DIRECTIONS = `令和6年度 主な取組 / 今後の方向性`;

const KANKO_RESULT = '周遊バス「みねぐるりん」を試験運行した（e2e）';
const KANKO_DIRECTION = '周遊バスを通年運行し、観光案内所と連携する（e2e）';
const KANKO_FIX = '周遊バス「みねぐるりん」を試験運行し、延べ1,200人が利用した（e2e）';
const SHOKO_RESULT = '創業セミナーを3回開催した（Excel から e2e）';
const SHOKO_DIRECTION = '空き店舗での創業を重点的に支援する（Excel から e2e）';
const SHOKO_NOTE = '商工会議所の集計（Excel から）';
const RETURN_REASON = '外国人観光客数の実績に出典（調査名）を備考で添えてください。';
const COMMENT = '周遊バスの利用者の満足度も示してほしい。';
const ANSWER = '令和6年度から利用者アンケートを行い、満足度を報告書に載せます。';

/** Today + `days` as YYYY-MM-DD (Japan time), for a deadline that is not overdue. */
function dayFromNow(days: number): string {
  const japan = new Date(Date.now() + 9 * 3_600_000 + days * 86_400_000);
  return japan.toISOString().slice(0, 10);
}

interface TreeNode {
  id: number;
  title: string;
  children: TreeNode[];
}

function findNode(nodes: TreeNode[], title: string): TreeNode | undefined {
  for (const node of nodes) {
    if (node.title === title) return node;
    const found = findNode(node.children, title);
    if (found) return found;
  }
  return undefined;
}

/** The id of the first object named `name` anywhere in an API answer. */
function idNamed(value: unknown, name: string): number | undefined {
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = idNamed(item, name);
      if (found !== undefined) return found;
    }
  } else if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (record.name === name && typeof record.id === 'number') return record.id;
    return idNamed(Object.values(record), name);
  }
  return undefined;
}

/** The header row of a sheet (the first of 20 that has `header`) and a column finder on it. */
function headerOf(sheet: ExcelJS.Worksheet, header: string) {
  const text = (value: ExcelJS.CellValue) =>
    String(
      value && typeof value === 'object' && 'richText' in value
        ? value.richText.map((r) => r.text).join('')
        : (value ?? ''),
    ).replace(/\s+/gu, '');
  for (let r = 1; r <= 20; r++) {
    const row = sheet.getRow(r);
    const columns = new Map<string, number>();
    row.eachCell((cell, column) => {
      columns.set(text(cell.value), column);
    });
    if (columns.has(header)) {
      return {
        row: r,
        text,
        column: (name: string | RegExp) => {
          for (const [key, column] of columns) {
            if (typeof name === 'string' ? key === name : name.test(key)) return column;
          }
          throw new Error(`no column ${name} in ${sheet.name}: ${[...columns.keys()].join(', ')}`);
        },
      };
    }
  }
  throw new Error(`no header row with ${header} in ${sheet.name}`);
}

describe('one whole cycle: open, write, submit, return, approve, close, report, council', () => {
  const app = useAppPage('hoshin-e2e-cycle-', {}, TIMEOUT);
  const { requests, consoleErrors } = app;
  let page: Page;
  const failed: string[] = [];
  // 提出する, 承認 and 年度を確定 ask first (e2e/safeguards.test.ts tests the asking): agreed here.
  const asked: string[] = [];
  let planId = 0;
  let kankoId = 0;
  let shokoId = 0;
  let kankoPolicyId = 0;
  let shokoPolicyId = 0;
  let kankoKpiId = 0;
  beforeAll(() => {
    page = app.page;
    page.on('response', (response) => {
      if (response.status() >= 400) failed.push(`${response.status()} ${new URL(response.url()).pathname}`);
    });
    page.on('dialog', (dialog) => {
      asked.push(dialog.message());
      void dialog.accept();
    });
  });

  const main = () => page.getByRole('main');
  const screen = async (name: string) => {
    await page.getByRole('navigation', { name: '画面' }).getByRole('button', { name, exact: true }).click();
  };
  const switchTo = async (user: DemoUser) => {
    await page.getByRole('button', { name: 'ログアウト' }).click();
    await page.getByRole('heading', { level: 1, name: 'ログイン' }).waitFor();
    await signInWithForm(page, user);
  };
  /** The 進捗調査 screen of 令和5年度. */
  const cycleScreen = async () => {
    await screen('進捗調査');
    await main().getByRole('heading', { level: 2, name: '進捗調査' }).waitFor();
    await main()
      .getByRole('heading', { level: 3, name: new RegExp(`${YEAR_LABEL}$`) })
      .waitFor();
  };
  const board = () => main().getByRole('table', { name: /^担当課（\d+課）$/ });
  const boardRow = (department: string) => board().getByRole('row', { name: new RegExp(`^${department}`) });
  const openPolicy = async (goal: string, policy: string) => {
    await screen('進捗状況');
    const tree = page.getByRole('tree', { name: '施策体系' });
    const goalItem = tree.getByRole('treeitem', { name: goal });
    if ((await goalItem.getAttribute('aria-expanded')) !== 'true') await goalItem.click();
    await tree.getByRole('treeitem', { name: policy, exact: true }).click();
    await main().getByRole('heading', { level: 2, name: policy }).waitFor();
  };
  const editor = () => page.locator('form.progress-editor');
  /** Adds an item at the end of one of the editor's lists. */
  const addItem = async (list: string, text: string) => {
    const region = editor().getByRole('region', { name: list, exact: true });
    await region.getByRole('button', { name: '項目を追加' }).click();
    await region.getByRole('textbox').last().fill(text);
  };
  const saveTexts = async () => {
    await editor().getByRole('button', { name: '保存', exact: true }).click();
    await editor().getByRole('status').getByText(`${YEAR_LABEL}の進捗状況を保存しました。`).waitFor();
  };
  const partState = async (username: string, departmentId: number) => {
    const session = await apiSession(app.url, username);
    const answer = await session.fetch(`/api/plans/${planId}/cycles/${YEAR}`);
    expect(answer.status).toBe(200);
    const { parts } = (await answer.json()) as { parts: { departmentId: number; state: string }[] };
    return parts.find((p) => p.departmentId === departmentId)?.state;
  };

  test(
    '企画 opens 令和5年度 with a deadline and a note on the 進捗調査 screen',
    async () => {
      const kikaku = await apiSession(app.url, 'kikaku');
      const plans = (await (await kikaku.fetch('/api/plans')).json()) as {
        id: number;
        kind: string;
        fiscalYears: { fiscalYear: number }[];
      }[];
      const thePlan = plans.find((p) => p.kind === 'plan');
      planId = thePlan?.id ?? 0;
      const dataYears = (thePlan?.fiscalYears ?? []).map((y) => y.fiscalYear);
      const { nodes } = (await (await kikaku.fetch(`/api/plans/${planId}/tree`)).json()) as {
        nodes: TreeNode[];
      };
      kankoPolicyId = findNode(nodes, '観光の振興と魅力の創出')?.id ?? 0;
      shokoPolicyId = findNode(nodes, '商工業の振興と新たな雇用の創出')?.id ?? 0;
      const departments = (await (await kikaku.fetch('/api/departments')).json()) as {
        id: number;
        name: string;
      }[];
      kankoId = departments.find((d) => d.name === '観光政策課')?.id ?? 0;
      shokoId = departments.find((d) => d.name === '商工労働課')?.id ?? 0;
      expect([planId, kankoPolicyId, shokoPolicyId, kankoId, shokoId].every((id) => id > 0)).toBe(true);

      // The server says which years may be opened, by its own date (a browser's clock may be wrong):
      // every year of the plan up to the next one, those with data, and by default the year that
      // just ended, whose results are collected now.
      const current = fiscalYearOf(japanDateOf(new Date()));
      await screen('進捗調査');
      await main().getByRole('heading', { level: 2, name: '進捗調査' }).waitFor();
      const form = main().getByRole('region', { name: '進捗調査を開始' });
      const yearSelect = form.getByRole('combobox', { name: '年度（実績を集める年度）' });
      await yearSelect.locator(`option[value="${YEAR}"]`).waitFor({ state: 'attached' });
      const offered = (await yearSelect
        .locator('option')
        .evaluateAll((options) => options.map((o) => Number((o as HTMLOptionElement).value)))) as number[];
      expect(offered[0]).toBe(current + 1);
      expect(offered).toEqual([...new Set(offered)].sort((a, b) => b - a));
      for (const year of [current, current - 1, ...dataYears]) expect(offered).toContain(year);
      expect(Number(await yearSelect.inputValue())).toBe(current - 1);
      expect(await yearSelect.locator(`option[value="${current - 1}"]`).textContent()).toBe(
        formatFiscalYear(current - 1),
      );
      await yearSelect.selectOption(String(YEAR));
      await form.getByLabel('提出期限').fill(dayFromNow(30));
      await form
        .getByRole('textbox', { name: '連絡事項（担当課へ）' })
        .fill('指標の実績は備考に出典を書いてください。');
      await form.getByRole('button', { name: '進捗調査を開始' }).click();
      await form
        .getByRole('status')
        .getByText(new RegExp(`^${YEAR_LABEL}の進捗調査を開始しました（\\d+課にお知らせしました）。$`))
        .waitFor();
      // A year with a cycle is no longer offered.
      await expect.poll(() => yearSelect.locator(`option[value="${YEAR}"]`).count()).toBe(0);
      await board().waitFor();
      expect(await boardRow('観光政策課').textContent()).toContain('未着手');
      expect(await boardRow('商工労働課').textContent()).toContain('未着手');
      expect(await main().textContent()).toContain('指標の実績は備考に出典を書いてください。');
      await page.screenshot({ path: shot('opened'), fullPage: true });
      expect(await severeViolations(page)).toEqual([]);
    },
    TIMEOUT,
  );

  test(
    '観光政策課 reads the notice, writes its policy’s results and directions and a KPI actual on the screens',
    async () => {
      await switchTo('kanko');
      const bell = page.getByRole('button', { name: /^お知らせ（[1-9]\d*）/ });
      await bell.click();
      await page.getByRole('button', { name: /進捗調査が始まりました/ }).waitFor();
      await page.getByRole('button', { name: '閉じる' }).click();

      await openPolicy(KANKO_GOAL, KANKO_POLICY);
      await addItem(RESULTS, KANKO_RESULT);
      await addItem(DIRECTIONS, KANKO_DIRECTION);
      await saveTexts();
      expect(await partState('kanko', kankoId)).toBe('in-progress');

      const section = main().getByRole('region', { name: /指標（KPI）の評価/ });
      await section.getByRole('button', { name: KANKO_KPI, exact: true }).click();
      await section.getByRole('heading', { level: 4, name: new RegExp(KANKO_KPI) }).waitFor();
      await expect.poll(() => new URL(page.url()).searchParams.get('kpi')).toMatch(/^\d+$/);
      kankoKpiId = Number(new URL(page.url()).searchParams.get('kpi'));
      expect(
        await section.getByLabel('年度', { exact: true }).locator('option:checked').textContent(),
      ).toMatch(new RegExp(`^${YEAR_LABEL}`));
      await section.getByRole('textbox', { name: /^実績値/ }).fill('9300');
      await section.getByLabel('備考（任意）').fill('市集計（速報）');
      await section.getByRole('button', { name: '保存', exact: true }).click();
      await section
        .getByRole('status')
        .getByText(`${YEAR_LABEL}の実績を保存しました`, { exact: false })
        .waitFor();
      await page.screenshot({ path: shot('kanko-wrote'), fullPage: true });
    },
    TIMEOUT,
  );

  test(
    '商工労働課 downloads its own sheet, fills it with Excel, previews and applies it',
    async () => {
      await switchTo('shoko');
      await screen('ファイル取込');
      await main().getByRole('heading', { level: 2, name: 'ファイルの取込み' }).waitFor();
      const own = main().getByRole('region', { name: '自課のシート' });
      const downloading = page.waitForEvent('download');
      await own.getByRole('link', { name: '商工労働課の記入シートをダウンロード（xlsx）' }).click();
      const download = await downloading;
      const downloaded = await download.path();
      expect(download.suggestedFilename()).toMatch(/^商工労働課_令和5年度_記入シート\.xlsx$/);

      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(
        (await readFile(downloaded)) as unknown as Parameters<typeof workbook.xlsx.load>[0],
      );
      // 指標: the actual of 令和5年度 and its 備考, as a department types them.
      const kpis = workbook.getWorksheet('指標');
      if (!kpis) throw new Error('no sheet 指標');
      const kpiHeader = headerOf(kpis, '指標名');
      const nameColumn = kpiHeader.column('指標名');
      let kpiRow = 0;
      kpis.eachRow((row, r) => {
        if (r > kpiHeader.row && kpiHeader.text(row.getCell(nameColumn).value) === SHOKO_KPI) kpiRow = r;
      });
      expect(kpiRow).toBeGreaterThan(0);
      const names: string[] = [];
      kpis.eachRow((row, r) => {
        if (r > kpiHeader.row) names.push(kpiHeader.text(row.getCell(nameColumn).value));
      });
      // Only its own KPIs are in its sheet.
      expect(names).not.toContain(KANKO_KPI);
      kpis.getRow(kpiRow).getCell(kpiHeader.column(YEAR_LABEL)).value = 14;
      kpis.getRow(kpiRow).getCell(kpiHeader.column(`備考（${YEAR_LABEL}）`)).value = SHOKO_NOTE;
      // 進捗状況: its 基本方針's texts, one item per line.
      const texts = workbook.getWorksheet('進捗状況');
      if (!texts) throw new Error('no sheet 進捗状況');
      const textHeader = headerOf(texts, '番号');
      let textRow = 0;
      texts.eachRow((row, r) => {
        if (r > textHeader.row && textHeader.text(row.getCell(textHeader.column('番号')).value) === '2.2')
          textRow = r;
      });
      expect(textRow).toBeGreaterThan(0);
      const resultsCell = texts.getRow(textRow).getCell(textHeader.column(/^主な取組内容／実績/));
      const directionsCell = texts.getRow(textRow).getCell(textHeader.column(/^主な取組／今後の方向性/));
      const itemsIn = (value: ExcelJS.CellValue) => String(value ?? '').trim();
      resultsCell.value = [itemsIn(resultsCell.value), `・${SHOKO_RESULT}`].filter(Boolean).join('\n');
      directionsCell.value = [itemsIn(directionsCell.value), `・${SHOKO_DIRECTION}`]
        .filter(Boolean)
        .join('\n');
      const filled = Buffer.from(await workbook.xlsx.writeBuffer());

      expect(await main().getByRole('radio', { name: '担当課シート（xlsx）' }).isChecked()).toBe(true);
      await main().getByLabel('ファイル', { exact: true }).setInputFiles({
        name: '商工労働課_記入済み.xlsx',
        mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        buffer: filled,
      });
      await main().getByRole('button', { name: '内容を確認' }).click();
      const changes = main().getByRole('table', { name: /^変更（\d+ 件）$/ });
      await changes.waitFor();
      const changed = await changes.textContent();
      expect(changed).toContain(SHOKO_KPI);
      expect(changed).toContain(SHOKO_NOTE);
      expect(changed).toContain(SHOKO_DIRECTION);
      // The sheet leaves out the other departments' KPIs: none of the KPIs moves (並び順), and the
      // part's state is one line, not a change of data with internal fields.
      const previewText = (await main().textContent()) ?? '';
      for (const internal of [
        '並び順',
        '担当課の提出状況',
        'changedAt',
        'changedBy',
        'in-progress',
        'not-started',
      ]) {
        expect(previewText).not.toContain(internal);
      }
      expect(previewText).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
      expect(previewText.match(/提出状況: 未着手 → 入力中/g)).toHaveLength(1);
      // Two changes of data: the KPI's 令和5年度 actual (value and note) and the policy's texts.
      expect(await changes.locator('caption').textContent()).toBe('変更（2 件）');
      expect(
        await main()
          .getByRole('table', { name: /^取り込めないセル/ })
          .count(),
      ).toBe(0);
      await page.screenshot({ path: shot('upload-preview'), fullPage: true });
      expect(await severeViolations(page)).toEqual([]);

      // Nothing is written by the preview.
      const shoko = await apiSession(app.url, 'shoko');
      const before = (await (await shoko.fetch(`/api/nodes/${shokoPolicyId}/progress/${YEAR}`)).json()) as {
        record: { directions: string[] } | null;
      };
      expect(before.record?.directions ?? []).not.toContain(SHOKO_DIRECTION);

      await main().getByRole('button', { name: '取り込む' }).click();
      await main()
        .getByRole('table', { name: /^取り込んだ内容/ })
        .waitFor();
      await main()
        .locator('.upload-status')
        .getByText(/取り込みました|反映しました/)
        .waitFor();
      const after = (await (await shoko.fetch(`/api/nodes/${shokoPolicyId}/progress/${YEAR}`)).json()) as {
        record: { results: string[]; directions: string[] } | null;
      };
      expect(after.record?.results).toContain(SHOKO_RESULT);
      expect(after.record?.directions).toContain(SHOKO_DIRECTION);
      // The actual and its note, each in its own column, arrived as typed.
      const listed = await (await shoko.fetch(`/api/nodes/${shokoPolicyId}/kpis?year=${YEAR}`)).json();
      const shokoKpiId = idNamed(listed, SHOKO_KPI) ?? 0;
      expect(shokoKpiId).toBeGreaterThan(0);
      const detail = (await (await shoko.fetch(`/api/kpis/${shokoKpiId}?year=${YEAR}`)).json()) as {
        actuals: { fiscalYear: number; value: number; note: string | null }[];
      };
      expect(detail.actuals.find((a) => a.fiscalYear === YEAR)).toMatchObject({
        value: 14,
        note: SHOKO_NOTE,
      });
      expect(await partState('shoko', shokoId)).toBe('in-progress');
    },
    TIMEOUT,
  );

  test(
    'both departments submit on the 進捗調査 screen',
    async () => {
      // shoko is still signed in.
      await cycleScreen();
      const ownShoko = main().getByRole('region', { name: '商工労働課の提出' });
      expect(await ownShoko.textContent()).toContain('入力中');
      await ownShoko.getByRole('button', { name: '提出する' }).click();
      await main().getByRole('status').getByText('商工労働課の分を提出しました。').waitFor();
      expect(asked.at(-1)).toMatch(new RegExp(`^商工労働課の${YEAR_LABEL}の分を提出しますか？`));
      await ownShoko.getByText('提出済').first().waitFor();
      expect(await boardRow('商工労働課').textContent()).toContain('提出済');

      await switchTo('kanko');
      await cycleScreen();
      const ownKanko = main().getByRole('region', { name: '観光政策課の提出' });
      await ownKanko.getByRole('button', { name: '提出する' }).click();
      await main().getByRole('status').getByText('観光政策課の分を提出しました。').waitFor();
      expect(await boardRow('観光政策課').textContent()).toContain('提出済');
      expect(await partState('kanko', kankoId)).toBe('submitted');
    },
    TIMEOUT,
  );

  test(
    '企画 returns 観光政策課 with a reason and approves 商工労働課',
    async () => {
      await switchTo('kikaku');
      await cycleScreen();
      const kanko = boardRow('観光政策課');
      await kanko.getByRole('button', { name: '差戻し' }).click();
      await kanko.getByRole('textbox', { name: '差戻しの理由（観光政策課）' }).fill(RETURN_REASON);
      await kanko.getByRole('button', { name: '差し戻す' }).click();
      await main().getByRole('status').getByText('観光政策課の分を差し戻しました。').waitFor();
      await expect.poll(() => kanko.textContent()).toContain(RETURN_REASON);
      expect(await kanko.textContent()).toContain('差戻し');

      await boardRow('商工労働課').getByRole('button', { name: '承認' }).click();
      await main().getByRole('status').getByText('商工労働課の分を承認しました。').waitFor();
      expect(await boardRow('商工労働課').textContent()).toContain('承認済');
      await page.screenshot({ path: shot('board'), fullPage: true });
      expect(await severeViolations(page)).toEqual([]);
    },
    TIMEOUT,
  );

  test(
    '観光政策課 finds the return in お知らせ, reads the reason, corrects its part and submits again',
    async () => {
      await switchTo('kanko');
      await page.getByRole('button', { name: /^お知らせ（[1-9]\d*）/ }).click();
      const returned = page.getByRole('button', { name: /差し戻されました/ });
      await returned.waitFor();
      expect(await returned.textContent()).toContain(RETURN_REASON);
      // The notice leads to the year's 進捗調査 screen.
      await returned.click();
      await main().getByRole('heading', { level: 2, name: '進捗調査' }).waitFor();
      const own = main().getByRole('region', { name: '観光政策課の提出' });
      await own.getByText(`差戻しの理由: ${RETURN_REASON}`).waitFor();
      expect(await own.textContent()).toContain('差戻し');

      await openPolicy(KANKO_GOAL, KANKO_POLICY);
      const results = editor().getByRole('region', { name: RESULTS, exact: true });
      const item = results.getByRole('textbox').filter({ hasText: KANKO_RESULT });
      await item.fill(KANKO_FIX);
      await saveTexts();
      const section = main().getByRole('region', { name: /指標（KPI）の評価/ });
      await section.getByRole('button', { name: KANKO_KPI, exact: true }).click();
      await section.getByRole('heading', { level: 4, name: new RegExp(KANKO_KPI) }).waitFor();
      await section.getByLabel('備考（任意）').fill('市集計（観光動態調査による）');
      await section.getByRole('button', { name: '保存', exact: true }).click();
      await section
        .getByRole('status')
        .getByText(`${YEAR_LABEL}の実績を保存しました`, { exact: false })
        .waitFor();
      expect(await partState('kanko', kankoId)).toBe('in-progress');

      await cycleScreen();
      await main()
        .getByRole('region', { name: '観光政策課の提出' })
        .getByRole('button', { name: '提出する' })
        .click();
      await main().getByRole('status').getByText('観光政策課の分を提出しました。').waitFor();
      expect(await partState('kanko', kankoId)).toBe('submitted');
    },
    TIMEOUT,
  );

  test(
    '企画 approves both, closes the year (確定), and a write is refused on the screen and by the API (423)',
    async () => {
      await switchTo('kikaku');
      await cycleScreen();
      await boardRow('観光政策課').getByRole('button', { name: '承認' }).click();
      await main().getByRole('status').getByText('観光政策課の分を承認しました。').waitFor();

      // The other departments of the plan are approved too (on their behalf, through the API): a year
      // closes only when every part is approved.
      const kikaku = await apiSession(app.url, 'kikaku');
      const { parts } = (await (await kikaku.fetch(`/api/plans/${planId}/cycles/${YEAR}`)).json()) as {
        parts: { departmentId: number; state: string }[];
      };
      for (const part of parts.filter((p) => p.state !== 'approved')) {
        const path = `/api/plans/${planId}/cycles/${YEAR}/departments/${part.departmentId}`;
        const json = { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' };
        expect((await kikaku.fetch(`${path}/submit`, json)).status).toBe(200);
        expect((await kikaku.fetch(`${path}/approve`, json)).status).toBe(200);
      }

      // While open, the report is a draft: 「案」 on its pages.
      const draftHtml = await (
        await kikaku.fetch(`/api/reports/${YEAR}/file?format=html&plan=${planId}&disposition=inline`)
      ).text();
      expect(draftHtml).toContain('draft-mark');

      await screen('報告書を作成');
      await main().getByRole('region', { name: '年度と形式' }).getByText('案（年度未確定）').waitFor();

      // A second tab has 基本方針1's editor open when the year closes.
      const otherContext = await page.context().browser()?.newContext({ locale: 'ja-JP' });
      if (!otherContext) throw new Error('no browser');
      const other = await otherContext.newPage();
      await signInByApi(other, app.url, 'kikaku');
      await other.goto(`${app.url}/?plan=${planId}&year=${YEAR}&node=${kankoPolicyId}`);
      await other.locator('form.progress-editor').waitFor();

      await page.reload();
      await cycleScreen();
      expect(await boardRow('観光政策課').textContent()).toContain('承認済');
      await main().getByRole('button', { name: '年度を確定' }).click();
      await main().getByRole('heading', { level: 3, name: '確定の解除' }).waitFor();
      expect(asked.at(-1)).toMatch(new RegExp(`^${YEAR_LABEL}を確定しますか？`));
      // The year list is read again (the year's state in it changes) while the board and its message
      // stay, with the focus on the message rather than lost with the button.
      await main()
        .getByRole('combobox', { name: '年度' })
        .locator('option:checked')
        .getByText(`${YEAR_LABEL}（確定）`)
        .waitFor({ state: 'attached' });
      await main().getByRole('status').getByText(`${YEAR_LABEL}を確定しました。`).waitFor();
      expect(
        await main()
          .getByText(/^確定（/)
          .count(),
      ).toBe(1);
      expect(await page.evaluate(() => document.activeElement?.textContent ?? '')).toContain(
        `${YEAR_LABEL}を確定しました。`,
      );
      await page.screenshot({ path: shot('closed'), fullPage: true });
      expect(await severeViolations(page)).toEqual([]);

      // The open editor's save is refused with the server's Japanese message.
      const otherEditor = other.locator('form.progress-editor');
      const list = otherEditor.getByRole('region', { name: DIRECTIONS, exact: true });
      await list.getByRole('button', { name: '項目を追加' }).click();
      await list.getByRole('textbox').last().fill('確定後の書き込み（e2e）');
      await otherEditor.getByRole('button', { name: '保存', exact: true }).click();
      const alert = otherEditor.getByRole('alert');
      await alert.waitFor();
      expect(await alert.textContent()).toContain(`${YEAR_LABEL}は確定済みのため変更できません`);
      await otherContext.close();

      // Opened afresh, the policy says why there is no editor.
      await openPolicy(KANKO_GOAL, KANKO_POLICY);
      await main()
        .getByText(`${YEAR_LABEL}は確定済みのため変更できません`, { exact: false })
        .first()
        .waitFor();
      expect(await page.locator('form.progress-editor').count()).toBe(0);
      expect(await main().getByText(KANKO_FIX).count()).toBeGreaterThan(0);

      // And the API answers 423 to the department and to 企画 alike.
      const kanko = await apiSession(app.url, 'kanko');
      const actual = await kanko.fetch(`/api/kpis/${kankoKpiId}/actuals/${YEAR}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ value: 1, status: 'final' }),
      });
      expect(actual.status).toBe(423);
      expect(((await actual.json()) as { error: string }).error ?? '').toContain('確定済み');
      const texts = await kikaku.fetch(`/api/nodes/${shokoPolicyId}/progress/${YEAR}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ results: ['x'], directions: ['y'], version: null }),
      });
      expect(texts.status).toBe(423);
    },
    TIMEOUT,
  );

  test(
    'the report is built from the closed year: the screen says so, and no page is marked 「案」',
    async () => {
      await screen('報告書を作成');
      await main().getByRole('heading', { level: 2, name: '報告書を作成' }).waitFor();
      const form = main().getByRole('region', { name: '年度と形式' });
      await form.getByText('確定した年度のデータから作成').waitFor();
      expect(await form.textContent()).not.toContain('「案」');
      const preview = page.frameLocator('iframe.preview-frame');
      await preview.locator('body').getByText(KANKO_FIX).first().waitFor();
      expect(await preview.locator('.draft-mark').count()).toBe(0);

      const kikaku = await apiSession(app.url, 'kikaku');
      const markdown = await (
        await kikaku.fetch(`/api/reports/${YEAR}/file?format=md&plan=${planId}`)
      ).text();
      for (const text of [KANKO_FIX, KANKO_DIRECTION, SHOKO_RESULT, SHOKO_DIRECTION]) {
        expect(markdown).toContain(text);
      }
      expect(markdown).not.toContain('［案］');
    },
    TIMEOUT,
  );

  test(
    'a council member comments on 基本方針1; 企画 answers on the 審議会 screen; the answer is in the report',
    async () => {
      await switchTo('iin');
      await openPolicy(KANKO_GOAL, KANKO_POLICY);
      const comments = main().getByRole('region', { name: `審議会からの意見（${YEAR_LABEL}）` });
      await comments.getByRole('textbox', { name: '意見を書く（審議会委員）' }).fill(COMMENT);
      await comments.getByRole('button', { name: '意見を登録' }).click();
      // The list is read again after the save; the message stays.
      await comments.getByRole('listitem').filter({ hasText: COMMENT }).waitFor();
      expect(await comments.textContent()).toContain('（対応を検討中）');
      await comments.getByRole('status').getByText('意見を登録しました。').waitFor();

      await switchTo('kikaku');
      await screen('審議会');
      await main().getByRole('heading', { level: 2, name: '審議会' }).waitFor();
      const list = main().getByRole('region', {
        name: new RegExp(`^意見と対応（${YEAR_LABEL}実績の報告書）`),
      });
      const item = list.getByRole('listitem').filter({ hasText: COMMENT });
      await item.getByRole('textbox', { name: '対応を記入（企画）' }).fill(ANSWER);
      await item.getByRole('button', { name: '対応を保存' }).click();
      await list.getByText('対応済 1件', { exact: false }).waitFor();
      const answered = list.getByRole('listitem').filter({ hasText: COMMENT });
      await answered.getByRole('textbox', { name: '対応を修正（企画）' }).waitFor();
      // Read again, the list keeps the message of what was done.
      await list
        .getByRole('status')
        .getByText('対応を保存しました。意見を書いた委員にお知らせしました。')
        .waitFor();
      expect(await answered.locator('.council-response').textContent()).toContain(ANSWER);
      await page.screenshot({ path: shot('council'), fullPage: true });
      expect(await severeViolations(page)).toEqual([]);

      // The council member is told.
      const iin = await apiSession(app.url, 'iin');
      const notices = (await (await iin.fetch('/api/notices')).json()) as { notices: { message: string }[] };
      expect(notices.notices.length).toBeGreaterThan(0);

      await screen('報告書を作成');
      const form = main().getByRole('region', { name: '年度と形式' });
      await form
        .getByText('審議会からの意見と対応を載せる（1件、うち対応済 1件）', { exact: false })
        .waitFor();
      const preview = page.frameLocator('iframe.preview-frame');
      await preview.locator('body').getByText(ANSWER).first().waitFor();

      const kikaku = await apiSession(app.url, 'kikaku');
      const markdown = await (
        await kikaku.fetch(`/api/reports/${YEAR}/file?format=md&plan=${planId}`)
      ).text();
      const section = markdown.slice(markdown.indexOf('審議会からの意見と対応'));
      expect(markdown.indexOf('審議会からの意見と対応')).toBeGreaterThan(0);
      expect(section).toContain(COMMENT);
      expect(section).toContain(ANSWER);
      await page.screenshot({ path: shot('report'), fullPage: true });
    },
    TIMEOUT,
  );

  test('fetched nothing but the local server; nothing failed on this page', () => {
    const outside = requests.filter(
      (url) => !url.startsWith('data:') && new URL(url).hostname !== '127.0.0.1',
    );
    expect(outside).toEqual([]);
    // (The closed year's refused save, 423, was the second tab's.)
    expect(failed).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
});
