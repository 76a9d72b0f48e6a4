/**
 * @module Grade badge
 * A grade (評価) as a badge: the symbol on the grade's colour, then the label in plain text. Colour is
 * never the only cue — symbol and label are always printed — and the fill is darkened where needed so
 * the white symbol keeps 4.5:1 whatever colour the scheme chose.
 */
import type { Grade } from './kpi-api.ts';
import { badgeFill } from './kpi-format.ts';

export function GradeBadge({
  grade,
}: {
  grade: Pick<Grade, 'grade' | 'label' | 'symbol' | 'color' | 'kind'>;
}) {
  // A symbol that repeats the label (e.g. いの町's 評価なし) is printed once for screen readers.
  const same = grade.symbol === grade.label;
  return (
    <span className="grade-badge" data-grade={grade.grade} data-grade-kind={grade.kind}>
      <span
        className="grade-symbol"
        style={{ backgroundColor: badgeFill(grade.color) }}
        aria-hidden={same || undefined}
      >
        {grade.symbol}
      </span>{' '}
      <span className="grade-label">{grade.label}</span>
    </span>
  );
}
