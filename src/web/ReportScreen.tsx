/**
 * @module Report screen (報告書を作成)
 * Choose the fiscal year and the file format of the council report, preview it (the HTML report,
 * the same pages the PDF prints) and download it. Files are built by the server from the database
 * on each request (`GET /api/reports/:year/file`).
 */
import { useId, useRef, useState } from 'react';
import {
  ApiError,
  fetchReportFile,
  type Plan,
  type PlanFiscalYear,
  REPORT_FILE_FORMATS,
  type ReportFileFormat,
} from './api.ts';
import { fetchReportStatus } from './council-api.ts';
import { EmptyNotice, ErrorNotice, Loading } from './Notice.tsx';
import './council.css';
import { useLoad } from './useLoad.ts';

interface ReportScreenProps {
  plan: Plan;
  fiscalYear: PlanFiscalYear | null;
  onYearChange: (fiscalYear: number) => void;
}

type DownloadState =
  | { status: 'idle' }
  | { status: 'working'; label: string }
  | { status: 'done'; fileName: string }
  | { status: 'error'; message: string };

export function ReportScreen({ plan, fiscalYear, onYearChange }: ReportScreenProps) {
  const [format, setFormat] = useState<ReportFileFormat>('pdf');
  const [download, setDownload] = useState<DownloadState>({ status: 'idle' });
  const controller = useRef<AbortController | null>(null);
  const yearId = useId();
  // 時点を指定: empty = now; otherwise the report as it was then (src/features/history/as-of.ts).
  const [asOf, setAsOf] = useState('');
  // 審議会からの意見と対応: included by default when the year has comments.
  const [includeComments, setIncludeComments] = useState(true);
  const asOfId = useId();
  const headingId = useId();
  const previewHeadingId = useId();
  const year = fiscalYear?.fiscalYear ?? null;
  const request = (f: ReportFileFormat) => ({
    fiscalYear: year ?? 0,
    format: f,
    municipality: plan.municipality.localGovCode,
    planId: plan.id,
    ...(asOf ? { asOf } : {}),
    ...(includeComments ? {} : { councilComments: false }),
  });

  const [preview, reloadPreview] = useLoad(
    year === null
      ? null
      : (signal) => fetchReportFile(request('html'), signal).then(({ blob }) => blob.text()),
    [year, plan.id, asOf, includeComments],
  );
  // Whether the report is built from a closed year or is a draft (案), and what it holds.
  const [status] = useLoad(
    year === null
      ? null
      : (signal) =>
          fetchReportStatus(
            { fiscalYear: year, planId: plan.id, municipality: plan.municipality.localGovCode },
            signal,
          ),
    [year, plan.id],
  );

  const startDownload = async () => {
    if (year === null) return;
    controller.current?.abort();
    const current = new AbortController();
    controller.current = current;
    const label = REPORT_FILE_FORMATS.find((f) => f.format === format)?.label ?? format;
    setDownload({ status: 'working', label });
    try {
      const { blob, fileName } = await fetchReportFile(request(format), current.signal);
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = fileName;
      document.body.append(link);
      link.click();
      link.remove();
      // Give the browser time to start the download before the address is released.
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setDownload({ status: 'done', fileName });
    } catch (error) {
      if (current.signal.aborted) return;
      setDownload({
        status: 'error',
        message: error instanceof ApiError ? error.message : '報告書を作成できませんでした。',
      });
    }
  };

  return (
    <>
      <h2 id="main-heading" tabIndex={-1}>
        報告書を作成
      </h2>
      <p className="lead">
        {plan.name}の進捗報告書（総合計画審議会資料）を、登録されている実績から作成します。
      </p>
      {fiscalYear === null ? (
        <EmptyNotice>進捗状況が登録された年度がないため、報告書を作成できません。</EmptyNotice>
      ) : (
        <div className="report-screen">
          <section className="card report-form" aria-labelledby={headingId}>
            <h3 id={headingId}>年度と形式</h3>
            {status.status === 'ready' && (
              <div role="status">
                <p className={status.value.draft ? 'report-basis draft' : 'report-basis'}>
                  {status.value.basisLabel}
                </p>
                {status.value.draft && (
                  <p className="note">年度が確定していないため、報告書のすべてのページに「案」と入ります。</p>
                )}
                <p className="note">
                  表紙の審議会：
                  {status.value.councilMeeting
                    ? `${status.value.councilMeeting.label}（${status.value.councilMeeting.dateLabel}）`
                    : '取り込んだ報告書の記載のまま（審議会の画面で開催を登録すると、その回が載ります）'}
                </p>
              </div>
            )}
            <form
              onSubmit={(event) => {
                event.preventDefault();
                void startDownload();
              }}
            >
              <div className="form-row">
                <label htmlFor={yearId}>報告書の年度（実績）</label>
                <select
                  id={yearId}
                  value={fiscalYear.fiscalYear}
                  onChange={(event) => {
                    setDownload({ status: 'idle' });
                    onYearChange(Number(event.target.value));
                  }}
                >
                  {plan.fiscalYears.map((y) => (
                    <option key={y.fiscalYear} value={y.fiscalYear}>
                      {y.fiscalYearLabel}実績
                    </option>
                  ))}
                </select>
              </div>
              <div className="form-row">
                <label htmlFor={asOfId}>時点を指定（任意。空欄なら現在の内容）</label>
                <input
                  id={asOfId}
                  type="datetime-local"
                  value={asOf}
                  onChange={(event) => {
                    setAsOf(event.target.value);
                    setDownload({ status: 'idle' });
                  }}
                />
              </div>
              {status.status === 'ready' && status.value.councilComments > 0 && (
                <div className="form-row">
                  <label>
                    <input
                      type="checkbox"
                      checked={includeComments}
                      onChange={(event) => {
                        setIncludeComments(event.target.checked);
                        setDownload({ status: 'idle' });
                      }}
                    />
                    審議会からの意見と対応を載せる（{status.value.councilComments}件、うち対応済{' '}
                    {status.value.answeredComments}件）
                  </label>
                </div>
              )}
              <fieldset className="format-choice">
                <legend>形式</legend>
                {REPORT_FILE_FORMATS.map((f) => (
                  <label key={f.format}>
                    <input
                      type="radio"
                      name="report-format"
                      value={f.format}
                      checked={format === f.format}
                      onChange={() => {
                        setFormat(f.format);
                        setDownload({ status: 'idle' });
                      }}
                    />
                    {f.label}
                  </label>
                ))}
              </fieldset>
              <button type="submit" className="button" disabled={download.status === 'working'}>
                ダウンロード
              </button>
            </form>
            <div aria-live="polite" className="download-status">
              {download.status === 'working' && <Loading>{download.label}の報告書を作成しています…</Loading>}
              {download.status === 'done' && (
                <p className="notice notice-success">{download.fileName} をダウンロードしました。</p>
              )}
            </div>
            {download.status === 'error' && (
              <ErrorNotice message={download.message} onRetry={startDownload} />
            )}
          </section>
          <section className="card report-preview" aria-labelledby={previewHeadingId}>
            <h3 id={previewHeadingId}>プレビュー（{fiscalYear.fiscalYearLabel}実績・A4 横）</h3>
            {preview.status === 'loading' ? (
              <Loading>プレビューを作成しています…</Loading>
            ) : preview.status === 'error' ? (
              <ErrorNotice message={preview.message} onRetry={reloadPreview} />
            ) : (
              <iframe
                className="preview-frame"
                title={`報告書のプレビュー（${fiscalYear.fiscalYearLabel}実績）`}
                srcDoc={preview.value}
                sandbox=""
              />
            )}
          </section>
        </div>
      )}
    </>
  );
}
