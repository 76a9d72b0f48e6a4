/**
 * @module Cycle screen
 * 進捗調査 of a plan. The planning division (企画) opens a fiscal year with a deadline and a note to
 * departments, sees every department's state on the status board, approves or returns (with a
 * reason) each part, and closes the year (確定) or reopens it with a reason. A 担当課 user sees its
 * own part's state, the note and the deadline, and submits (提出する). Everyone else reads the board.
 * 提出する, 代理で提出, 承認 and 年度を確定 ask first, naming the department and the year.
 * States and 期限超過 are written out in words, never shown by colour alone.
 */
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { formatWarekiDateTime } from '../domain/calendar/index.ts';
import { type CycleList, REASON_MAX } from '../features/cycle/contract.ts';
import {
  type CycleBoard,
  type DepartmentPart,
  fetchBoard,
  fetchCycles,
  movePart,
  moveYear,
  openCycle,
  type PartMove,
} from './cycle-api.ts';
import { closeQuestion, partQuestion } from './cycle-questions.ts';
import { type Outcome, OutcomeNotice } from './FormOutcome.tsx';
import { ApiError } from './http.ts';
import { TableScroll } from './KpiList.tsx';
import { EmptyNotice, ErrorNotice, Loading } from './Notice.tsx';
import { ReasonField } from './ReasonField.tsx';
import { readSelection } from './selection.ts';
import { useSession } from './session-context.ts';
import { useFocusAfterSave } from './useFocusAfterSave.ts';
import { useLoad } from './useLoad.ts';
import './cycle.css';

const failure = (error: unknown, fallback: string): Outcome => ({
  kind: error instanceof ApiError && error.status === 409 ? 'conflict' : 'error',
  message: error instanceof ApiError ? error.message : fallback,
});

export function CycleScreen({ planId }: { planId: number }) {
  const { may } = useSession();
  const planning = may('manage-plan');
  // Reloaded quietly after a year is opened, closed or reopened: the board below (and its
  // 「確定しました。」) stays on screen while the year list is read again.
  const [list, reloadList] = useLoad((signal) => fetchCycles(planId, signal), [planId], { quiet: true });
  // A notice's link names the year (?year=2023); otherwise the newest year opened.
  const [year, setYear] = useState<number | null>(() => readSelection(window.location.search).fiscalYear);
  const yearId = useId();
  const cycles = list.status === 'ready' ? list.value.cycles : [];
  const chosen = cycles.find((c) => c.fiscalYear === year) ?? cycles[0];

  return (
    <>
      <h2 id="main-heading" tabIndex={-1}>
        進捗調査
      </h2>
      <p className="lead">
        年度ごとに、各担当課が実績・今後の方向性・指標の実績値を入力して提出し、企画課が確認して承認または差戻しをします。すべての課を承認したら年度を確定します。確定した年度は変更できません。
      </p>
      {planning && (
        <OpenCycleForm
          planId={planId}
          years={list.status === 'ready' ? list.value.openableYears : []}
          defaultYear={list.status === 'ready' ? list.value.defaultYear : null}
          onOpened={(fiscalYear) => {
            setYear(fiscalYear);
            reloadList();
          }}
        />
      )}
      {list.status === 'loading' ? (
        <Loading />
      ) : list.status === 'error' ? (
        <ErrorNotice message={list.message} onRetry={reloadList} />
      ) : !chosen ? (
        <EmptyNotice>
          この計画の進捗調査はまだ開始されていません。
          {planning ? '上の「進捗調査を開始」から年度を開始してください。' : ''}
        </EmptyNotice>
      ) : (
        <>
          <div className="field cycle-year">
            <label htmlFor={yearId}>年度</label>
            <select
              id={yearId}
              value={chosen.fiscalYear}
              onChange={(event) => setYear(Number(event.target.value))}
            >
              {cycles.map((c) => (
                <option key={c.fiscalYear} value={c.fiscalYear}>
                  {c.fiscalYearLabel}（{c.stateLabel}）
                </option>
              ))}
            </select>
          </div>
          <BoardSection
            key={chosen.fiscalYear}
            planId={planId}
            fiscalYear={chosen.fiscalYear}
            onYearMoved={reloadList}
          />
        </>
      )}
    </>
  );
}

