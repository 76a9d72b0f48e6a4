/**
 * @module CLI: kpi evaluate
 * `hoshin kpi evaluate < input.json`: evaluates KPIs given as JSON on standard input under a preset or
 * scheme object and prints a JSON array of results. Bad input is reported with the path of every bad
 * field and exit code 2. The formats are documented in src/domain/evaluation/README.md.
 */
import { z } from 'zod';
import {
  defaultComparator,
  type EvaluableKpi,
  evaluateKpi,
  type Projection,
  type SchemeIssue,
  safeResolveScheme,
} from '../../domain/evaluation/index.ts';
import type { Direction } from '../../domain/kpi/types.ts';
import type { CliCommand } from '../io.ts';
import { commandArgs } from './support.ts';

const usage = `使い方: hoshin kpi evaluate < input.json

標準入力の JSON:
  {"fiscalYear": 2023, "scheme": "default",
   "kpis": [{"id": "k1", "direction": "increase",
             "baseline": {"value": 10, "fiscalYear": 2019},
             "target": {"value": 20, "fiscalYear": 2024, "comparator": "gte"},
             "annualTargets": [{"fiscalYear": 2023, "value": 18}],
             "actuals": [{"fiscalYear": 2023, "value": 17}]}]}
  scheme: 評価基準の名前（default, nagano, ino, tama, nagayo, chiba, open-sdg）か評価基準のオブジェクト。省略時は default。
  direction: increase（増加）／decrease（減少）／maintain（維持）
  status（任意）: not-started（未着手）／suspended（休止・廃止）／hard-to-evaluate（評価困難）

標準出力: [{"id", "rate", "grade", "label", "actualYear", "stale", "projection"}, …]
`;

const fiscalYear = z.int().min(1900).max(2200);
const yearValue = z.object({ fiscalYear, value: z.number() });

const kpiSchema = z.object({
  id: z.union([z.string().min(1), z.number()]),
  direction: z.enum(['increase', 'decrease', 'maintain']),
  baseline: yearValue.nullish(),
  target: yearValue.extend({ comparator: z.enum(['gte', 'gt', 'lte', 'lt', 'eq']).optional() }).nullish(),
  annualTargets: z.array(yearValue).nullish(),
  actuals: z.array(yearValue).default([]),
  status: z.enum(['not-started', 'suspended', 'hard-to-evaluate']).nullish(),
});

const inputSchema = z.object({
  fiscalYear,
  scheme: z.unknown().optional(),
  kpis: z.array(kpiSchema),
});

type KpiInput = z.infer<typeof kpiSchema>;

/** One line of output, in the order the issue lists the fields. */
export interface KpiEvaluateRow {
  id: string | number;
  rate: number | null;
  grade: string;
  label: string;
  actualYear: number | null;
  stale: boolean;
  projection: Projection | null;
}

function toKpi(input: KpiInput): EvaluableKpi {
  const direction: Direction = input.direction;
  return {
    direction,
    actuals: input.actuals,
    ...(input.baseline ? { baseline: input.baseline } : {}),
    ...(input.annualTargets ? { annualTargets: input.annualTargets } : {}),
    ...(input.target
      ? {
          target: {
            fiscalYear: input.target.fiscalYear,
            value: input.target.value,
            comparator: input.target.comparator ?? defaultComparator(direction),
          },
        }
      : {}),
  };
}

/** `kpis[0].target.comparator`: a path a person can find in the JSON. */
function formatPath(path: ReadonlyArray<PropertyKey>): string {
  if (path.length === 0) return '(入力全体)';
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`))
    .join('');
}

function reportIssues(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>): string {
  const lines = issues.map((issue) => `  - ${formatPath(issue.path)}: ${issue.message}`);
  return `入力が正しくありません (invalid input):\n${lines.join('\n')}\n`;
}

export const kpiEvaluate: CliCommand = async (args, io) => {
  const done = commandArgs({ options: {} }, args, io, usage);
  if (typeof done === 'number') return done;

  const text = await io.readStdin();
  if (text.trim() === '') {
    io.stderr(`標準入力が空です。評価する KPI を JSON で渡してください。\n\n${usage}`);
    return 2;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    io.stderr(`JSON として読めません (invalid JSON): ${(error as Error).message}\n`);
    return 2;
  }

  const parsed = inputSchema.safeParse(json);
  const issues: Array<{ path: ReadonlyArray<PropertyKey>; message: string }> = parsed.success
    ? []
    : [...parsed.error.issues];
  // The scheme is checked on its own so that its problems are listed alongside the rest.
  const schemeJson = (json as { scheme?: unknown } | null)?.scheme;
  const scheme = safeResolveScheme(schemeJson);
  if (!scheme.ok) {
    issues.push(
      ...scheme.issues.map((i: SchemeIssue) => ({ path: ['scheme', ...i.path], message: i.message })),
    );
  }
  if (!parsed.success || !scheme.ok || issues.length > 0) {
    io.stderr(reportIssues(issues));
    return 2;
  }

  const rows: KpiEvaluateRow[] = parsed.data.kpis.map((input) => {
    const evaluation = evaluateKpi(
      toKpi(input),
      parsed.data.fiscalYear,
      scheme.scheme,
      input.status ? { status: input.status } : {},
    );
    return {
      id: input.id,
      rate: evaluation.rate,
      grade: evaluation.grade,
      label: evaluation.label,
      actualYear: evaluation.actualYear,
      stale: evaluation.stale,
      projection: evaluation.projection,
    };
  });
  io.stdout(`${JSON.stringify(rows, null, 2)}\n`);
  return 0;
};
