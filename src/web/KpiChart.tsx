/**
 * @module KPI chart
 * A KPI's course over the fiscal years, drawn as inline SVG: baseline (■), actuals (● 確定, △ 見込 —
 * told apart by shape and fill, not colour), annual targets (◇), the target (◆ and a dotted level line)
 * and the projection (見通し) as a dashed line to the target year. The SVG is one image with a text
 * summary; the table below the chart holds every number for screen readers and for reading exactly.
 */
import { useId } from 'react';
import { formatFiscalYear } from '../domain/calendar/index.ts';
import { TableScroll } from './KpiList.tsx';
import type { KpiDetail } from './kpi-api.ts';
import { type ChartPoint, kpiChart } from './kpi-chart-model.ts';
import { formatNumber, formatValue, NONE } from './kpi-format.ts';

const COLORS = {
  actual: '#1b4a7a',
  target: '#a11d1d',
  annual: '#8a4b00',
  baseline: '#4d5562',
  projection: '#5b3f8c',
  grid: '#dde1e7',
  axis: '#4d5562',
};

const compact = new Intl.NumberFormat('ja-JP', { notation: 'compact', maximumFractionDigits: 1 });

/** Axis numbers: 150万 rather than 1,500,000 where they would crowd. */
function tickLabel(value: number): string {
  return Math.abs(value) >= 10000 ? compact.format(value) : formatNumber(value);
}

/** R5 for 令和5年度: the short form that fits under a tick. */
function shortYear(fiscalYear: number): string {
  try {
    return formatFiscalYear(fiscalYear, { style: 'short' });
  } catch {
    return String(fiscalYear);
  }
}

/** One sentence saying what the chart shows, for its accessible description. */
export function chartSummary(kpi: KpiDetail): string {
  const parts: string[] = [];
  if (kpi.baseline) {
    parts.push(`基準値は${kpi.baseline.fiscalYearLabel} ${formatValue(kpi.baseline.value, kpi.unit)}`);
  }
  if (kpi.target) {
    parts.push(
      `目標値は${kpi.target.fiscalYearLabel} ${formatValue(kpi.target.value, kpi.unit, kpi.target.comparatorLabel)}`,
    );
  }
  if (kpi.actuals.length > 0) {
    const years = `${kpi.actuals[0]?.fiscalYearLabel}から${kpi.actuals.at(-1)?.fiscalYearLabel}まで${kpi.actuals.length}年度分`;
    parts.push(`実績は${years}`);
  } else {
    parts.push('実績は未登録');
  }
  if (kpi.latest) {
    parts.push(
      `${kpi.fiscalYearLabel}時点の最新実績は${kpi.latest.fiscalYearLabel} ${formatValue(kpi.latest.value, kpi.unit)}（${kpi.latest.statusLabel}）`,
    );
  }
  if (kpi.projection?.expectedValue != null) {
    parts.push(
      `見通しは${kpi.projection.targetYearLabel}に${formatValue(kpi.projection.expectedValue, kpi.unit)}で${kpi.projection.label}`,
    );
  }
  return `${parts.join('、')}。数値はグラフの下の表のとおり。`;
}

/** The baseline: an open square, so an actual of the same year shows through it. */
function Square({ p, color }: { p: ChartPoint; color: string }) {
  return <rect x={p.x - 7} y={p.y - 7} width={14} height={14} fill="none" stroke={color} strokeWidth={2} />;
}

function Diamond({
  p,
  color,
  filled,
  size = 7,
}: {
  p: ChartPoint;
  color: string;
  filled: boolean;
  size?: number;
}) {
  return (
    <path
      d={`M${p.x} ${p.y - size}L${p.x + size} ${p.y}L${p.x} ${p.y + size}L${p.x - size} ${p.y}Z`}
      fill={filled ? color : '#ffffff'}
      stroke={color}
      strokeWidth={2}
    />
  );
}

function Triangle({ p, color }: { p: ChartPoint; color: string }) {
  return (
    <path
      d={`M${p.x} ${p.y - 7}L${p.x + 6.5} ${p.y + 5}L${p.x - 6.5} ${p.y + 5}Z`}
      fill="#ffffff"
      stroke={color}
      strokeWidth={2}
    />
  );
}

