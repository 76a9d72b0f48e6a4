/**
 * @module KPI tables of the Word report
 * The count/share table per KPI set (the table behind the report's charts) with each 基本目標's
 * 総合評価, a policy page's 総合評価 per set and its compact KPI table, and the full annex table of
 * a set.
 */
import { Paragraph, type TableRow } from 'docx';
import { ChartRun } from 'docx/charts';
import type { AnnexSet, GradeCountsRow, KpiRow, KpiSetSummary, RollUpKey } from '../../report/model.ts';
import { BODY_FONT, hexColor, MUTED, readableTextColor, TOTAL_FILL } from './styles.ts';
import {
  bodyRow,
  cell,
  formatNumber,
  gradeCell,
  gradeText,
  headerCell,
  headerRow,
  kpiDecimals,
  notes,
  rateText,
  table,
  widths,
  yearValue,
} from './table.ts';

/**
 * The shares per grade per 基本目標 and in total as 100% stacked bars, in the grades' colours
 * (a native Word chart; its data stays editable in Word). None when the set has no KPI.
 */
export function gradeSharesChart(set: KpiSetSummary, widthTwips: number): Paragraph | null {
  if (set.total.total === 0 || set.grades.length === 0) return null;
  const rows = [...set.rows, set.total];
  const series = set.grades.map((grade, i) => {
    const values = rows.map((r) => (r.total === 0 ? null : (r.shares[i] ?? 0)));
    const color = hexColor(grade.color);
    return {
      name: gradeText(grade),
      color,
      values,
      dataLabels: { value: true, numberFormat: '0.0"%"', font: { size: 8, color: readableTextColor(color) } },
      // A label on an empty segment would sit on its neighbour.
      pointLabels: values.map((v) => (v ? undefined : false)),
    };
  });
  const width = Math.round((widthTwips / 1440) * 96);
  return new Paragraph({
    keepNext: true,
    children: [
      new ChartRun({
        type: 'bar',
        categories: rows.map((r) => r.label),
        series,
        stacking: 'stacked',
        gapWidth: 60,
        categoryAxis: { reverseOrder: true },
        valueAxis: { minimum: 0, maximum: 100, interval: 20, numberFormat: '0"%"' },
        legend: { position: 'bottom' },
        font: { name: BODY_FONT },
        transformation: { width, height: 90 + 34 * rows.length },
        altText: {
          name: `${set.name} 評価の割合`,
          description: rows
            .map(
              (r) =>
                `${r.label}: ${set.grades.map((g, i) => `${gradeText(g)} ${r.counts[i] ?? 0}件`).join('、')}`,
            )
            .join('。'),
        },
      }),
    ],
  });
}

/**
 * A 総合評価 cell: the grade's colour with a readable text colour, symbol and label, and under it
 * how many KPIs it counts.
 */
function rollUpCell(rollUp: RollUpKey, size = 16) {
  const fill = hexColor(rollUp.grade.color);
  return cell([gradeText(rollUp.grade), { text: `指標${rollUp.counted}件`, small: true }], {
    align: 'center',
    bold: true,
    fill,
    color: readableTextColor(fill),
    size,
  });
}

/**
 * Counts and shares per grade per 基本目標 with its 総合評価, the total and the previous year's
 * total; the first column is headed with the plan's top level (`goalLevel`, e.g. 基本目標, 政策).
 */
export function gradeCountsTable(set: KpiSetSummary, textWidth: number, goalLevel: string) {
  const columns = widths([2.3, 1.3, ...set.grades.map(() => 1), 0.7], textWidth);
  const method = set.rows[0]?.rollUp.methodLabel;
  const header = headerRow([
    headerCell(goalLevel),
    headerCell(method ? `総合評価（${method}）` : '総合評価', { size: 16 }),
    ...set.grades.map((g) => {
      const fill = hexColor(g.color);
      return headerCell(`${g.symbol && g.symbol !== g.label ? `${g.symbol} ` : ''}${g.label}`, {
        fill,
        color: readableTextColor(fill),
        size: 16,
      });
    }),
    headerCell('計', { size: 16 }),
  ]);
  const row = (counts: GradeCountsRow, kind: 'goal' | 'total' | 'previous', rollUp?: RollUpKey) => {
    const options = {
      bold: kind === 'total',
      fill: kind === 'total' ? TOTAL_FILL : undefined,
      color: kind === 'previous' ? MUTED : undefined,
    };
    const label = counts.title
      ? [counts.label, { text: counts.title, small: true as const }]
      : [counts.label];
    return bodyRow([
      cell(label, options),
      rollUp ? rollUpCell(rollUp) : cell('', options),
      ...counts.counts.map((count, i) =>
        cell([`${count}件`, { text: `${(counts.shares[i] ?? 0).toFixed(1)}%`, small: true }], {
          ...options,
          align: 'right',
        }),
      ),
      cell(`${counts.total}件`, { ...options, align: 'right' }),
    ]);
  };
  return table(columns, [
    header,
    ...set.rows.map((r) => row(r, 'goal', r.rollUp)),
    row(set.total, 'total'),
    row(set.previousTotal, 'previous'),
  ]);
}

