/**
 * @module CLI: plan periods
 * `hoshin plan period --name 前期基本計画 --kind basic-plan --from R4 --to R8 [--plan NAME]`
 */
import { formatFiscalYear } from '../../domain/calendar/index.ts';
import { setPlanPeriod } from '../../features/plan/periods.ts';
import { resolveMunicipality } from '../../services/municipality.ts';
import type { CliCommand } from '../io.ts';
import { commandArgs, withDatabase } from './support.ts';

const KINDS = {
  vision: 'vision',
  'basic-plan': 'basic-plan',
  基本構想: 'vision',
  基本計画: 'basic-plan',
} as const;

const usage =
  '使い方: hoshin plan period --name 前期基本計画 --kind basic-plan|vision --from R4 --to R8 [--plan 計画名] [--municipality CODE]\n';

export const planPeriod: CliCommand = async (args, io) => {
  const parsed = commandArgs(
    {
      options: {
        name: { type: 'string' },
        kind: { type: 'string', default: 'basic-plan' },
        from: { type: 'string' },
        to: { type: 'string' },
        plan: { type: 'string' },
        municipality: { type: 'string' },
      },
    },
    args,
    io,
    usage,
  );
  if (typeof parsed === 'number') return parsed;
  const { values } = parsed;
  const kind = KINDS[(values.kind ?? '') as keyof typeof KINDS];
  if (!values.name || !values.from || !values.to || !kind) {
    io.stderr(usage);
    return 2;
  }
  const { name, from, to, plan, municipality } = values;
  return withDatabase(io, async ({ db }) => {
    const owner = await resolveMunicipality(db, municipality ? { localGovCode: municipality } : {}, 'cli');
    const period = await setPlanPeriod(
      db,
      owner.id,
      { name, kind, from, to, ...(plan ? { planName: plan } : {}) },
      'cli:plan-period',
    );
    io.stdout(
      `期間を登録しました: ${period.name}（${formatFiscalYear(period.startYear ?? 0)}〜${formatFiscalYear(period.endYear ?? 0)}）\n`,
    );
    return 0;
  });
};
