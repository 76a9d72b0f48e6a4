/**
 * @module Council screen
 * 審議会: the meetings of the plan (第N回, 開催日, the fiscal year whose report they review) — the
 * planning division adds and corrects them; the latest one of a year names the report's cover — and
 * every comment of the year with its state and the city's answer (対応), answered here by the
 * planning division.
 */
import { type FormEvent, useId, useState } from 'react';
import { formatFiscalYear } from '../domain/calendar/index.ts';
import { COUNCIL_NAME_MAX_LENGTH } from '../features/council/contract.ts';
import { CommentItem } from './CouncilComments.tsx';
import {
  type CouncilMeetingView,
  createMeeting,
  deleteMeeting,
  fetchMeetings,
  fetchPlanComments,
  updateMeeting,
} from './council-api.ts';
import { type Outcome, OutcomeNotice } from './FormOutcome.tsx';
import { ApiError } from './http.ts';
import { EmptyNotice, ErrorNotice, Loading } from './Notice.tsx';
import { useSession } from './session-context.ts';
import { useFocusAfterSave } from './useFocusAfterSave.ts';
import { useLoad } from './useLoad.ts';
import './council.css';

export function CouncilScreen({ planId, fiscalYear }: { planId: number; fiscalYear: number | null }) {
  const { may } = useSession();
  const meetingsHeading = useId();
  const commentsHeading = useId();
  // Both lists are read again quietly after a change: the last one stays on screen, so the forms
  // and the message of what was done are not redrawn.
  const [meetings, reloadMeetings] = useLoad((signal) => fetchMeetings(planId, null, signal), [planId], {
    quiet: true,
  });
  const [comments, reloadComments] = useLoad(
    fiscalYear === null ? null : (signal) => fetchPlanComments(planId, fiscalYear, signal),
    [planId, fiscalYear],
    { quiet: true },
  );
  // The message of the last answer (or change) of a comment, kept here: its item may be redrawn.
  const [notice, setNotice] = useState<Outcome>({ kind: 'none' });
  const [noticeRef, keepFocus] = useFocusAfterSave<HTMLDivElement>();
  // And of the last meeting saved: the form is drawn anew (empty) once saved.
  const [meetingNotice, setMeetingNotice] = useState<Outcome>({ kind: 'none' });
  const [meetingNoticeRef, keepMeetingFocus] = useFocusAfterSave<HTMLDivElement>();
  const [meetingsSaved, setMeetingsSaved] = useState(0);
  const [noticeOf, setNoticeOf] = useState(`${planId}:${fiscalYear}`);
  if (noticeOf !== `${planId}:${fiscalYear}`) {
    setNoticeOf(`${planId}:${fiscalYear}`);
    setNotice({ kind: 'none' });
    setMeetingNotice({ kind: 'none' });
  }
  const commentChanged = (message: string) => {
    setNotice({ kind: 'saved', message });
    keepFocus();
    reloadComments();
  };
  const [editing, setEditing] = useState<CouncilMeetingView | null>(null);
  const planning = may('manage-plan');
  const answered =
    comments.status === 'ready' ? comments.value.comments.filter((c) => c.response !== null).length : 0;

  return (
    <>
      <h2 id="main-heading" tabIndex={-1}>
        審議会
      </h2>
      <p className="lead">
        審議会の開催と、委員からの意見・市の対応をまとめます。報告書の表紙には、その年度の最新の回の名称と開催日が載ります。
      </p>
      <div className="council-screen">
        <section className="card" aria-labelledby={meetingsHeading}>
          <h3 id={meetingsHeading}>開催</h3>
          {meetings.status === 'loading' ? (
            <Loading />
          ) : meetings.status === 'error' ? (
            <ErrorNotice message={meetings.message} onRetry={reloadMeetings} />
          ) : meetings.value.meetings.length === 0 ? (
            <EmptyNotice>
              開催はまだ登録されていません。報告書の表紙は取り込んだ報告書の記載のままです。
            </EmptyNotice>
          ) : (
            <table className="council-meetings">
              <thead>
                <tr>
                  <th scope="col">審議する報告書</th>
                  <th scope="col">回・名称</th>
                  <th scope="col">開催日</th>
                  {planning && <th scope="col">操作</th>}
                </tr>
              </thead>
              <tbody>
                {meetings.value.meetings.map((m) => (
                  <tr key={m.id}>
                    <td>{m.fiscalYearLabel}実績</td>
                    <th scope="row">{m.label}</th>
                    <td>{m.heldOnLabel}</td>
                    {planning && (
                      <td>
                        <button
                          type="button"
                          className="button button-secondary"
                          onClick={() => {
                            setMeetingNotice({ kind: 'none' });
                            setEditing(m);
                          }}
                        >
                          修正
                        </button>
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {planning && (
            <MeetingForm
              key={editing?.id ?? `new-${meetingsSaved}`}
              planId={planId}
              fiscalYear={fiscalYear}
              meeting={editing}
              onStarted={() => setMeetingNotice({ kind: 'none' })}
              onDone={(message) => {
                setMeetingNotice({ kind: 'saved', message });
                keepMeetingFocus();
                setMeetingsSaved((n) => n + 1);
                setEditing(null);
                reloadMeetings();
              }}
              onCancel={() => setEditing(null)}
            />
          )}
          <div ref={meetingNoticeRef} tabIndex={-1}>
            <OutcomeNotice outcome={meetingNotice} />
          </div>
        </section>

        <section className="card" aria-labelledby={commentsHeading}>
          <h3 id={commentsHeading}>
            意見と対応{fiscalYear !== null ? `（${formatFiscalYear(fiscalYear)}実績の報告書）` : ''}
          </h3>
          {fiscalYear === null ? (
            <EmptyNotice>報告書の年度がないため、意見はありません。</EmptyNotice>
          ) : comments.status === 'loading' ? (
            <Loading />
          ) : comments.status === 'error' ? (
            <ErrorNotice message={comments.message} onRetry={reloadComments} />
          ) : comments.value.comments.length === 0 ? (
            <EmptyNotice>
              この年度の意見はまだありません。審議会委員は、各基本方針や指標のページから意見を書けます。
            </EmptyNotice>
          ) : (
            <>
              <p className="council-summary" role="status">
                {comments.value.comments.length}件（対応済 {answered}件・検討中{' '}
                {comments.value.comments.length - answered}
                件）
              </p>
              <ol className="council-list">
                {comments.value.comments.map((comment) => (
                  <CommentItem
                    key={comment.id}
                    comment={comment}
                    onStarted={() => setNotice({ kind: 'none' })}
                    onChanged={commentChanged}
                    showSubject
                  />
                ))}
              </ol>
            </>
          )}
          <div ref={noticeRef} tabIndex={-1}>
            <OutcomeNotice outcome={notice} />
          </div>
        </section>
      </div>
    </>
  );
}

function MeetingForm({
  planId,
  fiscalYear,
  meeting,
  onStarted,
  onDone,
  onCancel,
}: {
  planId: number;
  fiscalYear: number | null;
  meeting: CouncilMeetingView | null;
  onStarted: () => void;
  /** Saved or deleted: what was done, for the screen to show (this form is drawn anew). */
  onDone: (message: string) => void;
  onCancel: () => void;
}) {
  const ids = { year: useId(), number: useId(), heldOn: useId(), name: useId() };
  const [year, setYear] = useState(String(meeting?.fiscalYear ?? fiscalYear ?? ''));
  const [number, setNumber] = useState(String(meeting?.number ?? ''));
  const [heldOn, setHeldOn] = useState(meeting?.heldOn ?? '');
  const [name, setName] = useState(meeting?.councilName ?? '');
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'none' });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const input = { fiscalYear: Number(year), number: Number(number), heldOn, councilName: name };
    setOutcome({ kind: 'saving' });
    onStarted();
    try {
      if (meeting) await updateMeeting(meeting.id, { ...input, version: meeting.version });
      else await createMeeting(planId, input);
      setOutcome({ kind: 'none' });
      onDone(meeting ? '開催を修正しました。' : '開催を登録しました。');
    } catch (error) {
      setOutcome(
        error instanceof ApiError
          ? { kind: error.status === 409 ? 'conflict' : 'error', message: error.message }
          : { kind: 'error', message: '保存できませんでした。' },
      );
    }
  };
  const remove = async () => {
    if (!meeting || !window.confirm(`${meeting.label}（${meeting.heldOnLabel}）を削除しますか？`)) return;
    setOutcome({ kind: 'saving' });
    onStarted();
    try {
      await deleteMeeting(meeting.id, meeting.version);
      onDone(`${meeting.label}を削除しました。`);
    } catch (error) {
      setOutcome({
        kind: 'error',
        message: error instanceof ApiError ? error.message : '削除できませんでした。',
      });
    }
  };
  return (
    <form className="council-meeting-form" onSubmit={submit}>
      <h4>{meeting ? `${meeting.label}を修正` : '開催を登録（企画）'}</h4>
      <div className="form-row">
        <label htmlFor={ids.year}>審議する報告書の年度（西暦、例: 2023 = 令和5年度実績）</label>
        <input
          id={ids.year}
          type="number"
          min={1900}
          max={2200}
          required
          value={year}
          onChange={(event) => setYear(event.target.value)}
        />
      </div>
      <div className="form-row">
        <label htmlFor={ids.number}>回（第N回のN）</label>
        <input
          id={ids.number}
          type="number"
          min={1}
          max={999}
          required
          value={number}
          onChange={(event) => setNumber(event.target.value)}
        />
      </div>
      <div className="form-row">
        <label htmlFor={ids.heldOn}>開催日</label>
        <input
          id={ids.heldOn}
          type="date"
          required
          value={heldOn}
          onChange={(event) => setHeldOn(event.target.value)}
        />
      </div>
      <div className="form-row">
        <label htmlFor={ids.name}>審議会の名称（例: 総合計画審議会）</label>
        <input
          id={ids.name}
          type="text"
          required
          maxLength={COUNCIL_NAME_MAX_LENGTH}
          value={name}
          onChange={(event) => setName(event.target.value)}
        />
      </div>
      <div className="council-actions">
        <button type="submit" className="button" disabled={outcome.kind === 'saving'}>
          {meeting ? '修正を保存' : '登録'}
        </button>
        {meeting && (
          <>
            <button type="button" className="button button-secondary" onClick={onCancel}>
              やめる
            </button>
            <button type="button" className="button button-secondary" onClick={() => void remove()}>
              削除
            </button>
          </>
        )}
      </div>
      <OutcomeNotice outcome={outcome} />
    </form>
  );
}
