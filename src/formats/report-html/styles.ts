/**
 * @module Report style sheet
 * The inline CSS of the HTML report: A4 landscape sheets (on screen: sheets on a grey desk; in
 * print: one sheet per page, no margins), system Japanese fonts only, a sober public-sector look.
 * Sizes come from {@link METRICS}, which the pagination estimates use too.
 */
import { COUNCIL_TABLE_PT, METRICS } from './paginate.ts';

const m = METRICS;
const pc = m.policyColumns;
const ac = m.annexColumns;

export const REPORT_CSS = `
@page { size: A4 landscape; margin: 0; }
:root {
  --ink: #1a1a1c; --muted: #4d5562; --rule: #c9ced6; --navy: #123456; --blue: #1b4a7a;
  --tint: #e6eef7; --paper: #ffffff; --warn: #a11d1d;
}
* { box-sizing: border-box; }
html {
  font-family: "Noto Sans CJK JP", "Noto Sans JP", "Hiragino Kaku Gothic ProN", "Hiragino Sans", "Yu Gothic", YuGothic, Meiryo, sans-serif;
  font-size: ${m.bodyPt}pt; line-height: 1.5; color: var(--ink);
  -webkit-print-color-adjust: exact; print-color-adjust: exact;
  font-kerning: normal;
}
body { margin: 0; background: #d5d9df; }
h1, h2, h3, h4, p, ul, ol, table, figure { margin: 0; padding: 0; }
ul { list-style: none; }
/*
 * A sheet is an A4 box; the pagination makes its content fit. Should an estimate ever fail, the
 * sheet grows rather than hiding anything (min-height, no overflow clipping): the extra printed
 * page shows, and the PDF tests (page count, every sheet exactly A4) fail.
 */
.page {
  position: relative; display: flex; flex-direction: column;
  width: ${m.pageWidth}mm; min-height: ${m.pageHeight}mm;
  margin: 8mm auto; padding: ${m.padTop}mm ${m.padX}mm ${m.padBottom}mm;
  background: var(--paper); box-shadow: 0 1px 4px rgba(0, 0, 0, 0.25);
  break-after: page; page-break-after: always;
}
.page:last-child { break-after: auto; page-break-after: auto; }
/* On narrow screens (a preview frame, a laptop) the sheets shrink to fit; print is unaffected. */
@media screen and (max-width: 1160px) { .page { zoom: 0.88; } }
@media screen and (max-width: 1004px) { .page { zoom: 0.74; } }
@media screen and (max-width: 846px) { .page { zoom: 0.6; } }
@media screen and (max-width: 689px) { .page { zoom: 0.45; } }
@media screen and (max-width: 520px) { .page { zoom: 0.3; } }
@media print {
  body { background: none; }
  .page { margin: 0; box-shadow: none; }
}
.running-head {
  flex: none; display: flex; justify-content: space-between; align-items: flex-end; gap: 4mm;
  height: ${m.headHeight}mm; margin-bottom: ${m.headGap}mm; padding-bottom: 1mm;
  border-bottom: 0.6mm solid var(--blue); font-size: 8pt; color: var(--muted); line-height: 1.3;
}
.running-head .section { font-weight: bold; color: var(--blue); }
.page-body { flex: 1 1 auto; min-height: 0; display: flex; flex-direction: column; }
.page-foot {
  flex: none; display: flex; justify-content: space-between; align-items: flex-end;
  height: ${m.footHeight}mm; font-size: 8pt; color: var(--muted); line-height: 1.2;
}
.demo-stamp {
  display: inline-block; padding: 0.2mm 2mm; border: 0.4mm solid var(--warn); color: var(--warn);
  font-weight: bold; font-size: 8pt; letter-spacing: 0.05em; background: #fff;
}
.note { font-size: 8pt; color: var(--muted); line-height: 1.4; margin-top: 1.5mm; }
.note.demo { color: var(--warn); }
.mark { color: var(--warn); font-weight: bold; }

/* Cover */
.page-cover .page-body { justify-content: center; align-items: stretch; }
.cover-band { height: 4mm; background: var(--navy); margin-bottom: 14mm; }
.cover-title { font-size: 26pt; line-height: 1.4; font-weight: bold; text-align: center; color: var(--navy); }
.cover-title .plan { display: block; font-size: 20pt; color: var(--ink); }
.cover-subtitle { margin-top: 10mm; font-size: 18pt; text-align: center; font-weight: bold; }
.cover-meta { margin-top: 26mm; text-align: right; font-size: 14pt; line-height: 1.8; padding-right: 10mm; }
.cover-demo { margin-top: 8mm; text-align: center; }
.cover-demo .demo-stamp { font-size: 11pt; padding: 1mm 4mm; }

/* Section headings */
.section-title {
  font-size: 15pt; line-height: 1.4; font-weight: bold; color: var(--navy);
  padding-left: 3mm; border-left: 2mm solid var(--blue); margin-bottom: 2mm;
}
.set-title { font-size: 12pt; line-height: 1.4; font-weight: bold; margin-bottom: 1.5mm; }
.kpi-figure { flex: none; margin-bottom: 3mm; }
.kpi-figure svg { display: block; width: 100%; height: 100%; font-family: inherit; }
.empty-note {
  padding: 3mm 4mm; border: 0.3mm dashed var(--rule); color: var(--muted); background: #f7f8fa;
  margin-bottom: 3mm;
}

/* Tables */
table { width: 100%; border-collapse: collapse; table-layout: fixed; }
th, td { border: 0.25mm solid var(--rule); vertical-align: middle; overflow-wrap: anywhere; }
thead th { background: var(--tint); color: var(--navy); font-weight: bold; }
.kpi-name { text-align: left; font-weight: normal; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.val { text-align: right; font-variant-numeric: tabular-nums; }
.year { font-size: 0.83em; color: var(--muted); }
.grade { white-space: nowrap; }
.grade-symbol {
  display: inline-block; min-width: 1.6em; margin-right: 0.35em; padding: 0 0.25em;
  text-align: center; font-weight: bold; border-radius: 0.6mm;
}
.swatch {
  display: inline-block; width: 3.2mm; height: 3.2mm; margin-right: 1mm; vertical-align: -0.4mm;
  border: 0.2mm solid var(--muted);
}
.summary-table { font-size: 9pt; line-height: 1.35; }
.summary-table th, .summary-table td { padding: 0.8mm 1.6mm; }
.summary-table tbody th { text-align: left; font-weight: normal; }
.summary-table .goal-title { color: var(--muted); margin-left: 1.5mm; }
.summary-table tr.total th, .summary-table tr.total td { font-weight: bold; background: #f2f4f7; border-top: 0.5mm solid var(--muted); }
.summary-table tr.previous th, .summary-table tr.previous td { color: var(--muted); }
.summary-table td.rollup { text-align: left; }
.summary-table td.rollup .count { color: var(--muted); }

/* Policy page */
.goal-band {
  flex: none; background: var(--navy); color: #fff; font-size: 11pt; line-height: 1.4;
  padding: 1.5mm 4mm; margin-bottom: 2mm; font-weight: bold;
}
.goal-band .label { margin-right: 3mm; padding-right: 3mm; border-right: 0.3mm solid #9fb3c8; }
.policy-title {
  flex: none; font-size: 16pt; line-height: 1.35; font-weight: bold; color: var(--navy);
  margin-bottom: 2.5mm; padding-left: 3mm; border-left: 2mm solid var(--blue);
}
.policy-title .label { margin-right: 3mm; }
.policy-title .continued { font-size: 11pt; color: var(--muted); margin-left: 2mm; }
.measures {
  flex: none; font-size: 10pt; line-height: 1.5; padding: 1.5mm 3mm; margin-bottom: 3mm;
  border: 0.3mm solid var(--rule); background: #f7f8fa; overflow-wrap: anywhere;
}
.columns { flex: none; display: grid; grid-template-columns: 1fr 1fr; gap: 5mm; margin-bottom: 4mm; }
.columns.wide { grid-template-columns: 1fr; }
.column h3 {
  font-size: 10.5pt; line-height: 1.4; padding: 1.2mm 3mm; margin-bottom: 1.5mm;
  background: var(--tint); color: var(--navy); border-left: 1.5mm solid var(--blue);
}
.column.next h3 { border-left-color: #3a7d44; background: #e8f3ea; color: #1f4d27; }
.items li {
  position: relative; padding-left: 5mm; padding-right: 2mm; margin-bottom: 0.8mm; line-height: 1.5;
  overflow-wrap: anywhere;
}
.items li::before { content: "・"; position: absolute; left: 0.5mm; }
.items li.rest::before { content: none; }
.items .none { color: var(--muted); }
.rollups {
  flex: none; display: flex; flex-wrap: wrap; align-items: baseline; gap: 0 6mm;
  font-size: ${m.rollUpPt}pt; line-height: 1.6; padding: 1.2mm 3mm; margin-bottom: 3mm;
  background: var(--tint); border-left: 1.5mm solid var(--blue);
}
.rollups h3 { font-size: inherit; line-height: inherit; font-weight: bold; color: var(--navy); }
.rollups ul { display: contents; }
.rollups .set { font-weight: bold; margin-right: 2mm; }
.rollups .basis { margin-left: 1.5mm; color: var(--ink); }
.kpi-caption { font-size: 10pt; line-height: 1.4; font-weight: bold; margin-bottom: 1.5mm; color: var(--navy); }
.policy-kpis { font-size: ${m.policyTablePt}pt; line-height: 1.35; }
.policy-kpis th, .policy-kpis td { padding: 1mm 1mm; }
.policy-kpis thead th { font-size: 8.5pt; }
.policy-kpis col.set { width: ${pc.set}mm; }
.policy-kpis col.baseline { width: ${pc.baseline}mm; }
.policy-kpis col.target { width: ${pc.target}mm; }
.policy-kpis col.latest { width: ${pc.latest}mm; }
.policy-kpis col.rate { width: ${pc.rate}mm; }
.policy-kpis col.grade { width: ${pc.grade}mm; }

/* Legend page */
.legend-sheet { flex: none; border: 0.4mm dashed var(--muted); padding: 4mm 5mm; margin-bottom: 3mm; }
.legend-keys { display: flex; flex-wrap: wrap; gap: 1.5mm 6mm; font-size: 9pt; }
.legend-keys li { white-space: nowrap; }
.legend-sheet .placeholder { color: var(--muted); }

/* Annex */
.annex-table { font-size: ${m.annexTablePt}pt; line-height: 1.3; }
.annex-table th, .annex-table td { padding: 0.8mm 0.8mm; }
.annex-table thead th { font-size: 7.5pt; }
.annex-table tr.group th {
  text-align: left; background: #f2f4f7; font-size: 9pt; line-height: 1.35; padding: 1mm 1.6mm; color: var(--navy);
}
.annex-table col.code { width: ${ac.code}mm; }
.annex-table col.node { width: ${ac.node}mm; }
.annex-table col.direction { width: ${ac.direction}mm; }
.annex-table col.baseline { width: ${ac.baseline}mm; }
.annex-table col.target { width: ${ac.target}mm; }
.annex-table col.latest { width: ${ac.latest}mm; }
.annex-table col.rate { width: ${ac.rate}mm; }
.annex-table col.grade { width: ${ac.grade}mm; }
.annex-table col.projection { width: ${ac.projection}mm; }
.annex-table col.department { width: ${ac.department}mm; }
`;

/** 審議会からの意見と対応 (added only when the report has that section). */
export const COUNCIL_CSS = `
.council-table { font-size: ${COUNCIL_TABLE_PT}pt; line-height: 1.45; }
.council-table th, .council-table td { padding: 1mm 1mm; vertical-align: top; text-align: left; }
.council-table td.num { text-align: right; }
.council-table td p { margin: 0; }
.council-table td.pending { color: var(--muted); }
`;

/** 「案」 in the top right corner of every page of a draft (added only then). */
export const DRAFT_CSS = `
.draft-mark {
  position: absolute; top: 1.5mm; right: ${METRICS.padX}mm; padding: 0.3mm 2.5mm;
  border: 0.5mm solid var(--warn); color: var(--warn); background: #fff;
  font-size: 12pt; font-weight: bold; line-height: 1.3;
}
`;
