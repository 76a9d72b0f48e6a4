/**
 * @module Scheme presets
 * Named evaluation schemes that reproduce published practice, and {@link resolveScheme}, which turns
 * what a KPI set stores (a preset name or a partial scheme object) into a validated scheme. Each
 * preset names its source; presets.test.ts reproduces the published figures.
 */
import {
  DEFAULT_SCHEME,
  type EvaluationScheme,
  type EvaluationSchemeInput,
  evaluationSchemeInputSchema,
  evaluationSchemeSchema,
} from './scheme.ts';

const GOOD = '#1a7f37';
const FAIR = '#4d8f00';
const WEAK = '#b35900';
const BAD = '#c62828';
const GREY = '#6e7781';

/** Special grades most presets share: no data, no target and the administrative codes. */
const COMMON_SPECIAL_GRADES = [
  { grade: '－', label: '評価不能', symbol: '－', color: GREY },
  { grade: '目標なし', label: '目標値なし', symbol: '＊', color: GREY },
  { grade: '未着手', label: '未着手', symbol: '未', color: GREY },
  { grade: '休止・廃止', label: '休止・廃止', symbol: '休', color: GREY },
  { grade: '評価困難', label: '評価困難', symbol: '困', color: GREY },
];
const COMMON_SPECIAL_SLOTS = {
  noData: '－',
  noTarget: '目標なし',
  administrative: { notStarted: '未着手', suspended: '休止・廃止', hardToEvaluate: '評価困難' },
} as const;

/**
 * 長野県: 人口定着・確かな暮らし実現総合戦略（信州創生戦略）の政策評価. The actual's progress from the
 * baseline towards the 目安値 (the straight line from the baseline to the final target at the actual's
 * year): 順調 = above the 目安値, おおむね順調 = progress ≥ 80 %, 努力を要する = below 80 %.
 */
const NAGANO: EvaluationScheme = {
  name: 'nagano',
  label: '長野県方式（目安値に対する進捗率）',
  description:
    '進捗率＝（実績値−基準値）÷（目安値−基準値）×100。目安値は基準値から目標値への直線上の、実績値の年度の値。順調（目安値以上）／おおむね順調（80%以上）／努力を要する（80%未満）。',
  source:
    '長野県 信州創生戦略の政策評価（対象:29年度）2018-09-20 https://www.pref.nagano.lg.jp/kikaku/happyou/180920-2press.html ; 区分の定義: 産経新聞 2016-09-20',
  formula: 'progress',
  reference: 'prorated',
  grades: [
    { grade: 'A', label: '順調', symbol: 'A', color: GOOD, score: 3, description: '実績値が目安値を上回る' },
    { grade: 'B', label: 'おおむね順調', symbol: 'B', color: FAIR, score: 2, description: '進捗率80%以上' },
    { grade: 'C', label: '努力を要する', symbol: 'C', color: BAD, score: 1, description: '進捗率80%未満' },
    ...COMMON_SPECIAL_GRADES,
  ],
  rules: [
    { grade: 'A', achieved: true },
    { grade: 'A', rate: { gte: 100 } },
    { grade: 'B', rate: { gte: 80 } },
    { grade: 'C' },
  ],
  ...COMMON_SPECIAL_SLOTS,
  rollup: 'mean-score',
};

/**
 * いの町（高知県）: まち・ひと・しごと創生総合戦略の効果検証 (平成29年度分). ◎ 目標値以上 / ○ 目標値と
 * 同等 / △ 目標値未満 / × 進捗なし・事業終了, 評価なし for a KPI without a target. The town does not
 * publish where 「同等」 starts; this preset takes ≥ 90 % (change the rule to match a year's practice).
 */