/**
 * Opens a year. The years offered and the default (the fiscal year that just ended, when it is
 * free) come from the server, which knows the plan's first year, its data and today's date.
 */
function OpenCycleForm({
  planId,
  years: offered,
  defaultYear,
  onOpened,
}: {
  planId: number;
  years: CycleList['openableYears'];
  defaultYear: number | null;
  onOpened: (fiscalYear: number) => void;
}) {
  const years = offered.map((y) => y.fiscalYear);
  const [picked, setFiscalYear] = useState<number | null>(null);
  const fiscalYear = picked !== null && years.includes(picked) ? picked : (defaultYear ?? years[0] ?? null);
  const [deadline, setDeadline] = useState('');
  const [note, setNote] = useState('');
  const [deadlineError, setDeadlineError] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'none' });
  const [noticeRef, keepFocus] = useFocusAfterSave<HTMLDivElement>();
  const ids = { heading: useId(), year: useId(), deadline: useId(), deadlineError: useId(), note: useId() };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (fiscalYear === null) return;
    if (!deadline) {
      setDeadlineError('提出期限を入力してください');
      document.getElementById(ids.deadline)?.focus();
      return;
    }
    setDeadlineError(null);
    setOutcome({ kind: 'saving' });
    try {
      const board = await openCycle(planId, { fiscalYear, deadline, note });
      setOutcome({
        kind: 'saved',
        message: `${board.cycle.fiscalYearLabel}の進捗調査を開始しました（${board.parts.length}課にお知らせしました）。`,
      });
      setNote('');
      keepFocus();
      onOpened(fiscalYear);
    } catch (error) {
      setOutcome(failure(error, '開始できませんでした。'));
    }
  };

  return (
    <section className="card" aria-labelledby={ids.heading}>
      <h3 id={ids.heading}>進捗調査を開始</h3>
      <form className="stacked-form" noValidate onSubmit={(event) => void onSubmit(event)}>
        <div className="form-row">
          <label htmlFor={ids.year}>年度（実績を集める年度）</label>
          <select
            id={ids.year}
            value={fiscalYear ?? ''}
            onChange={(event) => setFiscalYear(Number(event.target.value))}
          >
            {offered.map((y) => (
              <option key={y.fiscalYear} value={y.fiscalYear}>
                {y.fiscalYearLabel}
              </option>
            ))}
          </select>
        </div>
        <div className="form-row">
          <label htmlFor={ids.deadline}>提出期限</label>
          <input
            id={ids.deadline}
            type="date"
            value={deadline}
            required
            {...(deadlineError ? { 'aria-invalid': true, 'aria-describedby': ids.deadlineError } : {})}
            onChange={(event) => setDeadline(event.target.value)}
          />
          {deadlineError && (
            <p id={ids.deadlineError} className="field-error">
              {deadlineError}
            </p>
          )}
        </div>
        <div className="form-row">
          <label htmlFor={ids.note}>連絡事項（担当課へ）</label>
          <textarea
            id={ids.note}
            rows={3}
            maxLength={2000}
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
        </div>
        <div className="form-actions">
          <button
            type="submit"
            className="button"
            disabled={outcome.kind === 'saving' || fiscalYear === null}
          >
            {outcome.kind === 'saving' ? '開始中…' : '進捗調査を開始'}
          </button>
        </div>
        <div ref={noticeRef} tabIndex={-1}>
          <OutcomeNotice outcome={outcome} />
        </div>
      </form>
    </section>
  );
}

