/**
 * @module Table labels
 * The Japanese name of each logged table, as the history screens and messages about a row (a
 * version conflict) name it: a user never sees `council_comment`.
 */

/** The Japanese name of each logged table. */
export const TABLE_LABELS: Record<string, string> = {
  municipality: '自治体',
  plan: '計画',
  plan_period: '計画期間',
  plan_node: '施策体系の項目',
  plan_node_link: '施策の関連づけ',
  progress_record: '進捗状況',
  report: '進捗報告書',
  kpi_set: '指標の区分',
  kpi: '指標',
  kpi_actual: '指標の実績値',
  department: '担当課',
  app_user: '利用者',
  fiscal_cycle: '進捗調査',
  department_submission: '担当課の提出状況',
  council_meeting: '審議会',
  council_comment: '審議会の意見',
  publication: '公開の記録',
};
