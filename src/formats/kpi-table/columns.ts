/**
 * @module KPI table columns
 * The columns of a KPI sheet, once: their Japanese headers and the other headers people use for them,
 * what they hold (for the template's instructions) and how a header cell is recognised. The import,
 * the export and the template all read this list.
 */
import { normalizeWidth, parseFiscalYear } from '../../domain/calendar/index.ts';

export type FieldKey =
  | 'set'
  | 'code'
  | 'name'
  | 'unit'
  | 'direction'
  | 'baseline'
  | 'baselineYear'
  | 'target'
  | 'comparator'
  | 'targetYear'
  | 'department'
  | 'administrativeStatus'
  | 'kind'
  | 'cumulative'
  | 'definition'
  | 'dataSource'
  | 'illustrative';

export interface FieldColumn {
  key: FieldKey;
  /** The header the export and the template write. */
  header: string;
  /** Other headers read as this column (compared after width normalisation, without spaces). */
  aliases: readonly string[];
  required: boolean;
  /** What the cell holds, for the template's 記入方法 sheet. */
  description: string;
  example: string;
}

/** The fixed columns, in the order the export and the template write them. */
export const FIELD_COLUMNS: readonly FieldColumn[] = [
  {
    key: 'set',
    header: '指標の区分',
    aliases: ['区分', '指標区分', 'KPIの区分'],
    required: false,
    description:
      'KPI の区分（基本計画、総合戦略など）。空欄なら --set、シート名、計画に1つだけある区分の順に決めます',
    example: '基本計画',
  },
  {
    key: 'code',
    header: '指標コード',
    aliases: ['コード', '指標ID', '指標番号'],
    required: false,
    description:
      '指標を識別するコード。空欄なら区分・階層・指標名から自動で決めます。再取込はこのコードで同じ指標を更新します',
    example: 'K-1-1-01',
  },
  {
    key: 'name',
    header: '指標名',
    aliases: ['指標', 'KPI', 'KPI名', '重要業績評価指標'],
    required: true,
    description: '指標の名称',
    example: '観光客数',
  },
  {
    key: 'unit',
    header: '単位',
    aliases: [],
    required: false,
    description: '人、件、%、千円など。全角・半角は同じ単位として扱います（％ = %）',
    example: '人',
  },
  {
    key: 'direction',
    header: '方向',
    aliases: ['目指す方向', '方向性', '増減'],
    required: false,
    description: '増加・減少・維持のいずれか。空欄なら基準値と目標値から決めます',
    example: '増加',
  },
  {
    key: 'baseline',
    header: '基準値',
    aliases: ['現状値', '策定時の値'],
    required: false,
    description: '基準値（数値）。「基準値（R1）」のように見出しに年度を書くこともできます',
    example: '1,234,000',
  },
  {
    key: 'baselineYear',
    header: '基準年度',
    aliases: ['基準年', '基準値の年度', '現状値の年度'],
    required: false,
    description: '基準値の年度（令和元年度、R1、2019 など）',
    example: '令和元年度',
  },
  {
    key: 'target',
    header: '目標値',
    aliases: ['目標', '最終目標値'],
    required: false,
    description: '目標値（数値）。「80%以上」「17,187超」のように比較を添えても構いません',
    example: '1,500,000',
  },
  {
    key: 'comparator',
    header: '比較',
    aliases: ['目標の比較', '比較方法'],
    required: false,
    description:
      '以上・超・以下・未満・一致のいずれか。空欄なら目標値の中の語、なければ方向から（減少は以下、それ以外は以上）',
    example: '以上',
  },
  {
    key: 'targetYear',
    header: '目標年度',
    aliases: ['目標年', '目標値の年度'],
    required: false,
    description: '目標値の年度（令和8年度、R8、2026 など）',
    example: '令和8年度',
  },
  {
    key: 'department',
    header: '担当課',
    aliases: ['担当部署', '所管課', '担当'],
    required: false,
    description: '担当する課',
    example: '観光政策課',
  },
  {
    key: 'administrativeStatus',
    header: '評価区分',
    aliases: ['評価の区分'],
    required: false,
    description:
      '数値で評価できない指標の区分: 未着手・休止・廃止（休止、廃止）・評価困難のいずれか。評価はこの区分になります（達成率は計算します）。数値で評価する指標は空欄',
    example: '',
  },
  {
    key: 'kind',
    header: '指標の種類',
    aliases: ['種類', '指標種別'],
    required: false,
    description: '成果・活動・対象のいずれか',
    example: '成果',
  },
  {
    key: 'cumulative',
    header: '累計',
    aliases: ['累計指標'],
    required: false,
    description: '累計の指標なら ○、そうでなければ × か空欄',
    example: '×',
  },
  {
    key: 'definition',
    header: '定義',
    aliases: ['指標の定義', '算出方法', '指標の説明'],
    required: false,
    description: '指標の定義・算出方法',
    example: '主要観光地の年間入込客数',
  },
  {
    key: 'dataSource',
    header: '出典',
    aliases: ['データの出典', '出所', 'データソース'],
    required: false,
    description: '数値の出典',
    example: '観光動態調査',
  },
  {
    key: 'illustrative',
    header: '架空のデモ値',
    aliases: ['架空', 'デモ値'],
    required: false,
    description: '実在しない説明用の値なら ○（画面と帳票に「架空のデモ値」と表示します）',
    example: '',
  },
];