function BoardSection({
  planId,
  fiscalYear,
  onYearMoved,
}: {
  planId: number;
  fiscalYear: number;
  onYearMoved: () => void;
}) {
  const { session } = useSession();
  const [loaded, reload] = useLoad((signal) => fetchBoard(planId, fiscalYear, signal), [planId, fiscalYear]);
  // A move answers with the board as it now stands: shown at once, without another request.
  const [moved, setMoved] = useState<CycleBoard | null>(null);
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'none' });
  const [noticeRef, keepFocus] = useFocusAfterSave<HTMLDivElement>();
  if (loaded.status === 'loading') return <Loading />;
  if (loaded.status === 'error') return <ErrorNotice message={loaded.message} onRetry={reload} />;
  const board = moved ?? loaded.value;

  const run = async (work: () => Promise<CycleBoard>, done: string, yearMoved = false) => {
    setOutcome({ kind: 'saving' });
    try {
      setMoved(await work());
      setOutcome({ kind: 'saved', message: done });
      keepFocus();
      if (yearMoved) onYearMoved();
      return true;
    } catch (error) {
      setOutcome(failure(error, '操作できませんでした。'));
      return false;
    }
  };
  const onPart = async (part: DepartmentPart, move: PartMove, reason?: string) => {
    // One click on the wrong row of twenty would submit or approve a part: ask first, naming it.
    if (move !== 'return') {
      // A department submits its own part; 企画 submits on a department's behalf (代理で提出).
      const question = partQuestion(
        move === 'approve' ? 'approve' : session.role === 'department' ? 'submit' : 'submit-for',
        part.departmentName,
        board.cycle.fiscalYearLabel,
      );
      if (!window.confirm(question)) return false;
    }
    return run(
      () => movePart(planId, fiscalYear, part.departmentId, move, reason),
      `${part.departmentName}の分を${move === 'submit' ? '提出しました' : move === 'approve' ? '承認しました' : '差し戻しました'}。`,
    );
  };

  return (
    <>
      <CycleHeader board={board} />
      <OwnPart
        board={board}
        busy={outcome.kind === 'saving'}
        onSubmit={(part) => void onPart(part, 'submit')}
      />
      <div ref={noticeRef} tabIndex={-1}>
        <OutcomeNotice outcome={outcome} />
      </div>
      <StatusTable board={board} busy={outcome.kind === 'saving'} onPart={onPart} />
      <YearActions
        board={board}
        busy={outcome.kind === 'saving'}
        onClose={() => {
          if (!window.confirm(closeQuestion(board.cycle.fiscalYearLabel))) return;
          void run(
            () => moveYear(planId, fiscalYear, 'close'),
            `${board.cycle.fiscalYearLabel}を確定しました。`,
            true,
          );
        }}
        onReopen={(reason) =>
          run(
            () => moveYear(planId, fiscalYear, 'reopen', reason),
            `${board.cycle.fiscalYearLabel}の確定を解除しました。`,
            true,
          )
        }
      />
    </>
  );
}

function CycleHeader({ board }: { board: CycleBoard }) {
  const { cycle } = board;
  const id = useId();
  return (
    <section className="card" aria-labelledby={id}>
      <h3 id={id}>
        {cycle.planName} {cycle.fiscalYearLabel}
      </h3>
      <dl className="cycle-facts">
        <dt>状態</dt>
        <dd>
          {cycle.state === 'closed'
            ? `確定（${cycle.closedAt ? formatWarekiDateTime(cycle.closedAt) : ''}）`
            : '受付中'}
        </dd>
        <dt>提出期限</dt>
        <dd>{cycle.deadlineLabel}</dd>
        <dt>連絡事項</dt>
        <dd className="cycle-note">{cycle.note || 'なし'}</dd>
        {cycle.reopenReason && (
          <>
            <dt>確定の解除の理由</dt>
            <dd>{cycle.reopenReason}</dd>
          </>
        )}
      </dl>
    </section>
  );
}