/** The legend's marker for one series, drawn like the chart draws it. */
function LegendMark({
  kind,
}: {
  kind: 'baseline' | 'final' | 'provisional' | 'annual' | 'target' | 'projection';
}) {
  const p: ChartPoint = { fiscalYear: 0, value: 0, x: 12, y: 8 };
  return (
    <svg width="24" height="16" viewBox="0 0 24 16" aria-hidden="true" focusable="false">
      {kind === 'baseline' && <Square p={p} color={COLORS.baseline} />}
      {kind === 'final' && (
        <>
          <line x1="0" y1="8" x2="24" y2="8" stroke={COLORS.actual} strokeWidth="2" />
          <circle cx="12" cy="8" r="5" fill={COLORS.actual} />
        </>
      )}
      {kind === 'provisional' && <Triangle p={p} color={COLORS.actual} />}
      {kind === 'annual' && (
        <>
          <line x1="0" y1="8" x2="24" y2="8" stroke={COLORS.annual} strokeWidth="1.5" strokeDasharray="2 3" />
          <Diamond p={p} color={COLORS.annual} filled={false} size={5} />
        </>
      )}
      {kind === 'target' && <Diamond p={p} color={COLORS.target} filled size={6} />}
      {kind === 'projection' && (
        <line
          x1="0"
          y1="8"
          x2="24"
          y2="8"
          stroke={COLORS.projection}
          strokeWidth="2.5"
          strokeDasharray="6 4"
        />
      )}
    </svg>
  );
}

export function KpiChart({ kpi }: { kpi: KpiDetail }) {
  const uid = useId().replace(/[^a-zA-Z0-9_-]/g, '');
  const chart = kpiChart({
    baseline: kpi.baseline,
    target: kpi.target,
    annualTargets: kpi.annualTargets,
    actuals: kpi.actuals,
    projection: kpi.projection,
    fiscalYear: kpi.fiscalYear,
  });
  const { plot } = chart;
  const hasProvisional = kpi.actuals.some((a) => a.status === 'provisional');
  const hasFinal = kpi.actuals.some((a) => a.status === 'final');

  return (
    <figure className="kpi-chart">
      <svg
        viewBox={`0 0 ${chart.width} ${chart.height}`}
        role="img"
        aria-labelledby={`${uid}-title ${uid}-desc`}
        focusable="false"
      >
        <title id={`${uid}-title`}>{`${kpi.name}の推移のグラフ`}</title>
        <desc id={`${uid}-desc`}>{chartSummary(kpi)}</desc>
        <g className="chart-grid">
          {chart.yTicks.map((t) => (
            <g key={t.value}>
              <line x1={plot.left} x2={plot.right} y1={t.y} y2={t.y} stroke={COLORS.grid} />
              <text x={plot.left - 8} y={t.y + 4} textAnchor="end" fontSize="12" fill={COLORS.axis}>
                {tickLabel(t.value)}
              </text>
            </g>
          ))}
          {chart.xTicks.map((t) => (
            <g key={t.fiscalYear}>
              <line x1={t.x} x2={t.x} y1={plot.bottom} y2={plot.bottom + 5} stroke={COLORS.axis} />
              {t.showLabel && (
                <text x={t.x} y={plot.bottom + 20} textAnchor="middle" fontSize="12" fill={COLORS.axis}>
                  {shortYear(t.fiscalYear)}
                </text>
              )}
            </g>
          ))}
          <line x1={plot.left} x2={plot.right} y1={plot.bottom} y2={plot.bottom} stroke={COLORS.axis} />
          {kpi.unit && (
            <text x={plot.left - 8} y={plot.top - 14} textAnchor="end" fontSize="12" fill={COLORS.axis}>
              （{kpi.unit}）
            </text>
          )}
        </g>
        {chart.target && (
          <line
            x1={plot.left}
            x2={plot.right}
            y1={chart.target.y}
            y2={chart.target.y}
            stroke={COLORS.target}
            strokeWidth="1"
            strokeDasharray="2 4"
          />
        )}
        {chart.annualTargetPath && (
          <path
            d={chart.annualTargetPath}
            fill="none"
            stroke={COLORS.annual}
            strokeWidth="1.5"
            strokeDasharray="2 3"
          />
        )}
        {chart.projection && (
          <line
            x1={chart.projection.from.x}
            y1={chart.projection.from.y}
            x2={chart.projection.to.x}
            y2={chart.projection.to.y}
            stroke={COLORS.projection}
            strokeWidth="2.5"
            strokeDasharray="6 4"
          />
        )}
        {chart.actualPath && <path d={chart.actualPath} fill="none" stroke={COLORS.actual} strokeWidth="2" />}
        {chart.annualTargets.map((p) => (
          <Diamond key={`a${p.fiscalYear}`} p={p} color={COLORS.annual} filled={false} size={5} />
        ))}
        {chart.baseline && <Square p={chart.baseline} color={COLORS.baseline} />}
        {chart.target && <Diamond p={chart.target} color={COLORS.target} filled />}
        {chart.actuals.map((p) =>
          p.status === 'provisional' ? (
            <Triangle key={`r${p.fiscalYear}`} p={p} color={COLORS.actual} />
          ) : (
            <circle key={`r${p.fiscalYear}`} cx={p.x} cy={p.y} r={5} fill={COLORS.actual} />
          ),
        )}
      </svg>
      <figcaption>
        <ul className="chart-legend">
          {chart.baseline && (
            <li>
              <LegendMark kind="baseline" />
              基準値
            </li>
          )}
          {hasFinal && (
            <li>
              <LegendMark kind="final" />
              実績（確定）
            </li>
          )}
          {hasProvisional && (
            <li>
              <LegendMark kind="provisional" />
              実績（見込）
            </li>
          )}
          {chart.annualTargets.length > 0 && (
            <li>
              <LegendMark kind="annual" />
              年度別目標
            </li>
          )}
          {chart.target && (
            <li>
              <LegendMark kind="target" />
              目標値
            </li>
          )}
          {chart.projection && (
            <li>
              <LegendMark kind="projection" />
              見通し（{kpi.projection?.methodLabel}）
            </li>
          )}
        </ul>
      </figcaption>
    </figure>
  );
}