const INO: EvaluationScheme = {
  name: 'ino',
  label: 'いの町方式（◎○△×）',
  description:
    '達成率＝実績値÷目標値×100。◎ 目標値以上／○ 目標値と同等（90%以上、町は境界を公表していない）／△ 目標値未満／× 進捗なし・事業終了。',
  source:
    'いの町 まち・ひと・しごと創生総合戦略の効果検証について https://www.town.ino.kochi.jp/chosei/choseikeikaku/keikaku_sougousenryaku/1797/',
  formula: 'ratio',
  reference: 'final',
  grades: [
    { grade: '◎', label: '目標値以上', symbol: '◎', color: GOOD, score: 3 },
    { grade: '○', label: '目標値と同等', symbol: '○', color: FAIR, score: 2 },
    { grade: '△', label: '目標値未満', symbol: '△', color: WEAK, score: 1 },
    { grade: '×', label: '進捗なし・事業終了', symbol: '×', color: GREY },
    { grade: '評価なし', label: '評価なし（目標値の設定なし）', symbol: '－', color: GREY },
    { grade: '－', label: '評価不能', symbol: '－', color: GREY },
    { grade: '評価困難', label: '評価困難', symbol: '困', color: GREY },
  ],
  rules: [
    { grade: '◎', achieved: true },
    { grade: '◎', rate: { gte: 100 } },
    { grade: '○', rate: { gte: 90 } },
    { grade: '△' },
  ],
  noData: '－',
  noTarget: '評価なし',
  administrative: { notStarted: '×', suspended: '×', hardToEvaluate: '評価困難' },
  rollup: 'mean-score',
};

/**
 * 多摩市: まち・ひと・しごと創生総合戦略の評価方法. Year n of five is judged against n × 20 % of the
 * target (the prorated reference from a baseline of 0 the year before the plan): ① 達成度 ≥ 100 %,
 * ② ≥ 60 %, ③ below.
 */
const TAMA: EvaluationScheme = {
  name: 'tama',
  label: '多摩市方式（按分目標に対する達成度 ①②③）',
  description:
    '1年目は目標値の20%、2年目40%、3年目60%、4年目80%、5年目100%に対する達成度で判断する。① 100%以上／② 60%以上100%未満／③ 60%未満。',
  source: '多摩市まち・ひと・しごと創生総合戦略の評価方法（案）資料6 https://expydoc.com/doc/10040981/',
  formula: 'ratio',
  reference: 'prorated',
  grades: [
    { grade: '①', label: '目標値の達成に向けて、着実に進んでいる', symbol: '①', color: GOOD, score: 3 },
    { grade: '②', label: '目標値の達成に向けて、概ね進んでいる', symbol: '②', color: FAIR, score: 2 },
    { grade: '③', label: '目標値の達成に向けて、改善や工夫が必要', symbol: '③', color: BAD, score: 1 },
    ...COMMON_SPECIAL_GRADES,
  ],
  rules: [
    { grade: '①', achieved: true },
    { grade: '①', rate: { gte: 100 } },
    { grade: '②', rate: { gte: 60 } },
    { grade: '③' },
  ],
  ...COMMON_SPECIAL_SLOTS,
  rollup: 'mean-score',
};

/**
 * 長与町（長崎県）: 第9次総合計画の数値目標評価. S the current value exceeds the target, A it exceeds
 * the baseline, B it is at the baseline's level (down by at most 10 %, 「△10%以内」), C it fell
 * further; 「−」 when it cannot be known.
 */
const NAGAYO: EvaluationScheme = {
  name: 'nagayo',
  label: '長与町方式（基準値との比較 S・A・B・C）',
  description:
    'S 現在値が目標値を超えている／A 基準値を超えている／B 基準値と同水準（△10%以内）／C 基準値より下落している／− 評価できない。',
  source: '長与町 令和元年度施策評価の概要 https://webtown.nagayo.jp/kiji00351/index.html',
  formula: 'ratio',
  reference: 'final',
  grades: [
    { grade: 'S', label: '目標値を超えている', symbol: 'S', color: GOOD, score: 4 },
    { grade: 'A', label: '基準値を超えている', symbol: 'A', color: FAIR, score: 3 },
    { grade: 'B', label: '基準値と同水準（△10%以内）', symbol: 'B', color: WEAK, score: 2 },
    { grade: 'C', label: '基準値より下落している', symbol: 'C', color: BAD, score: 1 },
    { grade: '－', label: '評価できない', symbol: '－', color: GREY },
    { grade: '目標なし', label: '目標値なし', symbol: '＊', color: GREY },
    { grade: '未着手', label: '未着手', symbol: '未', color: GREY },
    { grade: '休止・廃止', label: '休止・廃止', symbol: '休', color: GREY },
  ],
  rules: [
    { grade: 'S', achieved: true },
    { grade: 'A', improved: true },
    { grade: 'B', change: { gte: -10 } },
    { grade: 'C' },
  ],
  noData: '－',
  noTarget: '目標なし',
  // 長与町 prints 「−」 both when the value is unknown and when it cannot be evaluated.
  administrative: { notStarted: '未着手', suspended: '休止・廃止', hardToEvaluate: '－' },
  rollup: 'mean-score',
};