/** A 担当課 user's own part: its state, the reason of a return, and 提出する. */
function OwnPart({
  board,
  busy,
  onSubmit,
}: {
  board: CycleBoard;
  busy: boolean;
  onSubmit: (part: DepartmentPart) => void;
}) {
  const { session } = useSession();
  const id = useId();
  if (session.role !== 'department') return null;
  const part = board.parts.find((p) => p.departmentId === session.departmentId);
  if (!part) {
    return <EmptyNotice>この年度の進捗調査に、あなたの課の分はありません。</EmptyNotice>;
  }
  const open = board.cycle.state === 'open';
  const mayGo =
    open && (part.state === 'not-started' || part.state === 'in-progress' || part.state === 'returned');
  return (
    <section className="card cycle-own" aria-labelledby={id}>
      <h3 id={id}>{part.departmentName}の提出</h3>
      <p>
        状態: <strong>{part.stateLabel}</strong>
        {part.overdue && <strong className="cycle-overdue">（期限超過）</strong>}
      </p>
      {part.state === 'returned' || (part.reason && part.state === 'in-progress') ? (
        <p className="notice notice-error">差戻しの理由: {part.reason}</p>
      ) : null}
      {part.state === 'submitted' && (
        <p>提出済みです。企画課の確認をお待ちください（変更が必要なときは差戻しを依頼してください）。</p>
      )}
      {part.state === 'approved' && <p>承認されました。</p>}
      {mayGo && (
        <button type="button" className="button" disabled={busy} onClick={() => onSubmit(part)}>
          提出する
        </button>
      )}
    </section>
  );
}

