/**
 * @module Council comments
 * 審議会委員の意見 on one 基本方針 or KPI for a fiscal year, with the city's answer (対応).
 * (Placeholder until the council feature lands.)
 */
export function CouncilComments(_props: {
  subject: { nodeId: number } | { kpiId: number };
  fiscalYear: number;
}) {
  return null;
}
