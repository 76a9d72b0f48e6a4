/**
 * @module Upload preview texts
 * The upload's preview lists each changed field as the server stored it, as text: codes (`final`,
 * `increase`, `gte`), years as numbers (`2024`), bare numbers (`1318000`), annual targets as JSON and
 * ids of rows (項目（ID） `19`). This writes them as the other screens do — 確定, 増加, 以上,
 * 令和6年度, 1,318,000 — and leaves the ids out (the row's own label already names the KPI or item).
 * Pure, tested in upload-format.test.ts.
 */
import { formatFiscalYear } from '../domain/calendar/index.ts';
import {
  ACTUAL_STATUS_LABELS,
  ADMINISTRATIVE_STATUS_LABELS,
  COMPARATOR_WORDS,
  DIRECTION_LABELS,
  KIND_LABELS,
} from '../domain/kpi/labels.ts';
import type { FieldChange } from '../features/uploads/contract.ts';
import { formatNumber } from './kpi-format.ts';

const CODE_LABELS: Record<string, Record<string, string>> = {
  '見込・確定': ACTUAL_STATUS_LABELS,
  方向: DIRECTION_LABELS,
  比較: COMPARATOR_WORDS,
  評価区分: ADMINISTRATIVE_STATUS_LABELS,
  指標の種類: KIND_LABELS,
};
const YEAR_FIELDS = new Set(['年度', '基準年度', '目標年度']);
const NUMBER_FIELDS = new Set(['値', '基準値', '目標値']);

const NUMBER = /^-?\d+(\.\d+)?$/;
const YEAR = /^\d{4}$/;

/** An internal id the server passes through (「項目（ID）」, or an untranslated `fromNodeId`). */
const isId = (field: string) => field.endsWith('（ID）') || /^[a-z][A-Za-z]*Id$/.test(field);

/** One annual target, `{"fiscalYear":2024,"value":1200}`, as 「令和6年度: 1,200」. */
function annualTarget(text: string): string {
  try {
    const item: unknown = JSON.parse(text);
    if (
      typeof item === 'object' &&
      item !== null &&
      'fiscalYear' in item &&
      'value' in item &&
      typeof item.fiscalYear === 'number' &&
      typeof item.value === 'number'
    ) {
      return `${formatFiscalYear(item.fiscalYear)}: ${formatNumber(item.value)}`;
    }
  } catch {
    // Not JSON: shown as it came.
  }
  return text;
}

function presentValue(field: string, value: string): string {
  if (value === '') return value;
  const labels = CODE_LABELS[field];
  if (labels) return labels[value] ?? value;
  if (YEAR_FIELDS.has(field) && YEAR.test(value)) return formatFiscalYear(Number(value));
  if (NUMBER_FIELDS.has(field) && NUMBER.test(value)) return formatNumber(Number(value));
  // The server joins a list's items with 「／」.
  if (field === '年度別目標') return value.split('／').map(annualTarget).join('／');
  return value;
}

/**
 * The fields of a changed row as a person reads them; ids left out.
 * @example presentFields([{ field: '方向', before: 'increase', after: 'decrease' }, { field: '項目（ID）', before: '', after: '19' }])
 *   // [{ field: '方向', before: '増加', after: '減少' }]
 */
export function presentFields(fields: readonly FieldChange[]): FieldChange[] {
  return fields
    .filter((change) => !isId(change.field))
    .map((change) => ({
      field: change.field,
      before: presentValue(change.field, change.before),
      after: presentValue(change.field, change.after),
    }));
}
