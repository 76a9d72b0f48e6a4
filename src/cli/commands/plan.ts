/**
 * @module CLI: plan periods
 * `hoshin plan period --name 前期基本計画 --kind basic-plan --from R4 --to R8 [--plan NAME]`
 */
import { parseArgs } from 'node:util';
import { databaseOptionsFromEnv, openDatabase } from '../../db/client.ts';
import { formatFiscalYear } from '../../domain/calendar/index.ts';
import { resolveMunicipality, UserError } from '../../services/municipality.ts';
import { setPlanPeriod } from '../../services/plan-periods.ts';
import type { CliCommand } from '../io.ts';

const KINDS = {
  vision: 'vision',
  'basic-plan': 'basic-plan',
  基本構想: 'vision',
  基本計画: 'basic-plan',
} as const;

export const planPeriod: CliCommand = async (args, io) => {
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        name: { type: 'string' },
        kind: { type: 'string', default: 'basic-plan' },
        from: { type: 'string' },
        to: { type: 'string' },
        plan: { type: 'string' },
        municipality: { type: 'string' },
      },
    }));
  } catch (error) {
    io.stderr(`引数が正しくありません: ${(error as Error).message}\n`);
    return 2;
  }
  const kind = KINDS[(values.kind ?? '') as keyof typeof KINDS];
  if (!values.name || !values.from || !values.to || !kind) {
    io.stderr(
      '使い方: hoshin plan period --name 前期基本計画 --kind basic-plan|vision --from R4 --to R8 [--plan 計画名]\n',
    );
    return 2;
  }
  const handle = await openDatabase(databaseOptionsFromEnv());
  try {
    const owner = await resolveMunicipality(
      handle.db,
      values.municipality ? { localGovCode: values.municipality } : {},
      'cli',
    );
    const period = await setPlanPeriod(
      handle.db,
      owner.id,
      {
        name: values.name,
        kind,
        from: values.from,
        to: values.to,
        ...(values.plan ? { planName: values.plan } : {}),
      },
      'cli:plan-period',
    );
    io.stdout(
      `期間を登録しました: ${period.name}（${formatFiscalYear(period.startYear ?? 0)}〜${formatFiscalYear(period.endYear ?? 0)}）\n`,
    );
    return 0;
  } catch (error) {
    if (error instanceof UserError) {
      io.stderr(`エラー: ${error.message}\n`);
      return 1;
    }
    throw error;
  } finally {
    await handle.close();
  }
};
