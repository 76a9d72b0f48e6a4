/**
 * @module Council comments
 * 審議会委員の意見 on one 基本方針 or KPI for a fiscal year, with the city's answer (対応): the list,
 * a form to add a comment (審議会委員), the author's edit and withdrawal of an unanswered comment,
 * and the answer form (企画). {@link CommentItem} is shared with the council screen.
 * After a change the list is read again quietly (the last one stays on screen), and the message of
 * what was done lives in the list's section, which stays: not in the item or form that the new list
 * may redraw or remove.
 */

import { type FormEvent, useId, useState } from 'react';
import { formatWarekiDateTime } from '../domain/calendar/index.ts';
import { COUNCIL_TEXT_MAX_LENGTH } from '../features/council/contract.ts';
import {
  addComment,
  answerComment,
  type CommentSubject,
  type CouncilCommentView,
  deleteComment,
  fetchSubjectComments,
  updateComment,
} from './council-api.ts';
import { type Outcome, OutcomeNotice } from './FormOutcome.tsx';
import { ApiError } from './http.ts';
import { ErrorNotice, Loading } from './Notice.tsx';
import { useFocusAfterSave } from './useFocusAfterSave.ts';
import { useLoad } from './useLoad.ts';
import './council.css';

const failure = (error: unknown, fallback: string): Outcome => {
  if (!(error instanceof ApiError)) return { kind: 'error', message: fallback };
  return error.status === 409
    ? { kind: 'conflict', message: error.message }
    : { kind: 'error', message: error.message };
};

export function CouncilComments({ subject, fiscalYear }: { subject: CommentSubject; fiscalYear: number }) {
  const headingId = useId();
  const key = 'nodeId' in subject ? `n${subject.nodeId}` : `k${subject.kpiId}`;
  const [comments, reload] = useLoad(
    (signal) => fetchSubjectComments(subject, fiscalYear, signal),
    [key, fiscalYear],
    { quiet: true },
  );
  const [notice, setNotice] = useState<Outcome>({ kind: 'none' });
  const [noticeRef, keepFocus] = useFocusAfterSave<HTMLDivElement>();
  // The message of the last change is of this subject and year only.
  const [noticeOf, setNoticeOf] = useState(`${key}:${fiscalYear}`);
  if (noticeOf !== `${key}:${fiscalYear}`) {
    setNoticeOf(`${key}:${fiscalYear}`);
    setNotice({ kind: 'none' });
  }
  const changed = (message: string) => {
    setNotice({ kind: 'saved', message });
    keepFocus();
    reload();
  };
  const started = () => setNotice({ kind: 'none' });
  if (comments.status === 'loading') return <Loading>審議会からの意見を読み込んでいます…</Loading>;
  if (comments.status === 'error') return <ErrorNotice message={comments.message} onRetry={reload} />;
  const list = comments.value;
  // Nothing to show and nothing this user may add: no section at all.
  if (list.comments.length === 0 && !list.mayComment) return null;
  return (
    <section className="council-comments" aria-labelledby={headingId}>
      <h5 id={headingId}>審議会からの意見（{list.fiscalYearLabel}）</h5>
      {list.comments.length === 0 ? (
        <p className="council-none">この年度の意見はまだありません。</p>
      ) : (
        <ol className="council-list">
          {list.comments.map((comment) => (
            <CommentItem key={comment.id} comment={comment} onStarted={started} onChanged={changed} />
          ))}
        </ol>
      )}
      {list.mayComment && (
        <NewCommentForm subject={subject} fiscalYear={fiscalYear} onStarted={started} onAdded={changed} />
      )}
      <div ref={noticeRef} tabIndex={-1}>
        <OutcomeNotice outcome={notice} />
      </div>
    </section>
  );
}

function NewCommentForm({
  subject,
  fiscalYear,
  onStarted,
  onAdded,
}: {
  subject: CommentSubject;
  fiscalYear: number;
  onStarted: () => void;
  onAdded: (message: string) => void;
}) {
  const id = useId();
  const [body, setBody] = useState('');
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'none' });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setOutcome({ kind: 'saving' });
    onStarted();
    try {
      await addComment(subject, fiscalYear, body);
      setBody('');
      setOutcome({ kind: 'none' });
      onAdded('意見を登録しました。');
    } catch (error) {
      setOutcome(failure(error, '意見を登録できませんでした。'));
    }
  };
  return (
    <form className="council-form" onSubmit={submit}>
      <label htmlFor={id}>意見を書く（審議会委員）</label>
      <textarea
        id={id}
        value={body}
        maxLength={COUNCIL_TEXT_MAX_LENGTH}
        rows={3}
        required
        onChange={(event) => setBody(event.target.value)}
      />
      <button type="submit" className="button" disabled={outcome.kind === 'saving' || body.trim() === ''}>
        意見を登録
      </button>
      <OutcomeNotice outcome={outcome} />
    </form>
  );
}

