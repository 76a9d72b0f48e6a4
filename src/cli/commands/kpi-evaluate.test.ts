import { describe, expect, it } from 'vitest';
import type { CliIo } from '../io.ts';
import { kpiEvaluate } from './kpi-evaluate.ts';

/** A CliIo that feeds `stdin` and records what the command writes. */
function fakeIo(stdin: string): CliIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout: (text: string) => {
      io.out += text;
    },
    stderr: (text: string) => {
      io.err += text;
    },
    readStdin: async () => stdin,
  };
  return io;
}

async function run(input: unknown, args: string[] = []) {
  const io = fakeIo(typeof input === 'string' ? input : JSON.stringify(input));
  const code = await kpiEvaluate(args, io);
  return { code, io, rows: code === 0 ? JSON.parse(io.out) : null };
}

describe('hoshin kpi evaluate', () => {
  it('evaluates under the default scheme and prints the documented fields, 2-space indented', async () => {
    const { code, io, rows } = await run({
      fiscalYear: 2015,
      kpis: [
        // 大崎町 H27 (kpi_samples_pages.csv, osaki_h27): 32 / 300 → 10.7 %, 12 / 10 → 120.0 %
        {
          id: '合同企業説明会',
          direction: 'increase',
          target: { value: 300, fiscalYear: 2019, comparator: 'gte' },
          actuals: [{ fiscalYear: 2015, value: 32 }],
        },
        {
          id: 7,
          direction: 'increase',
          target: { value: 10, fiscalYear: 2019 },
          actuals: [{ fiscalYear: 2015, value: 12 }],
        },
      ],
    });
    expect(code).toBe(0);
    expect(io.err).toBe('');
    expect(io.out).toMatch(/^\[\n {2}\{\n {4}"id": "合同企業説明会",/);
    expect(rows[0]).toEqual({
      id: '合同企業説明会',
      rate: 10.7,
      grade: 'D',
      label: '大幅な遅れ',
      actualYear: 2015,
      stale: false,
      projection: expect.objectContaining({ label: '判定不能', targetYear: 2019 }),
    });
    expect(rows[1]).toMatchObject({ id: 7, rate: 120, grade: 'A', label: '目標達成' });
    expect(Object.keys(rows[0])).toEqual([
      'id',
      'rate',
      'grade',
      'label',
      'actualYear',
      'stale',
      'projection',
    ]);
  });

  it('takes a preset name or a scheme object, and reports stale actuals', async () => {
    const kpis = [
      // 長野県 労働生産性: 8,012 (H24) → 8,220 (H29), latest actual 7,612 (H27)
      {
        id: 'labour',
        direction: 'increase',
        baseline: { value: 8012, fiscalYear: 2012 },
        target: { value: 8220, fiscalYear: 2017, comparator: 'gte' },
        actuals: [{ fiscalYear: 2015, value: 7612 }],
      },
    ];
    const preset = await run({ fiscalYear: 2017, scheme: 'nagano', kpis });
    expect(preset.rows[0]).toMatchObject({
      grade: 'C',
      label: '努力を要する',
      actualYear: 2015,
      stale: true,
    });
    const custom = await run({
      fiscalYear: 2017,
      scheme: { base: 'nagano', rules: [{ grade: 'A', rate: { gte: -500 } }, { grade: 'C' }] },
      kpis,
    });
    expect(custom.rows[0]).toMatchObject({ grade: 'A' });
  });

  it('gives null rates and the special grades for no data, no target and administrative codes', async () => {
    const { rows } = await run({
      fiscalYear: 2023,
      kpis: [
        { id: 'no-data', direction: 'decrease', target: { value: 0, fiscalYear: 2024 }, actuals: [] },
        { id: 'no-target', direction: 'increase', target: null, actuals: [{ fiscalYear: 2023, value: 5 }] },
        {
          id: 'stopped',
          direction: 'increase',
          target: { value: 5, fiscalYear: 2024 },
          actuals: [],
          status: 'suspended',
        },
      ],
    });
    expect(rows.map((r: { grade: string; rate: number | null }) => [r.grade, r.rate])).toEqual([
      ['－', null],
      ['目標なし', null],
      ['休止・廃止', null],
    ]);
    expect(rows[1].projection).toBeNull();
  });

  it('names the path of every bad field and exits with 2', async () => {
    const { code, io } = await run({
      fiscalYear: '2023',
      scheme: { rules: [{ grade: 'A', minRate: 100 }, { grade: 'D' }] },
      kpis: [{ id: 'x', direction: 'up', target: { value: 3 }, actuals: [{ fiscalYear: 2023 }] }],
    });
    expect(code).toBe(2);
    expect(io.out).toBe('');
    for (const path of [
      'fiscalYear',
      'kpis[0].direction',
      'kpis[0].target.fiscalYear',
      'kpis[0].actuals[0].value',
      'scheme.rules[0]',
    ]) {
      expect(io.err).toContain(`  - ${path}: `);
    }
  });

  it('lists the presets when the scheme name is unknown', async () => {
    const { code, io } = await run({ fiscalYear: 2023, scheme: 'naganoo', kpis: [] });
    expect(code).toBe(2);
    expect(io.err).toContain(
      'scheme: 評価基準「naganoo」はありません（使用可能: default, nagano, ino, tama, nagayo, chiba, open-sdg）',
    );
  });

  it('rejects input that is not JSON, empty input and unknown arguments', async () => {
    expect((await run('{"fiscalYear": 20')).code).toBe(2);
    const empty = await run('  ');
    expect(empty.code).toBe(2);
    expect(empty.io.err).toContain('標準入力が空です');
    expect((await run({ fiscalYear: 2023, kpis: [] }, ['--year'])).code).toBe(2);
    expect((await run('[1, 2]')).io.err).toContain('(入力全体)');
  });

  it('prints usage with --help', async () => {
    const io = fakeIo('');
    expect(await kpiEvaluate(['--help'], io)).toBe(0);
    expect(io.out).toContain('hoshin kpi evaluate');
  });
});
