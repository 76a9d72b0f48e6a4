/**
 * @module CLI: publish, unpublish
 * `hoshin publish --year 2023 [--reason 理由]` publishes a closed (確定) year on the public portal
 * (again, as a correction, with a reason); `hoshin unpublish --year 2023 --reason 理由` withdraws
 * it. The same use cases as the 公開 screen, logged under the operating-system user.
 */
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { plan, report } from '../../db/schema.ts';
import { formatFiscalYear } from '../../domain/calendar/index.ts';
import { BadInputError, NotFoundError } from '../../errors.ts';
import { publicYearPath, publishYear, unpublishYear } from '../../features/publication/publication.ts';
import { resolveMunicipality } from '../../services/municipality.ts';
import { type CliCommand, type CliIo, cliActor } from '../io.ts';
import { commandArgs, withDatabase } from './support.ts';

const usage = (command: string) => `使い方: hoshin ${command} --year 2023 [オプション]
  --year 2023                実績の年度（西暦。2023 = 令和5年度）
  --reason 理由              ${command === 'publish' ? '訂正して再公開するときの理由（更新履歴に載る。初回は不要）' : '取り下げる理由（必須）'}
  --plan NAME                計画名（その年度に報告書のある計画が複数あるとき）
  --municipality CODE        自治体コード（自治体が複数あるとき）
`;

/** The plan whose report covers the year: the named one, or the only one. */
async function planOfYear(db: Database, municipalityId: number, fiscalYear: number, name?: string) {
  const rows = await db
    .select({ id: plan.id, name: plan.name })
    .from(report)
    .innerJoin(plan, eq(report.planId, plan.id))
    .where(and(eq(report.municipalityId, municipalityId), eq(report.fiscalYear, fiscalYear)));
  const chosen = name === undefined ? rows : rows.filter((r) => r.name === name);
  if (chosen.length === 0) {
    throw new NotFoundError(
      name === undefined
        ? `${formatFiscalYear(fiscalYear)}の報告書がありません。`
        : `${formatFiscalYear(fiscalYear)}の報告書に計画「${name}」はありません。`,
    );
  }
  if (chosen.length > 1) {
    throw new BadInputError(
      `${formatFiscalYear(fiscalYear)}の報告書は複数の計画にあります。--plan で選んでください: ${chosen.map((r) => r.name).join('、')}`,
    );
  }
  return chosen[0] as { id: number; name: string };
}

function command(action: 'publish' | 'unpublish'): CliCommand {
  return async (args: string[], io: CliIo) => {
    const parsed = commandArgs(
      {
        options: {
          year: { type: 'string' },
          reason: { type: 'string', default: '' },
          plan: { type: 'string' },
          municipality: { type: 'string' },
        },
      },
      args,
      io,
      usage(action),
    );
    if (typeof parsed === 'number') return parsed;
    const { values } = parsed;
    const fiscalYear = Number(values.year);
    if (!/^\d{4}$/.test(values.year ?? '') || fiscalYear < 1900 || fiscalYear > 2200) {
      io.stderr(`--year に西暦の年度を指定してください（例: --year 2023 = 令和5年度）\n\n${usage(action)}`);
      return 2;
    }
    return withDatabase(io, async ({ db }) => {
      const owner = await resolveMunicipality(
        db,
        values.municipality ? { localGovCode: values.municipality } : {},
        'export',
      );
      const target = await planOfYear(db, owner.id, fiscalYear, values.plan);
      const ctx = { municipalityId: owner.id, actor: cliActor(io) };
      const input = { planId: target.id, fiscalYear, reason: values.reason ?? '' };
      // One transaction: the snapshot and its row are written together or not at all.
      const event = await db.transaction(async (tx) =>
        action === 'publish'
          ? publishYear(tx as unknown as Database, ctx, input)
          : unpublishYear(tx as unknown as Database, ctx, input),
      );
      const year = formatFiscalYear(fiscalYear);
      if (action === 'publish') {
        io.stdout(
          `${owner.name}「${target.name}」の${year}を公開しました（第${event.revision}版）: ${publicYearPath(owner.localGovCode, fiscalYear)}\n`,
        );
        for (const change of event.changes) io.stdout(`  - ${change}\n`);
      } else {
        io.stdout(
          `${owner.name}「${target.name}」の${year}の公開を取り下げました（理由: ${event.reason}）\n`,
        );
      }
      return 0;
    });
  };
}

export const publishCommand = command('publish');
export const unpublishCommand = command('unpublish');