/**
 * 千葉県: 第2期千葉県地方創生総合戦略の進捗. 進展 when the indicator has moved towards its target since
 * the strategy began (or has reached it), 進展せず otherwise.
 */
const CHIBA: EvaluationScheme = {
  name: 'chiba',
  label: '千葉県方式（進展／進展せず）',
  description:
    '戦略策定時（基準値）から目標達成に向けて改善していれば進展、目標を達成していれば進展、それ以外は進展せず。',
  source: '千葉県 地方創生総合戦略推進会議 2023年度 http://senmonshi.com/archive/02/02120RUgf2H2U2A.asp',
  formula: 'ratio',
  reference: 'final',
  grades: [
    { grade: '進展', label: '進展', symbol: '↑', color: GOOD, score: 1 },
    { grade: '進展せず', label: '進展せず', symbol: '→', color: BAD, score: 0 },
    ...COMMON_SPECIAL_GRADES,
  ],
  rules: [{ grade: '進展', achieved: true }, { grade: '進展', improved: true }, { grade: '進展せず' }],
  ...COMMON_SPECIAL_SLOTS,
  rollup: 'mean-score',
};

/**
 * Open SDG / Statistics Canada progress measure: the ratio R of the observed compound annual growth
 * rate to the rate required to reach the target on time. Target achieved; on track R ≥ 95 %; progress
 * made but acceleration needed R ≥ 60 %; limited progress R ≥ 0; deterioration R < 0. Grade codes are
 * Open SDG's own status codes; mean-score roll-up uses the middle of each category's score band.
 */
const OPEN_SDG: EvaluationScheme = {
  name: 'open-sdg',
  label: 'Open SDG 方式（年平均成長率の比）',
  description:
    'R＝観測された年平均成長率÷目標達成に必要な年平均成長率。目標達成／順調 R≥95%／加速が必要 R≥60%／進展が限定的 R≥0%／悪化 R<0%。基準値・目標値が0のときは0.001に置き換える。',
  source:
    'Open SDG progress measurement methodology (open-sdg/open-sdg docs/progress-methodology.md; sdg-build sdg/ProgressMeasure.py)',
  formula: 'growth',
  reference: 'final',
  grades: [
    {
      grade: 'target_achieved',
      label: '目標達成',
      symbol: '達成',
      color: GOOD,
      score: 5,
      description: 'Target achieved',
    },
    {
      grade: 'substantial_progress',
      label: '順調',
      symbol: '順調',
      color: FAIR,
      score: 3.75,
      description: 'On track',
    },
    {
      grade: 'moderate_progress',
      label: '進展しているが加速が必要',
      symbol: '加速',
      color: '#9a6700',
      score: 1.25,
      description: 'Progress made but acceleration needed',
    },
    {
      grade: 'limited_progress',
      label: '進展が限定的',
      symbol: '限定',
      color: WEAK,
      score: -1.25,
      description: 'Limited progress',
    },
    {
      grade: 'deterioration',
      label: '悪化',
      symbol: '悪化',
      color: BAD,
      score: -3.75,
      description: 'Deterioration',
    },
    {
      grade: 'not_available',
      label: '評価不能（データ不足）',
      symbol: '－',
      color: GREY,
      description: 'Unable to assess',
    },
    { grade: 'no_target', label: '目標値なし', symbol: '＊', color: GREY },
    { grade: '未着手', label: '未着手', symbol: '未', color: GREY },
    { grade: '休止・廃止', label: '休止・廃止', symbol: '休', color: GREY },
  ],
  rules: [
    { grade: 'target_achieved', achieved: true },
    { grade: 'substantial_progress', rate: { gte: 95 } },
    { grade: 'moderate_progress', rate: { gte: 60 } },
    { grade: 'limited_progress', rate: { gte: 0 } },
    { grade: 'deterioration' },
  ],
  noData: 'not_available',
  noTarget: 'no_target',
  administrative: { notStarted: '未着手', suspended: '休止・廃止', hardToEvaluate: 'not_available' },
  rollup: 'mean-score',
};

