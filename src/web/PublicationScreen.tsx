/**
 * @module Publication screen
 * 公開 of a plan: for each year (newest first) the state of its 進捗調査 (a year is published only
 * once 確定), whether citizens see it (公開中（第N版）or 未公開) with a link to its public page, and
 * its 更新履歴 — every publication, correction and withdrawal with when, who, why and what changed.
 * Everyone signed in reads it; the planning division (企画) publishes a closed year, publishes a
 * correction with a reason, or withdraws the year with a reason. A correction or withdrawal is
 * never silent: the reason is required here and by the server, and citizens see it in the history.
 */
import { type FormEvent, useId, useState } from 'react';
import { type Outcome, OutcomeNotice } from './FormOutcome.tsx';
import { ApiError } from './http.ts';
import { EmptyNotice, ErrorNotice, Loading } from './Notice.tsx';
import {
  fetchPublications,
  PUBLICATION_REASON_MAX,
  type PublicationEvent,
  type PublicationYear,
  publishYear,
  unpublishYear,
} from './publication-api.ts';
import { ReasonField } from './ReasonField.tsx';
import { useSession } from './session-context.ts';
import { useFocusAfterSave } from './useFocusAfterSave.ts';
import { useLoad } from './useLoad.ts';
import './publication.css';

const failure = (error: unknown, fallback: string): Outcome => ({
  kind: error instanceof ApiError && error.status === 409 ? 'conflict' : 'error',
  message: error instanceof ApiError ? error.message : fallback,
});

const CYCLE_STATE_LABELS = { closed: '確定', open: '受付中' } as const;

export function PublicationScreen({ planId }: { planId: number }) {
  // Reloaded quietly after an action: the year's card (and its 「公開しました。」) stays mounted.
  const [list, reload] = useLoad((signal) => fetchPublications(planId, signal), [planId], { quiet: true });

  return (
    <>
      <h2 id="main-heading" tabIndex={-1}>
        公開
      </h2>
      <p className="lead">
        確定した年度の進捗を、市民向けの公開ページとオープンデータとして公開します。公開した内容はその時点の写しで、後から計画や実績を変更しても、もう一度公開するまで公開ページには反映されません。訂正や取り下げの理由は更新履歴として公開ページに載ります。
      </p>
      {list.status === 'loading' ? (
        <Loading />
      ) : list.status === 'error' ? (
        <ErrorNotice message={list.message} onRetry={reload} />
      ) : (
        <>
          {list.value.years.some((y) => y.published) ? (
            <p className="publication-portal">
              公開ページ（トップ）: <a href={list.value.portalUrl}>{list.value.portalUrl}</a>
            </p>
          ) : (
            <p className="publication-portal">
              公開している年度はありません（公開すると {list.value.portalUrl} で読めるようになります）。
            </p>
          )}
          {list.value.years.length === 0 ? (
            <EmptyNotice>
              この計画には公開できる年度がまだありません。進捗調査で年度を確定すると公開できます。
            </EmptyNotice>
          ) : (
            list.value.years.map((year) => (
              <YearCard key={year.fiscalYear} planId={planId} year={year} onChanged={reload} />
            ))
          )}
        </>
      )}
    </>
  );
}

