/**
 * @module History panel
 * 変更履歴 of a 基本方針 (its texts) or a KPI (its definition and actuals): who, when, before → after.
 * (Placeholder until the history feature lands.)
 */
export function HistoryPanel(_props: { subject: { nodeId: number } | { kpiId: number } }) {
  return null;
}
