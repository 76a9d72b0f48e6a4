/**
 * @module Database schema
 * The single source of truth for tables (Drizzle). Migrations under `drizzle/` are generated from
 * this file (`npm run db:generate`) and committed. Every table carries the municipality it belongs
 * to; every editable row carries a `version`, and every change is written to `change_log` in the
 * same transaction.
 */
import {
  type AnyPgColumn,
  bigserial,
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import type { PlanLevel, ReportLegend } from '../domain/plan/types.ts';

const version = () => integer('version').notNull().default(1);
const municipalityRef = () =>
  integer('municipality_id')
    .notNull()
    .references(() => municipality.id);

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
    id: serial('id').primaryKey(),
    municipalityId: municipalityRef(),
    /** A short code the city uses (課コード), unique within the municipality; the name by default. */
    code: text('code').notNull(),
    name: text('name').notNull(),
    version: version(),
  },
  (t) => [
    uniqueIndex('department_code_uq').on(t.municipalityId, t.code),
    uniqueIndex('department_name_uq').on(t.municipalityId, t.name),
  ],
);

/** 総合計画 (comprehensive plan). */
export const plan = pgTable(
  'plan',
  {
    id: serial('id').primaryKey(),
    municipalityId: municipalityRef(),
    name: text('name').notNull(),
    /** 'plan' = 総合計画; 'strategy' = 総合戦略, whose nodes link to the plan's (plan_node_link). */
    kind: text('kind').$type<'plan' | 'strategy'>().notNull().default('plan'),
    /** For a 総合戦略: the 総合計画 its nodes link to (its KPI sets join that plan's report). */
    linkedPlanId: integer('linked_plan_id').references((): AnyPgColumn => plan.id),
    levels: jsonb('levels').$type<PlanLevel[]>().notNull(),
    progressLevel: integer('progress_level').notNull(),
    version: version(),
  },
  (t) => [uniqueIndex('plan_name_uq').on(t.municipalityId, t.name)],
);

/** 基本構想 / 前期・後期基本計画 (plan period). */
export const planPeriod = pgTable(
  'plan_period',
  {
    id: serial('id').primaryKey(),
    municipalityId: municipalityRef(),
    planId: integer('plan_id')
      .notNull()
      .references(() => plan.id),
    kind: text('kind').$type<'vision' | 'basic-plan'>().notNull(),
    name: text('name').notNull(),
    startYear: integer('start_year'),
    endYear: integer('end_year'),
    version: version(),
  },
  (t) => [uniqueIndex('plan_period_name_uq').on(t.planId, t.name)],
);

/**
 * 施策体系 (plan hierarchy) node. `path` is the dotted numbers from the top (e.g. '1.2.3'), which
 * identifies a node within its plan so re-imports update in place.
 */
export const planNode = pgTable(
  'plan_node',
  {
    id: serial('id').primaryKey(),
    municipalityId: municipalityRef(),
    planId: integer('plan_id')
      .notNull()
      .references(() => plan.id),
    parentId: integer('parent_id'),
    path: text('path').notNull(),
    level: integer('level').notNull(),
    number: integer('number').notNull(),
    title: text('title').notNull(),
    /** 担当課 of this node and, unless they name their own, of its KPIs and descendants. */
    departmentId: integer('department_id').references(() => department.id),
    version: version(),
  },
  (t) => [uniqueIndex('plan_node_path_uq').on(t.planId, t.path), index('plan_node_parent_ix').on(t.parentId)],
);

/** A strategy node (総合戦略の施策) linked to the plan nodes it contributes to. */
export const planNodeLink = pgTable(
  'plan_node_link',
  {
    id: serial('id').primaryKey(),
    municipalityId: municipalityRef(),
    fromNodeId: integer('from_node_id')
      .notNull()
      .references(() => planNode.id),
    toNodeId: integer('to_node_id')
      .notNull()
      .references(() => planNode.id),
    version: version(),
  },
  (t) => [uniqueIndex('plan_node_link_uq').on(t.fromNodeId, t.toNodeId)],
);

/** 進捗状況 (progress record): per node (基本方針) per fiscal year. */
export const progressRecord = pgTable(
  'progress_record',
  {
    id: serial('id').primaryKey(),
    municipalityId: municipalityRef(),
    nodeId: integer('node_id')
      .notNull()
      .references(() => planNode.id),
    fiscalYear: integer('fiscal_year').notNull(),
    results: jsonb('results').$type<string[]>().notNull(),
    directions: jsonb('directions').$type<string[]>().notNull(),
    version: version(),
  },
  (t) => [uniqueIndex('progress_record_uq').on(t.nodeId, t.fiscalYear)],
);