function YearCard({
  planId,
  year,
  onChanged,
}: {
  planId: number;
  year: PublicationYear;
  onChanged: () => void;
}) {
  const { may } = useSession();
  const planning = may('manage-plan');
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'none' });
  const [noticeRef, keepFocus] = useFocusAfterSave<HTMLDivElement>();
  const headingId = useId();
  const closed = year.cycleState === 'closed';
  const everPublished = year.events.some((e) => e.action === 'publish');
  const busy = outcome.kind === 'saving';

  const run = async (work: () => Promise<PublicationEvent>, done: (event: PublicationEvent) => string) => {
    setOutcome({ kind: 'saving' });
    try {
      const event = await work();
      setOutcome({ kind: 'saved', message: done(event) });
      keepFocus();
      onChanged();
      return true;
    } catch (error) {
      setOutcome(failure(error, '操作できませんでした。'));
      return false;
    }
  };
  const publish = (reason: string) =>
    run(
      () => publishYear(planId, year.fiscalYear, reason),
      (event) =>
        year.published
          ? `${year.yearLabel}の訂正を公開しました（第${event.revision}版）。`
          : `${year.yearLabel}を公開しました（第${event.revision}版）。`,
    );
  const unpublish = (reason: string) =>
    run(
      () => unpublishYear(planId, year.fiscalYear, reason),
      () => `${year.yearLabel}の公開を取り下げました。公開ページには表示されなくなりました。`,
    );

  return (
    <section className="card publication-year" aria-labelledby={headingId}>
      <h3 id={headingId}>{year.yearLabel}</h3>
      <dl className="publication-facts">
        <dt>進捗調査</dt>
        <dd>{year.cycleState ? CYCLE_STATE_LABELS[year.cycleState] : '未開始'}</dd>
        <dt>公開</dt>
        <dd>
          {year.published ? (
            <strong className="publication-state publication-state-live">
              公開中（第{year.publishedRevision}版）
            </strong>
          ) : (
            <span className="publication-state">{everPublished ? '未公開（取り下げ済み）' : '未公開'}</span>
          )}
        </dd>
        {year.publicUrl && (
          <>
            <dt>公開ページ</dt>
            <dd>
              <a href={year.publicUrl} target="_blank" rel="noopener">
                {year.yearLabel}の公開ページを開く
                <span className="publication-new-tab">（新しいタブ）</span>
              </a>
            </dd>
          </>
        )}
      </dl>

      <div ref={noticeRef} tabIndex={-1} className="publication-outcome">
        <OutcomeNotice outcome={outcome} />
      </div>

      {planning && (
        <div className="publication-actions">
          {!closed && (
            <p className="publication-hint">
              {year.published
                ? '確定が解除されています。訂正を公開するには、進捗調査で年度をもう一度確定してください。'
                : '進捗調査で年度を確定すると公開できます。'}
            </p>
          )}
          {closed && !year.published && !everPublished && (
            <button type="button" className="button" disabled={busy} onClick={() => void publish('')}>
              {busy ? '公開中…' : '公開する'}
            </button>
          )}
          {closed && !year.published && everPublished && (
            <ReasonForm
              title="もう一度公開する"
              label="公開する理由（更新履歴に載ります）"
              missing="公開する理由を入力してください"
              submit="公開する"
              busy={busy}
              onSubmit={publish}
            />
          )}
          {closed && year.published && (
            <ReasonForm
              title="訂正を公開する"
              hint="進捗調査で確定を解除して直し、もう一度確定してから公開します。前の版からの変更点は自動で更新履歴に載ります。"
              label="訂正の理由（更新履歴に載ります）"
              missing="訂正の理由を入力してください"
              submit="訂正を公開する"
              busy={busy}
              onSubmit={publish}
            />
          )}
          {year.published && (
            <ReasonForm
              title="公開を取り下げる"
              hint="取り下げると、この年度の公開ページ・オープンデータ・埋め込みグラフは表示されなくなります。"
              label="取り下げる理由（更新履歴に載ります）"
              missing="取り下げる理由を入力してください"
              submit="公開を取り下げる"
              busy={busy}
              onSubmit={unpublish}
            />
          )}
        </div>
      )}

      <History yearLabel={year.yearLabel} events={year.events} />
    </section>
  );
}

/** A required reason and its button: 訂正を公開する, 公開を取り下げる. */
function ReasonForm({
  title,
  hint,
  label,
  missing,
  submit,
  busy,
  onSubmit,
}: {
  title: string;
  /** What the action does, read with the reason's field. */
  hint?: string;
  label: string;
  missing: string;
  submit: string;
  busy: boolean;
  onSubmit: (reason: string) => Promise<boolean>;
}) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const ids = { heading: useId(), hint: useId(), reason: useId() };
  const onFormSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (!reason.trim()) {
      setError(missing);
      document.getElementById(ids.reason)?.focus();
      return;
    }
    setError(null);
    if (await onSubmit(reason.trim())) setReason('');
  };
  return (
    <form
      className="stacked-form publication-form"
      aria-labelledby={ids.heading}
      noValidate
      onSubmit={(event) => void onFormSubmit(event)}
    >
      <h4 id={ids.heading}>{title}</h4>
      {hint && (
        <p id={ids.hint} className="publication-hint">
          {hint}
        </p>
      )}
      <div className="form-row">
        <ReasonField
          id={ids.reason}
          label={label}
          value={reason}
          onChange={setReason}
          error={error}
          maxLength={PUBLICATION_REASON_MAX}
          {...(hint ? { hintId: ids.hint } : {})}
        />
      </div>
      <div className="form-actions">
        <button type="submit" className="button" disabled={busy}>
          {submit}
        </button>
      </div>
    </form>
  );
}

/** The 更新履歴, newest first, as citizens see it on the public pages. */
function History({ yearLabel, events }: { yearLabel: string; events: PublicationEvent[] }) {
  const id = useId();
  return (
    <section className="publication-history" aria-labelledby={id}>
      <h4 id={id}>更新履歴（{yearLabel}）</h4>
      {events.length === 0 ? (
        <EmptyNotice>まだ公開していません。</EmptyNotice>
      ) : (
        <ol className="publication-events">
          {events.map((event) => (
            <li key={event.revision} className="publication-event">
              <p className="publication-event-head">
                <strong>
                  {event.action === 'publish' ? `第${event.revision}版を公開` : '公開を取り下げ'}
                </strong>
                <time dateTime={event.actedAt}>{event.actedAtLabel}</time>
                <span className="publication-by">{event.actedBy}</span>
              </p>
              <p className="publication-reason">理由: {event.reason}</p>
              {event.changes.length > 0 && (
                <ul className="publication-changes" aria-label={`第${event.revision}版の変更点`}>
                  {event.changes.map((change, index) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: the sentences of a revision never change
                    <li key={index}>{change}</li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