/**
 * One comment: who wrote it and when, its state, the answer, and the forms the user may use. A
 * refusal is shown here; what was done goes to `onChanged` (the list shows it, and reads itself again).
 */
export function CommentItem({
  comment,
  onStarted,
  onChanged,
  showSubject = false,
}: {
  comment: CouncilCommentView;
  onStarted: () => void;
  onChanged: (message: string) => void;
  showSubject?: boolean;
}) {
  const editId = useId();
  const answerId = useId();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(comment.body);
  const [answer, setAnswer] = useState(comment.response ?? '');
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'none' });
  const run = async (action: () => Promise<unknown>, done: string, fallback: string) => {
    setOutcome({ kind: 'saving' });
    onStarted();
    try {
      await action();
      setOutcome({ kind: 'none' });
      setEditing(false);
      onChanged(done);
    } catch (error) {
      setOutcome(failure(error, fallback));
    }
  };
  const answered = comment.response !== null;
  return (
    <li className="council-item">
      {showSubject && <p className="council-subject">{comment.subject.label}</p>}
      <p className="council-meta">
        <span className={answered ? 'council-status answered' : 'council-status'}>{comment.statusLabel}</span>
        {comment.authorName}（{formatWarekiDateTime(comment.createdAt)}）
      </p>
      {editing ? (
        <form
          className="council-form"
          onSubmit={(event) => {
            event.preventDefault();
            void run(
              () => updateComment(comment.id, draft, comment.version),
              '意見を修正しました。',
              '修正できませんでした。',
            );
          }}
        >
          <label htmlFor={editId}>意見を修正</label>
          <textarea
            id={editId}
            value={draft}
            maxLength={COUNCIL_TEXT_MAX_LENGTH}
            rows={3}
            required
            onChange={(event) => setDraft(event.target.value)}
          />
          <div className="council-actions">
            <button type="submit" className="button" disabled={outcome.kind === 'saving'}>
              保存
            </button>
            <button type="button" className="button button-secondary" onClick={() => setEditing(false)}>
              やめる
            </button>
          </div>
        </form>
      ) : (
        <p className="council-body">
          <span className="council-label">意見</span>
          {comment.body}
        </p>
      )}
      <p className={answered ? 'council-response' : 'council-response pending'}>
        <span className="council-label">対応</span>
        {comment.response ?? '（対応を検討中）'}
        {answered && comment.respondedBy && (
          <span className="council-answered-by">
            （{comment.respondedBy}
            {comment.respondedAt ? `、${formatWarekiDateTime(comment.respondedAt)}` : ''}）
          </span>
        )}
      </p>
      {comment.mayEdit && !editing && (
        <div className="council-actions">
          <button type="button" className="button button-secondary" onClick={() => setEditing(true)}>
            修正
          </button>
          <button
            type="button"
            className="button button-secondary"
            onClick={() => {
              if (window.confirm('この意見を取り下げますか？')) {
                void run(
                  () => deleteComment(comment.id, comment.version),
                  '意見を取り下げました。',
                  '取り下げできませんでした。',
                );
              }
            }}
          >
            取り下げる
          </button>
        </div>
      )}
      {comment.mayAnswer && (
        <form
          className="council-form"
          onSubmit={(event) => {
            event.preventDefault();
            void run(
              () => answerComment(comment.id, answer, comment.version),
              '対応を保存しました。意見を書いた委員にお知らせしました。',
              '対応を保存できませんでした。',
            );
          }}
        >
          <label htmlFor={answerId}>{answered ? '対応を修正（企画）' : '対応を記入（企画）'}</label>
          <textarea
            id={answerId}
            value={answer}
            maxLength={COUNCIL_TEXT_MAX_LENGTH}
            rows={3}
            required
            onChange={(event) => setAnswer(event.target.value)}
          />
          <button
            type="submit"
            className="button"
            disabled={outcome.kind === 'saving' || answer.trim() === ''}
          >
            対応を保存
          </button>
        </form>
      )}
      <OutcomeNotice outcome={outcome} />
    </li>
  );
}
