/**
 * @module CLI: evaluation scheme of a KPI set
 * `hoshin kpi scheme --set 基本計画 --scheme nagano` or `--file scheme.json`; `--list` shows presets.
 */
import { readFile } from 'node:fs/promises';
import { PRESET_NAMES, PRESETS } from '../../domain/evaluation/index.ts';
import { setKpiSetScheme } from '../../features/kpi/kpi-scheme.ts';
import { resolveMunicipality } from '../../services/municipality.ts';
import type { CliCommand } from '../io.ts';
import { commandArgs, withDatabase } from './support.ts';

const usage = `使い方: hoshin kpi scheme --set 基本計画 (--scheme プリセット名 | --file scheme.json) [--plan 計画名] [--municipality CODE]
  --list      評価基準のプリセットの一覧
`;

export const kpiScheme: CliCommand = async (args, io) => {
  const parsed = commandArgs(
    {
      options: {
        set: { type: 'string' },
        scheme: { type: 'string' },
        file: { type: 'string' },
        plan: { type: 'string' },
        municipality: { type: 'string' },
        list: { type: 'boolean' },
      },
    },
    args,
    io,
    usage,
  );
  if (typeof parsed === 'number') return parsed;
  const { values } = parsed;
  if (values.list) {
    for (const name of PRESET_NAMES) io.stdout(`${name}\t${PRESETS[name].label}\n`);
    return 0;
  }
  const setName = values.set;
  if (!setName || (!values.scheme && !values.file) || (values.scheme && values.file)) {
    io.stderr(usage);
    return 2;
  }
  let scheme: unknown = values.scheme;
  if (values.file) {
    try {
      scheme = JSON.parse(await readFile(values.file, 'utf8'));
    } catch (error) {
      io.stderr(`評価基準のファイルを読めません（JSON）: ${values.file}: ${(error as Error).message}\n`);
      return 1;
    }
  }
  const { plan, municipality } = values;
  return withDatabase(io, async ({ db }) => {
    const owner = await resolveMunicipality(db, municipality ? { localGovCode: municipality } : {}, 'cli');
    const resolved = await setKpiSetScheme(
      db,
      owner.id,
      { setName, scheme, ...(plan ? { planName: plan } : {}) },
      'cli:kpi-scheme',
    );
    io.stdout(`「${setName}」の評価基準を「${resolved.label}」にしました\n`);
    return 0;
  });
};
