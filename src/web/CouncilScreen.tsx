/**
 * @module Council screen
 * 審議会: meetings (第N回, date, fiscal year) and the comments with the city's answers.
 * (Placeholder until the council feature lands.)
 */
export function CouncilScreen(_props: { planId: number; fiscalYear: number | null }) {
  return <h2 id="main-heading">審議会</h2>;
}
