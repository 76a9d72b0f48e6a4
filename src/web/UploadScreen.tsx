/**
 * @module Upload screen
 * ファイルの取込み: KPI sheet, strategy table and report Markdown, previewed before they apply.
 * (Placeholder until the upload feature lands.)
 */
export function UploadScreen(_props: { planId: number; fiscalYear: number | null }) {
  return <h2 id="main-heading">ファイルの取込み</h2>;
}
