/**
 * @module KPI achievement summary (指標の達成状況)
 * Per KPI set, for the selected fiscal year: a 100 % stacked horizontal bar of grades per 基本目標 and
 * in total (inline SVG), a legend naming symbol and label, the count/share table behind the chart
 * with each 基本目標's 総合評価 (its KPIs rolled up by the scheme's method), and the change since
 * the previous year. Colour is never the only cue: every grade also has its own
 * hatching, segments wide enough carry symbol and count, and the tables hold every number.
 */
import { useId } from 'react';
import type { Plan, PlanFiscalYear } from './api.ts';
import { GradeBadge } from './GradeBadge.tsx';
import { DemoNote, TableScroll } from './KpiList.tsx';
import {
  fetchKpiSummary,
  type Grade,
  type KpiSetSummary,
  type KpiSummary as KpiSummaryData,
} from './kpi-api.ts';
import { shownGrades, stackSegments } from './kpi-chart-model.ts';
import { badgeFill, formatDelta, formatShare } from './kpi-format.ts';
import { EmptyNotice, ErrorNotice, Loading } from './Notice.tsx';
import { useSession } from './session-context.ts';
import { useLoad } from './useLoad.ts';

export function KpiSummary({ plan, fiscalYear }: { plan: Plan; fiscalYear: PlanFiscalYear }) {
  const [summary, reload] = useLoad(
    (signal) => fetchKpiSummary(plan.id, fiscalYear.fiscalYear, signal),
    [plan.id, fiscalYear.fiscalYear],
  );
  const { may } = useSession();
  if (summary.status === 'loading') return <Loading />;
  if (summary.status === 'error') return <ErrorNotice message={summary.message} onRetry={reload} />;
  const sets = summary.value.sets.filter((s) => s.total.total > 0 || s.previousTotal.total > 0);
  // The empty Excel form for entering KPIs (imported under ファイル取込): only for those who may import.
  const template = may('write-data') && (
    <p className="kpi-template">
      <a href={`/api/kpis/template.xlsx?planId=${plan.id}`} download>
        指標（KPI）入力用テンプレート（Excel）をダウンロード
      </a>
    </p>
  );
  if (sets.length === 0)
    return (
      <>
        <EmptyNotice>この計画には指標が登録されていません。</EmptyNotice>
        {template}
      </>
    );
  return (
    <>
      {sets.map((set) => (
        <KpiSetCard key={set.id} set={set} summary={summary.value} />
      ))}
      {template}
    </>
  );
}

function KpiSetCard({ set, summary }: { set: KpiSetSummary; summary: KpiSummaryData }) {
  const headingId = useId();
  const shown = shownGrades(set);
  const method = set.groups[0]?.rollUp.methodLabel;
  return (
    <section className="card kpi-summary" aria-labelledby={headingId}>
      <h3 id={headingId}>
        {set.name}の指標の達成状況<span className="heading-note">{summary.fiscalYearLabel}</span>
      </h3>
      {set.illustrative && <DemoNote />}
      <p className="summary-lead">
        指標 {set.total.total}件のうち、目標を達成したものは {set.total.achieved}件（
        {formatShare(set.total.achievedShare)}）です。評価基準: {set.scheme.label}
        {method && `（基本目標の総合評価は${method}）`}
      </p>
      <GradeBars set={set} shown={shown} />
      <CountTable set={set} shown={shown} summary={summary} />
      <ChangeTable set={set} shown={shown} summary={summary} />
    </section>
  );
}

/** Hatching over a grade's colour, by the grade's place in its scheme; the first stays solid. */
function HatchPattern({ id, index, color }: { id: string; index: number; color: string }) {
  const kind = index % 7;
  const line = { stroke: '#ffffff', strokeWidth: 1.6, strokeOpacity: 0.75 };
  return (
    <pattern id={id} width="8" height="8" patternUnits="userSpaceOnUse">
      <rect width="8" height="8" fill={color} />
      {(kind === 1 || kind === 3) && <path d="M-2 2L2 -2M0 8L8 0M6 10L10 6" {...line} />}
      {(kind === 2 || kind === 3) && <path d="M-2 6L2 10M0 0L8 8M6 -2L10 2" {...line} />}
      {kind === 4 && <path d="M0 4H8" {...line} />}
      {kind === 5 && <circle cx="4" cy="4" r="1.6" fill="#ffffff" fillOpacity="0.8" />}
      {kind === 6 && <path d="M4 0V8" {...line} />}
    </pattern>
  );
}

function gradeText(grade: Pick<Grade, 'symbol' | 'label'>): string {
  return grade.symbol === grade.label ? grade.label : `${grade.symbol} ${grade.label}`;
}