/** 進捗報告書 (progress report) for the results of one fiscal year. */
export const report = pgTable(
  'report',
  {
    id: serial('id').primaryKey(),
    municipalityId: municipalityRef(),
    planId: integer('plan_id')
      .notNull()
      .references(() => plan.id),
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
  (t) => [uniqueIndex('report_year_uq').on(t.planId, t.fiscalYear)],
);

/** 指標の区分 (KPI set): 基本計画 KPI, 総合戦略 KPI, … with the evaluation scheme chosen for it. */
export const kpiSet = pgTable(
  'kpi_set',
  {
    id: serial('id').primaryKey(),
    municipalityId: municipalityRef(),
    planId: integer('plan_id')
      .notNull()
      .references(() => plan.id),
    code: text('code').notNull(),
    name: text('name').notNull(),
    position: integer('position').notNull(),
    /** A preset name (string) or a scheme object; validated by the evaluation module's zod schema. */
    scheme: jsonb('scheme').$type<unknown>(),
    version: version(),
  },
  (t) => [uniqueIndex('kpi_set_code_uq').on(t.planId, t.code)],
);

/** 指標 (KPI): in one KPI set, hung on one plan node. */
export const kpi = pgTable(
  'kpi',
  {
    id: serial('id').primaryKey(),
    municipalityId: municipalityRef(),
    kpiSetId: integer('kpi_set_id')
      .notNull()
      .references(() => kpiSet.id),
    nodeId: integer('node_id')
      .notNull()
      .references(() => planNode.id),
    code: text('code').notNull(),
    name: text('name').notNull(),
    unit: text('unit').notNull().default(''),
    definition: text('definition'),
    dataSource: text('data_source'),
    department: text('department'),
    /** The department that writes this KPI's actuals; null = the node's (see effectiveDepartment). */
    departmentId: integer('department_id').references(() => department.id),
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
    version: version(),
  },
  (t) => [uniqueIndex('kpi_code_uq').on(t.kpiSetId, t.code), index('kpi_node_ix').on(t.nodeId)],
);

/** 実績値 (actual) of one KPI for one fiscal year. */
export const kpiActual = pgTable(
  'kpi_actual',
  {
    id: serial('id').primaryKey(),
    municipalityId: municipalityRef(),
    kpiId: integer('kpi_id')
      .notNull()
      .references(() => kpi.id),
    fiscalYear: integer('fiscal_year').notNull(),
    value: doublePrecision('value').notNull(),
    status: text('status').$type<'final' | 'provisional'>().notNull().default('final'),
    note: text('note'),
    version: version(),
  },
  (t) => [uniqueIndex('kpi_actual_uq').on(t.kpiId, t.fiscalYear)],
);

/** Append-only history of every change: who, when, before, after. */
export const changeLog = pgTable(
  'change_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    municipalityId: municipalityRef(),
    tableName: text('table_name').notNull(),
    rowId: integer('row_id').notNull(),
    action: text('action').$type<'insert' | 'update' | 'delete'>().notNull(),
    actor: text('actor').notNull(),
    changedAt: timestamp('changed_at', { withTimezone: true }).notNull().defaultNow(),
    before: jsonb('before'),
    after: jsonb('after'),
  },
  (t) => [index('change_log_row_ix').on(t.tableName, t.rowId)],
);

/**
 * A person who signs in. Local accounts carry a password hash (scrypt); directory accounts (LDAP,
 * OpenID Connect) carry none and get their role from the directory at each sign-in.
 */
export const appUser = pgTable(
  'app_user',
  {
    id: serial('id').primaryKey(),
    municipalityId: municipalityRef(),
    username: text('username').notNull(),
    displayName: text('display_name').notNull(),
    role: text('role').$type<'administrator' | 'planning' | 'department' | 'council' | 'viewer'>().notNull(),
    departmentId: integer('department_id').references(() => department.id),
    provider: text('provider').$type<'local' | 'ldap' | 'oidc'>().notNull().default('local'),
    /** `scrypt$N$r$p$salt$hash` (base64); null for directory accounts. Never logged. */
    passwordHash: text('password_hash'),
    disabled: boolean('disabled').notNull().default(false),
    /** Demo accounts are listed on the sign-in page while any exists. */
    demo: boolean('demo').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    version: version(),
  },
  (t) => [uniqueIndex('app_user_username_uq').on(t.municipalityId, t.username)],
);

/** A signed-in browser: the cookie holds a random token, the database only its SHA-256. */
export const userSession = pgTable(
  'user_session',
  {
    id: serial('id').primaryKey(),
    municipalityId: municipalityRef(),
    userId: integer('user_id')
      .notNull()
      .references(() => appUser.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull(),
    /** Sent back by the client in X-CSRF-Token on every state-changing request. */
    csrfToken: text('csrf_token').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('user_session_token_uq').on(t.tokenHash), index('user_session_user_ix').on(t.userId)],
);

/** Failed sign-ins per account and per address, for throttling. */
export const loginThrottle = pgTable(
  'login_throttle',
  {
    id: serial('id').primaryKey(),
    municipalityId: municipalityRef(),
    /** 'user:<name>' or 'addr:<ip>'. */
    key: text('key').notNull(),
    failures: integer('failures').notNull().default(0),
    windowStartedAt: timestamp('window_started_at', { withTimezone: true }).notNull().defaultNow(),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
  },
  (t) => [uniqueIndex('login_throttle_key_uq').on(t.municipalityId, t.key)],
);

/** An OpenID Connect sign-in between the redirect to the provider and its callback. */
export const pendingSignIn = pgTable(
  'pending_sign_in',
  {
    id: serial('id').primaryKey(),
    municipalityId: municipalityRef(),
    state: text('state').notNull(),
    nonce: text('nonce').notNull(),
    codeVerifier: text('code_verifier').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('pending_sign_in_state_uq').on(t.state)],
);