/** The chart's numbers as a table: one row per fiscal year that has any of them. */
export function KpiChartTable({ kpi }: { kpi: KpiDetail }) {
  const captionId = useId();
  const years = new Set<number>([
    ...kpi.actuals.map((a) => a.fiscalYear),
    ...kpi.annualTargets.map((t) => t.fiscalYear),
    ...(kpi.baseline ? [kpi.baseline.fiscalYear] : []),
    ...(kpi.target ? [kpi.target.fiscalYear] : []),
    ...(kpi.projection?.expectedValue != null ? [kpi.projection.targetYear] : []),
  ]);
  const rows = [...years].sort((a, b) => a - b);
  return (
    <TableScroll labelledBy={captionId}>
      <table className="kpi-table kpi-data-table">
        <caption id={captionId}>{kpi.name}の年度別の数値</caption>
        <thead>
          <tr>
            <th scope="col">年度</th>
            <th scope="col" className="numeric">
              実績値
            </th>
            <th scope="col">状態</th>
            <th scope="col" className="numeric">
              年度別目標
            </th>
            <th scope="col">基準値・目標値・見通し</th>
            <th scope="col">備考</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((year) => {
            const actual = kpi.actuals.find((a) => a.fiscalYear === year);
            const annual = kpi.annualTargets.find((t) => t.fiscalYear === year);
            const marks: string[] = [];
            if (kpi.baseline?.fiscalYear === year)
              marks.push(`基準値 ${formatValue(kpi.baseline.value, kpi.unit)}`);
            if (kpi.target?.fiscalYear === year) {
              marks.push(`目標値 ${formatValue(kpi.target.value, kpi.unit, kpi.target.comparatorLabel)}`);
            }
            if (kpi.projection?.expectedValue != null && kpi.projection.targetYear === year) {
              marks.push(
                `見通し ${formatValue(kpi.projection.expectedValue, kpi.unit)}（${kpi.projection.label}）`,
              );
            }
            return (
              <tr key={year}>
                <th scope="row">{formatFiscalYear(year)}</th>
                <td className="numeric">{actual ? formatValue(actual.value, kpi.unit) : NONE}</td>
                <td>{actual ? actual.statusLabel : NONE}</td>
                <td className="numeric">{annual ? formatValue(annual.value, kpi.unit) : NONE}</td>
                <td>{marks.length ? marks.join('／') : NONE}</td>
                <td>{actual?.note ?? ''}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableScroll>
  );
}