const LABEL_WIDTH = 112;
const COUNT_WIDTH = 60;
const WIDTH = 720;
const BAR_HEIGHT = 24;
const PITCH = 34;
const TOP = 8;
const AXIS = 26;

function GradeBars({ set, shown }: { set: KpiSetSummary; shown: number[] }) {
  const uid = useId().replace(/[^a-zA-Z0-9_-]/g, '');
  const barWidth = WIDTH - LABEL_WIDTH - COUNT_WIDTH - 8;
  const rows = [
    ...set.groups.map((g) => ({ key: `g${g.nodeId}`, label: g.label, aggregate: g.aggregate, total: false })),
    { key: 'total', label: '合計', aggregate: set.total, total: true },
  ];
  // The total sits a little apart from the goals, below a rule.
  const yOf = (i: number) => TOP + i * PITCH + (i === rows.length - 1 ? 10 : 0);
  const height = yOf(rows.length - 1) + BAR_HEIGHT + AXIS;
  const patternId = (index: number) => `${uid}-grade-${index}`;
  const description = `${set.name}の指標の評価の割合を基本目標ごとと合計で示す横棒グラフ。合計${set.total.total}件のうち、${shown
    .map((i) => {
      const grade = set.grades[i];
      const count = set.total.counts[i];
      return grade && count ? `${gradeText(grade)} ${count.count}件（${formatShare(count.share)}）` : '';
    })
    .join('、')}。数値はグラフの下の表のとおり。`;

  return (
    <figure className="grade-chart">
      <svg
        viewBox={`0 0 ${WIDTH} ${height}`}
        role="img"
        aria-labelledby={`${uid}-t ${uid}-d`}
        focusable="false"
      >
        <title id={`${uid}-t`}>{`${set.name}の指標の評価の割合`}</title>
        <desc id={`${uid}-d`}>{description}</desc>
        <defs>
          {set.grades.map((g, i) => (
            <HatchPattern key={g.grade} id={patternId(i)} index={i} color={badgeFill(g.color)} />
          ))}
        </defs>
        {[0, 25, 50, 75, 100].map((p) => {
          const x = LABEL_WIDTH + (barWidth * p) / 100;
          return (
            <g key={p}>
              <line x1={x} x2={x} y1={TOP - 4} y2={height - AXIS + 4} stroke="#dde1e7" />
              <text x={x} y={height - 8} textAnchor="middle" fontSize="12" fill="#4d5562">
                {p}%
              </text>
            </g>
          );
        })}
        <line
          x1={0}
          x2={WIDTH}
          y1={yOf(rows.length - 1) - 6}
          y2={yOf(rows.length - 1) - 6}
          stroke="#8a94a3"
          strokeWidth="1"
        />
        {rows.map((row, i) => {
          const y = yOf(i);
          const segments = stackSegments(
            row.aggregate.counts.map((c, index) => (shown.includes(index) ? c.count : 0)),
            barWidth,
          );
          return (
            <g key={row.key}>
              <text
                x={LABEL_WIDTH - 10}
                y={y + BAR_HEIGHT / 2 + 5}
                textAnchor="end"
                fontSize="13"
                fontWeight={row.total ? 'bold' : 'normal'}
                fill="#1a1a1c"
              >
                {row.label}
              </text>
              {segments.length === 0 && (
                <text x={LABEL_WIDTH + 4} y={y + BAR_HEIGHT / 2 + 5} fontSize="12" fill="#4d5562">
                  指標なし
                </text>
              )}
              {segments.map((s) => {
                const grade = set.grades[s.index];
                if (!grade) return null;
                const fill = badgeFill(grade.color);
                return (
                  <g key={grade.grade}>
                    <rect
                      x={LABEL_WIDTH + s.x}
                      y={y}
                      width={s.width}
                      height={BAR_HEIGHT}
                      fill={`url(#${patternId(s.index)})`}
                      stroke="#ffffff"
                      strokeWidth="1"
                    />
                    {s.labelled && (
                      <text
                        x={LABEL_WIDTH + s.x + s.width / 2}
                        y={y + BAR_HEIGHT / 2 + 5}
                        textAnchor="middle"
                        fontSize="13"
                        fontWeight="bold"
                        fill="#ffffff"
                        stroke={fill}
                        strokeWidth="4"
                        paintOrder="stroke"
                      >
                        {grade.symbol.length <= 2 ? `${grade.symbol} ${s.count}` : s.count}
                      </text>
                    )}
                  </g>
                );
              })}
              <text x={WIDTH - 4} y={y + BAR_HEIGHT / 2 + 5} textAnchor="end" fontSize="13" fill="#1a1a1c">
                {row.aggregate.total}件
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption>
        <ul className="chart-legend" aria-label="凡例">
          {shown.map((i) => {
            const grade = set.grades[i];
            if (!grade) return null;
            return (
              <li key={grade.grade}>
                <svg width="18" height="14" viewBox="0 0 18 14" aria-hidden="true" focusable="false">
                  <rect
                    width="18"
                    height="14"
                    fill={`url(#${patternId(i)})`}
                    stroke="#4d5562"
                    strokeWidth="0.5"
                  />
                </svg>
                {gradeText(grade)}
              </li>
            );
          })}
        </ul>
      </figcaption>
    </figure>
  );
}

function Count({ count, share }: { count: number; share: number }) {
  return (
    <>
      {count}件<span className="value-year">{formatShare(share)}</span>
    </>
  );
}

function CountTable({
  set,
  shown,
  summary,
}: {
  set: KpiSetSummary;
  shown: number[];
  summary: KpiSummaryData;
}) {
  const captionId = useId();
  return (
    <TableScroll labelledBy={captionId}>
      <table className="kpi-table summary-table">
        <caption id={captionId}>
          基本目標別の評価の件数と割合（{set.name}、{summary.fiscalYearLabel}）
        </caption>
        <thead>
          <tr>
            <th scope="col">基本目標</th>
            <th scope="col">総合評価</th>
            {shown.map((i) => {
              const grade = set.grades[i];
              return grade ? (
                <th key={grade.grade} scope="col" className="numeric">
                  <GradeBadge grade={grade} />
                </th>
              ) : null;
            })}
            <th scope="col" className="numeric">
              計
            </th>
          </tr>
        </thead>
        <tbody>
          {set.groups.map((group) => (
            <tr key={group.nodeId}>
              <th scope="row">
                {group.label}
                <span className="value-year">{group.title}</span>
              </th>
              <td className="rollup-cell" data-rollup-grade={group.rollUp.grade.grade}>
                <GradeBadge grade={group.rollUp.grade} />
                <span className="rollup-basis">{group.rollUp.basisLabel}</span>
              </td>
              {shown.map((i) => {
                const c = group.aggregate.counts[i];
                return (
                  <td key={i} className="numeric">
                    {c ? <Count count={c.count} share={c.share} /> : null}
                  </td>
                );
              })}
              <td className="numeric">{group.aggregate.total}件</td>
            </tr>
          ))}
          <tr className="total-row">
            <th scope="row">合計</th>
            <td />
            {shown.map((i) => {
              const c = set.total.counts[i];
              return (
                <td key={i} className="numeric">
                  {c ? <Count count={c.count} share={c.share} /> : null}
                </td>
              );
            })}
            <td className="numeric">{set.total.total}件</td>
          </tr>
        </tbody>
      </table>
    </TableScroll>
  );
}

function ChangeTable({
  set,
  shown,
  summary,
}: {
  set: KpiSetSummary;
  shown: number[];
  summary: KpiSummaryData;
}) {
  const captionId = useId();
  return (
    <TableScroll labelledBy={captionId}>
      <table className="kpi-table change-table">
        <caption id={captionId}>
          前年度（{summary.previousFiscalYearLabel}）との比較（{set.name}）
        </caption>
        <thead>
          <tr>
            <th scope="col">評価</th>
            <th scope="col" className="numeric">
              {summary.fiscalYearLabel}
            </th>
            <th scope="col" className="numeric">
              {summary.previousFiscalYearLabel}
            </th>
            <th scope="col" className="numeric">
              増減
            </th>
          </tr>
        </thead>
        <tbody>
          {shown.map((i) => {
            const grade = set.grades[i];
            const current = set.total.counts[i];
            const previous = set.previousTotal.counts[i];
            const change = set.change.grades.find((g) => g.grade === grade?.grade);
            if (!grade || !current || !previous) return null;
            return (
              <tr key={grade.grade}>
                <th scope="row">
                  <GradeBadge grade={grade} />
                </th>
                <td className="numeric">
                  <Count count={current.count} share={current.share} />
                </td>
                <td className="numeric">
                  <Count count={previous.count} share={previous.share} />
                </td>
                <td className="numeric">
                  {change ? (
                    <>
                      {formatDelta(change.delta, '件')}
                      <span className="value-year">{formatDelta(change.shareDelta, 'ポイント', 1)}</span>
                    </>
                  ) : null}
                </td>
              </tr>
            );
          })}
          <tr className="total-row">
            <th scope="row">計</th>
            <td className="numeric">{set.total.total}件</td>
            <td className="numeric">{set.previousTotal.total}件</td>
            <td className="numeric">{formatDelta(set.change.total, '件')}</td>
          </tr>
        </tbody>
      </table>
    </TableScroll>
  );
}