/** Every preset by name. `default` is the scheme used when none is chosen. */
export const PRESETS = {
  default: DEFAULT_SCHEME,
  nagano: NAGANO,
  ino: INO,
  tama: TAMA,
  nagayo: NAGAYO,
  chiba: CHIBA,
  'open-sdg': OPEN_SDG,
} as const satisfies Record<string, EvaluationScheme>;

export type PresetName = keyof typeof PRESETS;

export const PRESET_NAMES = Object.keys(PRESETS) as PresetName[];

/** One problem with a scheme, with the path of the bad field inside the scheme. */
export interface SchemeIssue {
  path: Array<string | number>;
  message: string;
}

export type SchemeResult = { ok: true; scheme: EvaluationScheme } | { ok: false; issues: SchemeIssue[] };

/** Thrown by {@link resolveScheme}; `issues` lists every problem, not only the first. */
export class SchemeError extends Error {
  readonly issues: SchemeIssue[];
  constructor(issues: SchemeIssue[]) {
    super(issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('\n'));
    this.name = 'SchemeError';
    this.issues = issues;
  }
}

function isPresetName(name: string): name is PresetName {
  return Object.hasOwn(PRESETS, name);
}

function unknownPreset(name: string): string {
  return `評価基準「${name}」はありません（使用可能: ${PRESET_NAMES.join(', ')}） / unknown evaluation scheme "${name}"`;
}

function toIssues(
  issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>,
  prefix: Array<string | number> = [],
): SchemeIssue[] {
  return issues.map((issue) => ({
    path: [...prefix, ...issue.path.map((p) => (typeof p === 'number' ? p : String(p)))],
    message: issue.message,
  }));
}

/**
 * Resolves a stored or sent scheme without throwing: `undefined` is the default scheme, a string is a
 * preset name, an object is a partial scheme merged onto its `base` preset (default `default`) and
 * then validated as a whole. The result is a fresh copy that callers may keep or change.
 * @example safeResolveScheme('nagano') // { ok: true, scheme: { name: 'nagano', … } }
 * @example safeResolveScheme({ base: 'tama', reference: 'final' }) // tama's grades against the final target
 */
export function safeResolveScheme(input: unknown): SchemeResult {
  if (input === undefined || input === null) return { ok: true, scheme: structuredClone(DEFAULT_SCHEME) };
  if (typeof input === 'string') {
    const name = input.trim();
    if (isPresetName(name)) return { ok: true, scheme: structuredClone(PRESETS[name]) };
    return { ok: false, issues: [{ path: [], message: unknownPreset(name) }] };
  }
  const parsed = evaluationSchemeInputSchema.safeParse(input);
  if (!parsed.success) return { ok: false, issues: toIssues(parsed.error.issues) };
  const { base: baseName = 'default', ...overrides } = parsed.data;
  if (!isPresetName(baseName))
    return { ok: false, issues: [{ path: ['base'], message: unknownPreset(baseName) }] };
  const base = PRESETS[baseName];
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
  // A scheme that changes anything but its label is no longer the preset: do not let it pass as one.
  const changesRules = Object.keys(defined).some(
    (k) => !['name', 'label', 'description', 'source'].includes(k),
  );
  const merged = {
    ...structuredClone(base),
    ...defined,
    name: overrides.name ?? (changesRules ? `${base.name}-custom` : base.name),
  };
  const checked = evaluationSchemeSchema.safeParse(merged);
  if (!checked.success) return { ok: false, issues: toIssues(checked.error.issues) };
  return { ok: true, scheme: checked.data };
}

/**
 * Resolves a preset name or scheme object to a validated scheme, or throws a {@link SchemeError}
 * with a message in Japanese and English.
 * @example resolveScheme('tama').reference // 'prorated'
 * @example resolveScheme('xxx') // throws: 評価基準「xxx」はありません（使用可能: default, nagano, …）
 */
export function resolveScheme(input?: EvaluationSchemeInput): EvaluationScheme {
  const result = safeResolveScheme(input);
  if (!result.ok) throw new SchemeError(result.issues);
  return result.scheme;
}
