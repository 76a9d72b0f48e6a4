/**
 * @module Cycle screen
 * 進捗調査: opening a fiscal year's cycle, the status board of every department, submit / return /
 * approve, closing and reopening the year. (Placeholder until the cycle feature lands.)
 */
export function CycleScreen(_props: { planId: number }) {
  return <h2 id="main-heading">進捗調査</h2>;
}