/** A policy's 総合評価 per KPI set: 区分, the grade badge with its count, and what it was computed from. */
export function rollUpTable(rollUps: RollUpKey[], textWidth: number) {
  const columns = widths([14, 16, 40], textWidth);
  const header = headerRow(['区分', '総合評価', '算出の根拠'].map((h) => headerCell(h, { size: 16 })));
  const rows = rollUps.map((r) => bodyRow([cell(r.setName, { bold: true }), rollUpCell(r), cell(r.basis)]));
  return table(columns, [header, ...rows]);
}

/** The KPIs of one policy page, in the portrait text width. */
export function policyKpiTable(kpis: KpiRow[], textWidth: number) {
  const columns = widths([30, 12, 13, 13, 9, 13, 10], textWidth);
  const header = headerRow(
    ['指標名', '基準値', '目標値', '最新実績', '達成率', '評価', '見通し'].map((h) =>
      headerCell(h, { size: 16 }),
    ),
  );
  const rows = kpis.map((kpi) => {
    const decimals = kpiDecimals(kpi);
    return bodyRow([
      cell(nameLines(kpi)),
      cell(yearValue(kpi.baseline, decimals), { align: 'right' }),
      cell(targetLines(kpi, decimals), { align: 'right' }),
      cell(latestLines(kpi, decimals), { align: 'right' }),
      cell(rateText(kpi.rate), { align: 'right' }),
      gradeCell(kpi.grade, { size: 16 }),
      cell(kpi.projectionLabel || '－', { align: 'center', size: 16 }),
    ]);
  });
  return table(columns, [header, ...rows]);
}

const ANNEX_HEADERS = [
  ['指標コード', 7.5],
  ['指標名', 16],
  ['体系', 14.5],
  ['単位', 4.5],
  ['方向', 4],
  ['基準値', 8],
  ['目標値', 8.5],
  ['最新実績', 8.5],
  ['達成率', 6],
  ['評価', 8.5],
  ['見通し', 7],
  ['担当課', 8],
  ['備考', 8],
] as const;

/** Every KPI of a set, grouped by 基本目標 with a title row per group. */
export function annexTable(set: AnnexSet, textWidth: number) {
  const columns = widths(
    ANNEX_HEADERS.map(([, w]) => w),
    textWidth,
  );
  const size = 15;
  const rows: TableRow[] = [headerRow(ANNEX_HEADERS.map(([h]) => headerCell(h, { size })))];
  for (const group of set.groups) {
    if (group.kpis.length === 0) continue;
    rows.push(
      bodyRow([
        cell(`${group.label} ${group.title}`.trim(), {
          bold: true,
          fill: TOTAL_FILL,
          columnSpan: columns.length,
          size,
        }),
      ]),
    );
    for (const kpi of group.kpis) {
      const decimals = kpiDecimals(kpi);
      rows.push(
        bodyRow([
          cell(kpi.code, { size }),
          cell(kpi.name, { size }),
          cell(kpi.nodeLabel, { size }),
          cell(kpi.unit, { align: 'center', size }),
          cell(kpi.directionLabel, { align: 'center', size }),
          cell(yearValue(kpi.baseline, decimals), { align: 'right', size }),
          cell(targetLines(kpi, decimals), { align: 'right', size }),
          cell(latestLines(kpi, decimals), { align: 'right', size }),
          cell(rateText(kpi.rate), { align: 'right', size }),
          gradeCell(kpi.grade, { size }),
          cell(kpi.projectionLabel, { align: 'center', size }),
          cell(kpi.department, { size }),
          cell(notes(kpi), { size }),
        ]),
      );
    }
  }
  return table(columns, rows);
}

/** Target over its year and comparator, e.g. 「1,500」「(R7) 以上」. */
function targetLines(kpi: KpiRow, decimals: number) {
  const { target } = kpi;
  if (!target) return yearValue(null, decimals);
  const detail = [`(${target.yearShort})`, target.comparatorLabel].filter(Boolean).join(' ');
  return [formatNumber(target.value, decimals), { text: detail, small: true as const }];
}

/** Latest actual over its year, marked 見込 when provisional. */
function latestLines(kpi: KpiRow, decimals: number) {
  const { latest } = kpi;
  if (!latest) return yearValue(null, decimals);
  const detail = [`(${latest.yearShort})`, latest.status === 'provisional' ? latest.statusLabel : ''];
  return [
    formatNumber(latest.value, decimals),
    { text: detail.filter(Boolean).join(' '), small: true as const },
  ];
}

/** Name, with unit and cautions on a smaller second line. */
function nameLines(kpi: KpiRow) {
  const detail = [kpi.unit ? `単位：${kpi.unit}` : '', notes(kpi)].filter(Boolean).join('・');
  return detail ? [kpi.name, { text: detail, small: true as const }] : [kpi.name];
}
