/**
 * @module Form outcome
 * What the last submission of a form did: a polite status when it worked, an alert (read out at
 * once) when it was refused — with the server's own Japanese message.
 */

export type Outcome =
  | { kind: 'none' }
  | { kind: 'saving' }
  | { kind: 'saved'; message: string }
  | { kind: 'error'; message: string }
  | { kind: 'conflict'; message: string };

export function OutcomeNotice({ outcome }: { outcome: Outcome }) {
  return (
    <>
      <div className="form-outcome" role="status">
        {outcome.kind === 'saved' && <p className="notice notice-success">{outcome.message}</p>}
      </div>
      {(outcome.kind === 'error' || outcome.kind === 'conflict') && (
        <div className="notice notice-error" role="alert">
          <p>
            <strong>{outcome.kind === 'conflict' ? '保存できませんでした：' : 'エラー：'}</strong>
            {outcome.message}
          </p>
        </div>
      )}
    </>
  );
}