/** The header the export writes for the note (備考) of a year's actual. */
export const noteHeader = (yearLabel: string) => `備考（${yearLabel}）`;

/** Headers the export writes that the import skips: computed values and free notes. */
const COMPUTED = /^(達成率|評価|見通し)/u;
const REMARKS = new Set(['備考', '注記', 'メモ']);

export type ColumnRole =
  | { role: 'level'; level: number }
  | { role: 'field'; key: FieldKey; headerYear?: number }
  | { role: 'actual'; fiscalYear: number }
  | { role: 'annualTarget'; fiscalYear: number }
  | { role: 'note'; fiscalYear: number }
  | { role: 'skipped' }
  | { role: 'unknown' };

/** Width-normalised, without any white space (headers often wrap onto two lines). */
export function headerKey(text: string): string {
  return normalizeWidth(text).replace(/\s+/gu, '');
}

const BRACKETED = /^(?<base>.+?)[([【<](?<inner>[^)\]】>]*)[)\]】>]$/u;

function fieldByHeader(key: string): FieldColumn | undefined {
  return FIELD_COLUMNS.find(
    (c) => headerKey(c.header) === key || c.aliases.some((a) => headerKey(a) === key),
  );
}

function yearOf(text: string): number | null {
  if (text === '') return null;
  return parseFiscalYear(text);
}

/**
 * What a header cell names, for a plan with the given level names.
 * @example recogniseHeader('令和５年度', ['基本目標']) // { role: 'actual', fiscalYear: 2023 }
 * @example recogniseHeader('目標 R5', ['基本目標']) // { role: 'annualTarget', fiscalYear: 2023 }
 * @example recogniseHeader('基準値（R1）', ['基本目標']) // { role: 'field', key: 'baseline', headerYear: 2019 }
 */
export function recogniseHeader(raw: string | number, levelNames: readonly string[]): ColumnRole {
  const key = headerKey(String(raw));
  if (key === '') return { role: 'unknown' };
  const level = levelNames.findIndex((name) => {
    const n = headerKey(name);
    return key === n || key === `${n}名`;
  });
  if (level >= 0) return { role: 'level', level };
  const exact = fieldByHeader(key);
  if (exact) return { role: 'field', key: exact.key };
  if (COMPUTED.test(key) || REMARKS.has(key)) return { role: 'skipped' };

  // 「備考（令和5年度）」「令和5年度 備考」「R5備考」: the note (備考) of that year's actual. A plain
  // 備考 column (no year) stays a free column the import does not read.
  const note =
    /^(?:備考|注記|メモ)(?<rest>.+)$/u.exec(key) ?? /^(?<rest>.+?)(?:実績)?の?(?:備考|注記|メモ)$/u.exec(key);
  if (note?.groups?.rest) {
    const year = yearOf(stripBrackets(note.groups.rest));
    if (year !== null) return { role: 'note', fiscalYear: year };
  }

  // 「基準値（R1）」「目標値(令和8年度)」「単位（人）」: a known column with a note in brackets.
  const bracketed = BRACKETED.exec(key)?.groups;
  if (bracketed?.base && bracketed.inner !== undefined) {
    const base = fieldByHeader(bracketed.base);
    // 「目標（R5）」 is an annual target; only 目標値 carries the final target's year this way.
    if (base && bracketed.base !== '目標') {
      const year = yearOf(bracketed.inner);
      return year !== null && (base.key === 'baseline' || base.key === 'target')
        ? { role: 'field', key: base.key, headerYear: year }
        : { role: 'field', key: base.key };
    }
  }

  // 「目標 R5」「R5目標」「年度別目標（令和5年度）」
  const annual = /^(?:年度別)?目標(?!値)(?<rest>.+)$/u.exec(key) ?? /^(?<rest>.+?)目標$/u.exec(key);
  if (annual?.groups?.rest) {
    const year = yearOf(stripBrackets(annual.groups.rest));
    if (year !== null) return { role: 'annualTarget', fiscalYear: year };
  }

  // 「令和5年度」「R5」「2023」「R5実績」「実績値（令和5年度）」「令和5年度（2023年度）」
  const year = yearOf(key) ?? yearOf(stripBrackets(key.replace(/実績値?|の?値$/gu, '')));
  if (year !== null) return { role: 'actual', fiscalYear: year };
  return { role: 'unknown' };
}

function stripBrackets(text: string): string {
  return text.replace(/^[([【<]+|[)\]】>]+$/gu, '');
}