function StatusTable({
  board,
  busy,
  onPart,
}: {
  board: CycleBoard;
  busy: boolean;
  onPart: (part: DepartmentPart, move: PartMove, reason?: string) => Promise<boolean>;
}) {
  const { may } = useSession();
  const planning = may('manage-plan');
  const open = board.cycle.state === 'open';
  const captionId = useId();
  const counts = board.counts
    .filter((c) => c.count > 0)
    .map((c) => `${c.label} ${c.count}`)
    .join('・');
  return (
    <section className="card" aria-labelledby={`${captionId}-heading`}>
      <h3 id={`${captionId}-heading`}>担当課ごとの状況</h3>
      <p>
        {counts}
        {board.overdue > 0 && <strong className="cycle-overdue">（期限超過 {board.overdue}課）</strong>}
      </p>
      <TableScroll labelledBy={captionId}>
        <table className="kpi-table cycle-table">
          <caption id={captionId}>担当課（{board.parts.length}課）</caption>
          <thead>
            <tr>
              <th scope="col">課名</th>
              <th scope="col">状態</th>
              <th scope="col">差戻しの理由</th>
              <th scope="col">最終更新</th>
              {planning && open && <th scope="col">操作</th>}
            </tr>
          </thead>
          <tbody>
            {board.parts.map((part) => (
              <tr key={part.departmentId} className={part.overdue ? 'cycle-row-overdue' : undefined}>
                <th scope="row">{part.departmentName}</th>
                <td>
                  <span className={`cycle-state cycle-state-${part.state}`}>{part.stateLabel}</span>
                  {part.overdue && <strong className="cycle-overdue">期限超過</strong>}
                </td>
                <td>{part.reason ?? ''}</td>
                <td>
                  {formatWarekiDateTime(part.changedAt)}
                  {part.changedBy ? <span className="cycle-by">{part.changedBy}</span> : null}
                </td>
                {planning && open && (
                  <td>
                    <PartActions part={part} busy={busy} onPart={onPart} />
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </section>
  );
}

function PartActions({
  part,
  busy,
  onPart,
}: {
  part: DepartmentPart;
  busy: boolean;
  onPart: (part: DepartmentPart, move: PartMove, reason?: string) => Promise<boolean>;
}) {
  const [returning, setReturning] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const ids = { reason: useId() };
  const returnButton = useRef<HTMLButtonElement>(null);
  const opened = useRef(false);
  // Opening the reason form moves the focus into it; closing it, back to 差戻し.
  useEffect(() => {
    if (returning) document.getElementById(ids.reason)?.focus();
    else if (opened.current) returnButton.current?.focus();
    opened.current = returning;
  }, [returning, ids.reason]);
  const mayReturn = part.state === 'submitted' || part.state === 'approved';
  const onReturn = async (event: FormEvent) => {
    event.preventDefault();
    if (!reason.trim()) {
      setError('差戻しの理由を入力してください');
      document.getElementById(ids.reason)?.focus();
      return;
    }
    setError(null);
    if (await onPart(part, 'return', reason.trim())) {
      setReturning(false);
      setReason('');
    }
  };
  return (
    <div className="cycle-actions">
      {part.state === 'submitted' && (
        <button
          type="button"
          className="button"
          aria-label={`${part.departmentName}の分を承認`}
          disabled={busy}
          onClick={() => void onPart(part, 'approve')}
        >
          承認
        </button>
      )}
      {mayReturn && !returning && (
        <button
          ref={returnButton}
          type="button"
          className="button button-secondary"
          aria-label={`${part.departmentName}の分を差戻し`}
          disabled={busy}
          onClick={() => setReturning(true)}
        >
          差戻し
        </button>
      )}
      {(part.state === 'not-started' || part.state === 'in-progress' || part.state === 'returned') && (
        <button
          type="button"
          className="button button-secondary"
          aria-label={`${part.departmentName}の分を代理で提出`}
          disabled={busy}
          onClick={() => void onPart(part, 'submit')}
        >
          代理で提出
        </button>
      )}
      {returning && (
        <form className="cycle-return" noValidate onSubmit={(event) => void onReturn(event)}>
          <ReasonField
            id={ids.reason}
            label={`差戻しの理由（${part.departmentName}）`}
            value={reason}
            onChange={setReason}
            error={error}
            maxLength={REASON_MAX}
          />
          <div className="cycle-actions">
            <button type="submit" className="button" disabled={busy}>
              差し戻す
            </button>
            <button type="button" className="button button-secondary" onClick={() => setReturning(false)}>
              やめる
            </button>
          </div>
        </form>
      )}
    </div>
  );
}

function YearActions({
  board,
  busy,
  onClose,
  onReopen,
}: {
  board: CycleBoard;
  busy: boolean;
  onClose: () => void;
  onReopen: (reason: string) => Promise<boolean>;
}) {
  const { may } = useSession();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const ids = { heading: useId(), reason: useId() };
  if (!may('manage-plan')) return null;
  const { cycle } = board;
  const notApproved = board.parts.filter((p) => p.state !== 'approved').length;
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (!reason.trim()) {
      setError('確定を解除する理由を入力してください');
      document.getElementById(ids.reason)?.focus();
      return;
    }
    setError(null);
    if (await onReopen(reason.trim())) setReason('');
  };
  return (
    <section className="card" aria-labelledby={ids.heading}>
      <h3 id={ids.heading}>{cycle.state === 'open' ? '年度の確定' : '確定の解除'}</h3>
      {cycle.state === 'open' ? (
        <>
          <p>
            すべての課を承認すると確定できます。確定した年度の実績・方向性・指標の実績値は変更できなくなります。
            {notApproved > 0 && `（承認されていない課: ${notApproved}課）`}
          </p>
          <button type="button" className="button" disabled={busy} onClick={onClose}>
            年度を確定
          </button>
        </>
      ) : (
        <form className="stacked-form" noValidate onSubmit={(event) => void onSubmit(event)}>
          <p>
            確定を解除すると、その年度を再び変更できるようになります。理由は連絡事項と変更履歴に残ります。
          </p>
          <div className="form-row">
            <ReasonField
              id={ids.reason}
              label="確定を解除する理由"
              value={reason}
              onChange={setReason}
              error={error}
              maxLength={REASON_MAX}
            />
          </div>
          <div className="form-actions">
            <button type="submit" className="button" disabled={busy}>
              確定を解除
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
