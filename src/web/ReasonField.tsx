/**
 * @module Reason field
 * The required 理由 of a move that is logged with it (差戻し, 確定の解除, 訂正の公開, 公開の取り下げ): a
 * labelled textarea and, when the reason is missing or refused, its error announced beside it.
 */
import { useId } from 'react';

export function ReasonField({
  id,
  label,
  value,
  onChange,
  error,
  maxLength,
  hintId,
}: {
  /** The textarea's id, so the form can move focus to it. */
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  error: string | null;
  maxLength: number;
  /** A hint shown elsewhere in the form that describes the field too. */
  hintId?: string;
}) {
  const errorId = useId();
  const describedBy = [hintId, error ? errorId : null].filter(Boolean).join(' ');
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        rows={3}
        maxLength={maxLength}
        required
        value={value}
        {...(error ? { 'aria-invalid': true } : {})}
        {...(describedBy ? { 'aria-describedby': describedBy } : {})}
        onChange={(event) => onChange(event.target.value)}
      />
      {error && (
        <p id={errorId} className="field-error">
          {error}
        </p>
      )}
    </>
  );
}
