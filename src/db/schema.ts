/**
 * @module Database schema
 * The single source of truth for tables (Drizzle). Migrations under `drizzle/` are generated from
 * this file (`npm run db:generate`) and committed. Every table carries the municipality it belongs
 * to; every editable row carries a `version`, and every change is written to `change_log` in the
 * same transaction.
 *
 * Keys are shaped for a distributed PostgreSQL (Citus-style, distributed by `municipality_id`):
 * `municipality` is the reference table; in every other table `municipality_id` leads the primary
 * key and every unique index, and every foreign key between these tables carries it on both
 * sides, so a row and everything it references live on the same shard. (The two exceptions are
 * looked up before the municipality is known; see `user_session` and `pending_sign_in`.)
 * `src/db/tenant-keys.test.ts` checks this against the database catalog.
 */
import {
  type AnyPgColumn,
  bigserial,
  boolean,
  doublePrecision,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import type { PlanLevel, ReportLegend } from '../domain/plan/types.ts';

const version = () => integer('version').notNull().default(1);
/** The municipality of a table whose rows belong to the tenant directly (a plan, a user, the log). */
const municipalityRef = () =>
  integer('municipality_id')
    .notNull()
    .references(() => municipality.id);
/**
 * The municipality of a table whose rows hang on a parent by a NOT NULL composite foreign key that
 * includes `municipality_id` (a KPI on its set, an actual on its KPI): the parent's row already names
 * an existing municipality, so a second foreign key to `municipality` would only be checked again on
 * every insert — 70,000 times in one 10,000-row KPI import, about a sixth of its time on PGlite.
 * (src/db/tenant-keys.test.ts checks both halves of the rule against the catalog.)
 */
const municipalityOfParent = () => integer('municipality_id').notNull();

/** The primary key of a tenant table: (municipality_id, id), named as PostgreSQL names a primary key. */
const tenantPrimaryKey = <T extends { municipalityId: AnyPgColumn; id: AnyPgColumn }>(table: string, t: T) =>
  primaryKey({ name: `${table}_pkey`, columns: [t.municipalityId, t.id] });

/** 市区町村 (municipality): the tenant. */
export const municipality = pgTable('municipality', {
  id: serial('id').primaryKey(),
  localGovCode: text('local_gov_code').notNull().unique(),
  name: text('name').notNull(),
  version: version(),
});

/** 担当課 (department): data of the municipality, assigned to plan nodes and KPIs. */
export const department = pgTable(
  'department',
  {
    id: serial('id').notNull(),
    municipalityId: municipalityRef(),
    /** A short code the city uses (課コード), unique within the municipality; the name by default. */
    code: text('code').notNull(),
    name: text('name').notNull(),
    version: version(),
  },
  (t) => [
    tenantPrimaryKey('department', t),
    uniqueIndex('department_code_uq').on(t.municipalityId, t.code),
    uniqueIndex('department_name_uq').on(t.municipalityId, t.name),
  ],
);

/** 総合計画 (comprehensive plan). */
export const plan = pgTable(
  'plan',
  {
    id: serial('id').notNull(),
    municipalityId: municipalityRef(),
    name: text('name').notNull(),
    /** 'plan' = 総合計画; 'strategy' = 総合戦略, whose nodes link to the plan's (plan_node_link). */
    kind: text('kind').$type<'plan' | 'strategy'>().notNull().default('plan'),
    /** For a 総合戦略: the 総合計画 its nodes link to (its KPI sets join that plan's report). */
    linkedPlanId: integer('linked_plan_id'),
    levels: jsonb('levels').$type<PlanLevel[]>().notNull(),
    progressLevel: integer('progress_level').notNull(),
    version: version(),
  },
  (t) => [
    tenantPrimaryKey('plan', t),
    uniqueIndex('plan_name_uq').on(t.municipalityId, t.name),
    // linked_plan_id is nullable: with MATCH SIMPLE a NULL in it leaves the key unchecked, as wanted.
    foreignKey({
      name: 'plan_linked_plan_fk',
      columns: [t.municipalityId, t.linkedPlanId],
      foreignColumns: [t.municipalityId, t.id],
    }),
  ],
);

/** 基本構想 / 前期・後期基本計画 (plan period). */
export const planPeriod = pgTable(
  'plan_period',
  {
    id: serial('id').notNull(),
    municipalityId: municipalityOfParent(),
    planId: integer('plan_id').notNull(),
    kind: text('kind').$type<'vision' | 'basic-plan'>().notNull(),
    name: text('name').notNull(),
    startYear: integer('start_year'),
    endYear: integer('end_year'),
    version: version(),
  },
  (t) => [
    tenantPrimaryKey('plan_period', t),
    uniqueIndex('plan_period_name_uq').on(t.municipalityId, t.planId, t.name),
    foreignKey({
      name: 'plan_period_plan_fk',
      columns: [t.municipalityId, t.planId],
      foreignColumns: [plan.municipalityId, plan.id],
    }),
  ],
);

/**
 * 施策体系 (plan hierarchy) node. `path` is the dotted numbers from the top (e.g. '1.2.3'), which
 * identifies a node within its plan so re-imports update in place.
 */
export const planNode = pgTable(
  'plan_node',
  {
    id: serial('id').notNull(),
    municipalityId: municipalityOfParent(),
    planId: integer('plan_id').notNull(),
    parentId: integer('parent_id'),
    path: text('path').notNull(),
    level: integer('level').notNull(),
    number: integer('number').notNull(),
    title: text('title').notNull(),
    /** 担当課 of this node and, unless they name their own, of its KPIs and descendants. */
    departmentId: integer('department_id'),
    /** 廃止: kept for history and earlier years' reports, no longer offered for new entries. */
    retired: boolean('retired').notNull().default(false),
    version: version(),
  },
  (t) => [
    tenantPrimaryKey('plan_node', t),
    uniqueIndex('plan_node_path_uq').on(t.municipalityId, t.planId, t.path),
    index('plan_node_parent_ix').on(t.parentId),
    foreignKey({
      name: 'plan_node_plan_fk',
      columns: [t.municipalityId, t.planId],
      foreignColumns: [plan.municipalityId, plan.id],
    }),
    foreignKey({
      name: 'plan_node_department_fk',
      columns: [t.municipalityId, t.departmentId],
      foreignColumns: [department.municipalityId, department.id],
    }),
  ],
);

/** A strategy node (総合戦略の施策) linked to the plan nodes it contributes to. */
export const planNodeLink = pgTable(
  'plan_node_link',
  {
    id: serial('id').notNull(),
    municipalityId: municipalityOfParent(),
    fromNodeId: integer('from_node_id').notNull(),
    toNodeId: integer('to_node_id').notNull(),
    version: version(),
  },
  (t) => [
    tenantPrimaryKey('plan_node_link', t),
    uniqueIndex('plan_node_link_uq').on(t.municipalityId, t.fromNodeId, t.toNodeId),
    foreignKey({
      name: 'plan_node_link_from_node_fk',
      columns: [t.municipalityId, t.fromNodeId],
      foreignColumns: [planNode.municipalityId, planNode.id],
    }),
    foreignKey({
      name: 'plan_node_link_to_node_fk',
      columns: [t.municipalityId, t.toNodeId],
      foreignColumns: [planNode.municipalityId, planNode.id],
    }),
  ],
);

/** 進捗状況 (progress record): per node (基本方針) per fiscal year. */
export const progressRecord = pgTable(
  'progress_record',
  {
    id: serial('id').notNull(),
    municipalityId: municipalityOfParent(),
    nodeId: integer('node_id').notNull(),
    fiscalYear: integer('fiscal_year').notNull(),
    results: jsonb('results').$type<string[]>().notNull(),
    directions: jsonb('directions').$type<string[]>().notNull(),
    version: version(),
  },
  (t) => [
    tenantPrimaryKey('progress_record', t),
    uniqueIndex('progress_record_uq').on(t.municipalityId, t.nodeId, t.fiscalYear),
    foreignKey({
      name: 'progress_record_node_fk',
      columns: [t.municipalityId, t.nodeId],
      foreignColumns: [planNode.municipalityId, planNode.id],
    }),
  ],
);

/** 進捗報告書 (progress report) for the results of one fiscal year. */
export const report = pgTable(
  'report',
  {
    id: serial('id').notNull(),
    municipalityId: municipalityOfParent(),
    planId: integer('plan_id').notNull(),
    fiscalYear: integer('fiscal_year').notNull(),
    periodName: text('period_name'),
    title: text('title').notNull(),
    subtitle: text('subtitle').notNull(),
    date: text('date').notNull(),
    councilMeeting: text('council_meeting').notNull(),
    kpiSectionHeading: text('kpi_section_heading').notNull(),
    legend: jsonb('legend').$type<ReportLegend>().notNull(),
    version: version(),
  },
  (t) => [
    tenantPrimaryKey('report', t),
    uniqueIndex('report_year_uq').on(t.municipalityId, t.planId, t.fiscalYear),
    foreignKey({
      name: 'report_plan_fk',
      columns: [t.municipalityId, t.planId],
      foreignColumns: [plan.municipalityId, plan.id],
    }),
  ],
);

/** 指標の区分 (KPI set): 基本計画 KPI, 総合戦略 KPI, … with the evaluation scheme chosen for it. */
export const kpiSet = pgTable(
  'kpi_set',
  {
    id: serial('id').notNull(),
    municipalityId: municipalityOfParent(),
    planId: integer('plan_id').notNull(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    position: integer('position').notNull(),
    /** A preset name (string) or a scheme object; validated by the evaluation module's zod schema. */
    scheme: jsonb('scheme').$type<unknown>(),
    version: version(),
  },
  (t) => [
    tenantPrimaryKey('kpi_set', t),
    uniqueIndex('kpi_set_code_uq').on(t.municipalityId, t.planId, t.code),
    foreignKey({
      name: 'kpi_set_plan_fk',
      columns: [t.municipalityId, t.planId],
      foreignColumns: [plan.municipalityId, plan.id],
    }),
  ],
);

/** 指標 (KPI): in one KPI set, hung on one plan node. */
export const kpi = pgTable(
  'kpi',
  {
    id: serial('id').notNull(),
    municipalityId: municipalityOfParent(),
    kpiSetId: integer('kpi_set_id').notNull(),
    nodeId: integer('node_id').notNull(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    unit: text('unit').notNull().default(''),
    definition: text('definition'),
    dataSource: text('data_source'),
    department: text('department'),
    /** The department that writes this KPI's actuals; null = the node's (see effectiveDepartment). */
    departmentId: integer('department_id'),
    direction: text('direction').$type<'increase' | 'decrease' | 'maintain'>().notNull(),
    baselineValue: doublePrecision('baseline_value'),
    baselineYear: integer('baseline_year'),
    targetValue: doublePrecision('target_value'),
    targetYear: integer('target_year'),
    targetComparator: text('target_comparator').$type<'gte' | 'gt' | 'lte' | 'lt' | 'eq'>(),
    annualTargets: jsonb('annual_targets').$type<Array<{ fiscalYear: number; value: number }>>(),
    cumulative: boolean('cumulative').notNull().default(false),
    kind: text('kind').$type<'outcome' | 'activity' | 'target_group'>(),
    /** 未着手 / 休止・廃止 / 評価困難: overrides the computed grade. */
    administrativeStatus: text('administrative_status').$type<
      'not-started' | 'suspended' | 'hard-to-evaluate'
    >(),
    /** Order within its node. */
    position: integer('position').notNull().default(0),
    /** Demo values are invented (架空のデモ値) and must be shown as such. */
    illustrative: boolean('illustrative').notNull().default(false),
    /** 廃止: kept for history and earlier years, no longer asked for actuals. */
    retired: boolean('retired').notNull().default(false),
    version: version(),
  },
  (t) => [
    tenantPrimaryKey('kpi', t),
    uniqueIndex('kpi_code_uq').on(t.municipalityId, t.kpiSetId, t.code),
    index('kpi_node_ix').on(t.nodeId),
    foreignKey({
      name: 'kpi_kpi_set_fk',
      columns: [t.municipalityId, t.kpiSetId],
      foreignColumns: [kpiSet.municipalityId, kpiSet.id],
    }),
    foreignKey({
      name: 'kpi_node_fk',
      columns: [t.municipalityId, t.nodeId],
      foreignColumns: [planNode.municipalityId, planNode.id],
    }),
    foreignKey({
      name: 'kpi_department_fk',
      columns: [t.municipalityId, t.departmentId],
      foreignColumns: [department.municipalityId, department.id],
    }),
  ],
);

/** 実績値 (actual) of one KPI for one fiscal year. */
export const kpiActual = pgTable(
  'kpi_actual',
  {
    id: serial('id').notNull(),
    municipalityId: municipalityOfParent(),
    kpiId: integer('kpi_id').notNull(),
    fiscalYear: integer('fiscal_year').notNull(),
    value: doublePrecision('value').notNull(),
    status: text('status').$type<'final' | 'provisional'>().notNull().default('final'),
    note: text('note'),
    version: version(),
  },
  (t) => [
    tenantPrimaryKey('kpi_actual', t),
    uniqueIndex('kpi_actual_uq').on(t.municipalityId, t.kpiId, t.fiscalYear),
    foreignKey({
      name: 'kpi_actual_kpi_fk',
      columns: [t.municipalityId, t.kpiId],
      foreignColumns: [kpi.municipalityId, kpi.id],
    }),
  ],
);

/** Append-only history of every change: who, when, before, after. */
export const changeLog = pgTable(
  'change_log',
  {
    id: bigserial('id', { mode: 'number' }).notNull(),
    municipalityId: municipalityRef(),
    tableName: text('table_name').notNull(),
    rowId: integer('row_id').notNull(),
    action: text('action').$type<'insert' | 'update' | 'delete'>().notNull(),
    actor: text('actor').notNull(),
    changedAt: timestamp('changed_at', { withTimezone: true }).notNull().defaultNow(),
    before: jsonb('before'),
    after: jsonb('after'),
  },
  (t) => [tenantPrimaryKey('change_log', t), index('change_log_row_ix').on(t.tableName, t.rowId)],
);

/**
 * A person who signs in. Local accounts carry a password hash (scrypt); directory accounts (LDAP,
 * OpenID Connect) carry none and get their role from the directory at each sign-in.
 */
export const appUser = pgTable(
  'app_user',
  {
    id: serial('id').notNull(),
    municipalityId: municipalityRef(),
    username: text('username').notNull(),
    displayName: text('display_name').notNull(),
    /** Where notices are mailed when SMTP_URL is set; null = in-app only. */
    email: text('email'),
    role: text('role').$type<'administrator' | 'planning' | 'department' | 'council' | 'viewer'>().notNull(),
    departmentId: integer('department_id'),
    provider: text('provider').$type<'local' | 'ldap' | 'oidc'>().notNull().default('local'),
    /** `scrypt$N$r$p$salt$hash` (base64); null for directory accounts. Never logged. */
    passwordHash: text('password_hash'),
    disabled: boolean('disabled').notNull().default(false),
    /** Demo accounts are listed on the sign-in page while any exists. */
    demo: boolean('demo').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    version: version(),
  },
  (t) => [
    tenantPrimaryKey('app_user', t),
    uniqueIndex('app_user_username_uq').on(t.municipalityId, t.username),
    foreignKey({
      name: 'app_user_department_fk',
      columns: [t.municipalityId, t.departmentId],
      foreignColumns: [department.municipalityId, department.id],
    }),
  ],
);

/** A signed-in browser: the cookie holds a random token, the database only its SHA-256. */
export const userSession = pgTable(
  'user_session',
  {
    id: serial('id').notNull(),
    municipalityId: municipalityOfParent(),
    userId: integer('user_id').notNull(),
    tokenHash: text('token_hash').notNull(),
    /** Sent back by the client in X-CSRF-Token on every state-changing request. */
    csrfToken: text('csrf_token').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    tenantPrimaryKey('user_session', t),
    // Global on purpose, the one exception to municipality-first keys (with pending_sign_in_state_uq):
    // a request's cookie is looked up by its token hash before the municipality is known; the row
    // found says which municipality it belongs to. A random 256-bit token is unique everywhere anyway.
    uniqueIndex('user_session_token_uq').on(t.tokenHash),
    index('user_session_user_ix').on(t.userId),
    foreignKey({
      name: 'user_session_user_fk',
      columns: [t.municipalityId, t.userId],
      foreignColumns: [appUser.municipalityId, appUser.id],
    }).onDelete('cascade'),
  ],
);

/** Failed sign-ins per account and per address, for throttling. */
export const loginThrottle = pgTable(
  'login_throttle',
  {
    id: serial('id').notNull(),
    municipalityId: municipalityRef(),
    /** 'user:<name>' or 'addr:<ip>'. */
    key: text('key').notNull(),
    failures: integer('failures').notNull().default(0),
    windowStartedAt: timestamp('window_started_at', { withTimezone: true }).notNull().defaultNow(),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
  },
  (t) => [
    tenantPrimaryKey('login_throttle', t),
    uniqueIndex('login_throttle_key_uq').on(t.municipalityId, t.key),
  ],
);

/** An OpenID Connect sign-in between the redirect to the provider and its callback. */
export const pendingSignIn = pgTable(
  'pending_sign_in',
  {
    id: serial('id').notNull(),
    municipalityId: municipalityRef(),
    state: text('state').notNull(),
    nonce: text('nonce').notNull(),
    codeVerifier: text('code_verifier').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    tenantPrimaryKey('pending_sign_in', t),
    // Global on purpose, like user_session_token_uq: the provider's callback brings back only the
    // `state`, which is looked up before the municipality is known (the row found tells it).
    uniqueIndex('pending_sign_in_state_uq').on(t.state),
  ],
);

/**
 * 進捗調査 (the yearly cycle) of one plan and fiscal year: the planning division opens it with a
 * deadline and a note to departments, and finally closes it (確定); a closed year refuses writes.
 */
export const fiscalCycle = pgTable(
  'fiscal_cycle',
  {
    id: serial('id').notNull(),
    municipalityId: municipalityOfParent(),
    planId: integer('plan_id').notNull(),
    /** The fiscal year whose results are collected (2023 = 令和5年度). */
    fiscalYear: integer('fiscal_year').notNull(),
    state: text('state').$type<'open' | 'closed'>().notNull().default('open'),
    /** 提出期限, an ISO date (YYYY-MM-DD) in Japan. */
    deadline: text('deadline').notNull(),
    /** 担当課への連絡事項. */
    note: text('note').notNull().default(''),
    openedAt: timestamp('opened_at', { withTimezone: true }).notNull().defaultNow(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    version: version(),
  },
  (t) => [
    tenantPrimaryKey('fiscal_cycle', t),
    uniqueIndex('fiscal_cycle_year_uq').on(t.municipalityId, t.planId, t.fiscalYear),
    foreignKey({
      name: 'fiscal_cycle_plan_fk',
      columns: [t.municipalityId, t.planId],
      foreignColumns: [plan.municipalityId, plan.id],
    }),
  ],
);

/** One department's part of a cycle: 未着手 → 入力中 → 提出済 → (差戻し → 入力中) → 承認済. */
export const departmentSubmission = pgTable(
  'department_submission',
  {
    id: serial('id').notNull(),
    municipalityId: municipalityOfParent(),
    cycleId: integer('cycle_id').notNull(),
    departmentId: integer('department_id').notNull(),
    state: text('state')
      .$type<'not-started' | 'in-progress' | 'submitted' | 'returned' | 'approved'>()
      .notNull()
      .default('not-started'),
    /** 差戻し理由 while returned. */
    reason: text('reason'),
    changedAt: timestamp('changed_at', { withTimezone: true }).notNull().defaultNow(),
    changedBy: text('changed_by'),
    version: version(),
  },
  (t) => [
    tenantPrimaryKey('department_submission', t),
    uniqueIndex('department_submission_uq').on(t.municipalityId, t.cycleId, t.departmentId),
    foreignKey({
      name: 'department_submission_cycle_fk',
      columns: [t.municipalityId, t.cycleId],
      foreignColumns: [fiscalCycle.municipalityId, fiscalCycle.id],
    }).onDelete('cascade'),
    foreignKey({
      name: 'department_submission_department_fk',
      columns: [t.municipalityId, t.departmentId],
      foreignColumns: [department.municipalityId, department.id],
    }),
  ],
);

/** お知らせ (in-app notice) to one user; mailed too when SMTP_URL is set. */
export const notice = pgTable(
  'notice',
  {
    id: serial('id').notNull(),
    municipalityId: municipalityOfParent(),
    userId: integer('user_id').notNull(),
    kind: text('kind')
      .$type<'cycle-opened' | 'deadline-near' | 'overdue' | 'returned' | 'approved' | 'comment-answered'>()
      .notNull(),
    message: text('message').notNull(),
    /** The app address the notice points to (e.g. `/?view=cycle`). */
    link: text('link'),
    /** Reminders are sent once: the same key is not noticed twice to a user. */
    dedupeKey: text('dedupe_key'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    readAt: timestamp('read_at', { withTimezone: true }),
    version: version(),
  },
  (t) => [
    tenantPrimaryKey('notice', t),
    uniqueIndex('notice_dedupe_uq').on(t.municipalityId, t.userId, t.dedupeKey),
    index('notice_user_ix').on(t.municipalityId, t.userId),
    foreignKey({
      name: 'notice_user_fk',
      columns: [t.municipalityId, t.userId],
      foreignColumns: [appUser.municipalityId, appUser.id],
    }).onDelete('cascade'),
  ],
);

/** 審議会 (council meeting): 第N回, its date, and the fiscal year whose report it reviews. */
export const councilMeeting = pgTable(
  'council_meeting',
  {
    id: serial('id').notNull(),
    municipalityId: municipalityOfParent(),
    planId: integer('plan_id').notNull(),
    /** The fiscal year whose results the meeting reviews (the report's year). */
    fiscalYear: integer('fiscal_year').notNull(),
    /** 第N回. */
    number: integer('number').notNull(),
    /** 開催日, an ISO date (YYYY-MM-DD). */
    heldOn: text('held_on').notNull(),
    /** The council's name, e.g. 総合計画審議会. */
    councilName: text('council_name').notNull(),
    version: version(),
  },
  (t) => [
    tenantPrimaryKey('council_meeting', t),
    uniqueIndex('council_meeting_uq').on(t.municipalityId, t.planId, t.fiscalYear, t.number),
    foreignKey({
      name: 'council_meeting_plan_fk',
      columns: [t.municipalityId, t.planId],
      foreignColumns: [plan.municipalityId, plan.id],
    }),
  ],
);

/** 審議会委員の意見 per 基本方針 or KPI, with the city's answer (対応) recorded by the planning division. */
export const councilComment = pgTable(
  'council_comment',
  {
    id: serial('id').notNull(),
    municipalityId: municipalityOfParent(),
    planId: integer('plan_id').notNull(),
    fiscalYear: integer('fiscal_year').notNull(),
    /** The 基本方針 (or other node) commented on; null when the comment is on a KPI. */
    nodeId: integer('node_id'),
    kpiId: integer('kpi_id'),
    authorId: integer('author_id').notNull(),
    /** The author's name as shown then (a later rename does not rewrite the record). */
    authorName: text('author_name').notNull(),
    body: text('body').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** 対応 (the city's answer). */
    response: text('response'),
    respondedBy: text('responded_by'),
    respondedAt: timestamp('responded_at', { withTimezone: true }),
    version: version(),
  },
  (t) => [
    tenantPrimaryKey('council_comment', t),
    index('council_comment_year_ix').on(t.municipalityId, t.planId, t.fiscalYear),
    foreignKey({
      name: 'council_comment_plan_fk',
      columns: [t.municipalityId, t.planId],
      foreignColumns: [plan.municipalityId, plan.id],
    }),
    foreignKey({
      name: 'council_comment_node_fk',
      columns: [t.municipalityId, t.nodeId],
      foreignColumns: [planNode.municipalityId, planNode.id],
    }),
    foreignKey({
      name: 'council_comment_kpi_fk',
      columns: [t.municipalityId, t.kpiId],
      foreignColumns: [kpi.municipalityId, kpi.id],
    }),
    foreignKey({
      name: 'council_comment_author_fk',
      columns: [t.municipalityId, t.authorId],
      foreignColumns: [appUser.municipalityId, appUser.id],
    }),
  ],
);

/**
 * 公開 (publication): one event in the public life of a plan's fiscal year. Publishing stores an
 * immutable snapshot of the year as it was (plan, texts, KPIs, evaluations); a correction is a new
 * revision with its reason and the list of what changed (更新履歴); unpublishing is an event too.
 * The public portal reads only these snapshots, never the live tables, so nothing written after
 * publication is visible until the year is published again. Rows are never updated or deleted
 * (migration 0011 refuses it).
 */
export const publication = pgTable(
  'publication',
  {
    id: serial('id').notNull(),
    municipalityId: municipalityOfParent(),
    planId: integer('plan_id').notNull(),
    /** The fiscal year of the results (2023 = 令和5年度). */
    fiscalYear: integer('fiscal_year').notNull(),
    /** 1, 2, … per plan and year, over both actions. */
    revision: integer('revision').notNull(),
    action: text('action').$type<'publish' | 'unpublish'>().notNull(),
    /** 公開・訂正・取り下げの理由, shown in 更新履歴. */
    reason: text('reason').notNull().default(''),
    /** What changed since the previous published snapshot, in words (empty on the first). */
    changes: jsonb('changes').$type<string[]>().notNull().default([]),
    /** The published year (`PublishedSnapshot`); null for an unpublish. */
    snapshot: jsonb('snapshot'),
    actedAt: timestamp('acted_at', { withTimezone: true }).notNull().defaultNow(),
    actedBy: text('acted_by').notNull(),
    version: version(),
  },
  (t) => [
    tenantPrimaryKey('publication', t),
    uniqueIndex('publication_revision_uq').on(t.municipalityId, t.planId, t.fiscalYear, t.revision),
    foreignKey({
      name: 'publication_plan_fk',
      columns: [t.municipalityId, t.planId],
      foreignColumns: [plan.municipalityId, plan.id],
    }),
  ],
);
