/**
 * @module HTTP API
 * The API application: body limits, the guard, the one error map (answerError), every feature's
 * routes under /api (Hono + zod-openapi, each feature's routes.ts in src/features/) and the OpenAPI
 * document at /api/openapi.json. Inputs are validated by the route schemas; errors answer in
 * Japanese. The answers are declared once in each feature's contract (src/features/plan/contract.ts
 * and the like), which the web client imports too; their `.meta()` names the OpenAPI components.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import type { Database } from '../db/client.ts';
import { VersionConflictError } from '../db/history.ts';
import { HoshinError } from '../errors.ts';
import { type AuthOptions, registerAuthRoutes } from '../features/auth/routes.ts';
import { registerChangeLogRoutes } from '../features/change-log/routes.ts';
import { registerCouncilRoutes } from '../features/council/routes.ts';
import { registerCycleRoutes } from '../features/cycle/routes.ts';
import { registerHistoryRoutes } from '../features/history/routes.ts';
import { ActualEntryError } from '../features/kpi/kpi-entry.ts';
import { type KpiRouteOptions, registerKpiRoutes } from '../features/kpi/routes.ts';
import { DEFAULT_UPLOAD_LIMIT_BYTES } from '../features/kpi-table/contract.ts';
import { registerKpiTableRoutes, registerKpiTemplateRoute } from '../features/kpi-table/routes.ts';
import { deliverMailAfterCommit, type Mailer } from '../features/notices/mail.ts';
import { registerNoticeRoutes } from '../features/notices/routes.ts';
import { registerPlanRoutes } from '../features/plan/routes.ts';
import { registerPortalAssets } from '../features/portal/pages/assets.ts';
import { registerPortalRoutes } from '../features/portal/routes.ts';
import { registerProgressRoutes } from '../features/progress/routes.ts';
import { registerPublicationRoutes } from '../features/publication/routes.ts';
import { type ReportRouteOptions, registerReportRoutes } from '../features/report/routes.ts';
import { registerStrategyImportRoute, registerStrategyRoutes } from '../features/strategy/routes.ts';
import { registerUploadRoutes, UPLOAD_ROUTE_PATHS } from '../features/uploads/routes.ts';
import { registerUserRoutes } from '../features/users/routes.ts';
import { formatIssue, KpiTableError } from '../formats/kpi-table/index.ts';
import { ReportParseError } from '../formats/seed-markdown/index.ts';
import { FormatUnavailableError } from '../report/render.ts';
import type { ApiEnv } from './env.ts';
import { type GuardOptions, guard } from './guard.ts';

export interface ApiOptions extends GuardOptions, AuthOptions, KpiRouteOptions, ReportRouteOptions {
  /** Largest request body read (default 1 MB): a JSON body of a form is a few kB. */
  maxJsonBytes?: number;
  /** Largest uploaded file (default 20 MB, HOSHIN_UPLOAD_LIMIT_MB). */
  maxUploadBytes?: number;
  now?: () => Date;
  /** Mails お知らせ (SMTP_URL); without it notices are in-app only. */
  mailer?: Mailer;
  /**
   * The origin citizens reach the portal at (the first of HOSHIN_ORIGIN), for the absolute
   * addresses public pages and open data print; without it, each request's own origin.
   */
  publicOrigin?: string;
}

const DEFAULT_JSON_LIMIT = 1024 * 1024;
/** Routes whose body is a file. */
const UPLOAD_PATHS = new Set([
  '/api/kpi-table',
  '/api/progress-report',
  '/api/strategy-table',
  ...UPLOAD_ROUTE_PATHS,
]);

function tooLarge(c: Context) {
  return c.json({ error: '送信された内容が大きすぎます（上限 1 MB）。' }, 413);
}

/**
 * The one place errors become answers: refusals carry their status and Japanese message; anything
 * else is logged and answered with a 500 that says nothing of its insides.
 */
export function answerError(error: Error, c: Context): Response {
  if (error instanceof ActualEntryError)
    return c.json({ error: `入力が正しくありません: ${error.message}` }, 400);
  if (error instanceof HoshinError) return c.json({ error: error.message }, error.status);
  if (error instanceof ReportParseError) {
    return c.json(
      {
        error: `進捗報告書を取り込めません（データベースは変更していません）。${error.issues.length} 件の問題があります。`,
        issues: error.issues.map((i) => `${i.line}行目: ${i.message}`),
      },
      400,
    );
  }
  if (error instanceof KpiTableError) {
    return c.json(
      {
        error: `表を取り込めません（データベースは変更していません）。${error.issues.length} 件の問題があります。`,
        issues: error.issues.map(formatIssue),
      },
      400,
    );
  }
  if (error instanceof VersionConflictError) return c.json({ error: error.message }, 409);
  if (error instanceof FormatUnavailableError) return c.json({ error: error.message }, 503);
  // Framework errors (e.g. a body that is not JSON): their own response if they made one, else the
  // status with a Japanese message (Hono's own text is English).
  if (error instanceof HTTPException) {
    if (error.res) return error.getResponse();
    return c.json(
      { error: `送信された内容を読み取れません（形式が正しくありません: ${error.status}）。` },
      error.status,
    );
  }
  // Last line of defence behind the route schemas (src/http/params.ts): a value the database refuses
  // as data (SQLSTATE class 22: out of range, NUL, bad text) is the input's fault, not the server's.
  const code = (error.cause as { code?: unknown } | undefined)?.code ?? (error as { code?: unknown }).code;
  if (typeof code === 'string' && code.startsWith('22')) {
    console.error(error);
    return c.json(
      { error: '入力された値を扱えません（範囲外の数値、または使えない文字が含まれています）。' },
      400,
    );
  }
  console.error(error);
  return c.json({ error: 'サーバーでエラーが発生しました。管理者に連絡してください。' }, 500);
}

/**
 * The API application over a database.
 * @example serve({ fetch: createApi(db, { pdfPrinter: sharedPdfPrinter() }).fetch, port: 8080 });
 */
export function createApi(db: Database, options: ApiOptions = {}) {
  const app = new OpenAPIHono<ApiEnv>({
    defaultHook: (result, c) => {
      if (!result.success) {
        const message = result.error.issues
          .map((i) => `${i.path.join('.') || '入力'}: ${i.message}`)
          .join('／');
        return c.json({ error: `入力が正しくありません: ${message}` }, 400);
      }
    },
  });
  app.onError(answerError);
  // Forms send a few kB of JSON; only file uploads get the larger limit.
  const jsonLimit = bodyLimit({ maxSize: options.maxJsonBytes ?? DEFAULT_JSON_LIMIT, onError: tooLarge });
  const uploadLimit = options.maxUploadBytes ?? DEFAULT_UPLOAD_LIMIT_BYTES;
  const fileLimit = bodyLimit({
    maxSize: uploadLimit,
    onError: (c) =>
      c.json({ error: `ファイルが大きすぎます（上限 ${Math.round(uploadLimit / 1024 / 1024)} MB）。` }, 413),
  });
  app.use('/api/*', (c, next) => (UPLOAD_PATHS.has(c.req.path) ? fileLimit(c, next) : jsonLimit(c, next)));
  // Before the guard: notices' mail goes out only after the guard's transaction has committed.
  app.use('/api/*', deliverMailAfterCommit(options.mailer));
  app.use('/api/*', guard(db, options));
  registerAuthRoutes(app, db, options);
  registerUserRoutes(app);
  registerKpiTableRoutes(app);
  registerProgressRoutes(app);
  registerStrategyImportRoute(app);
  registerUploadRoutes(app);
  registerPlanRoutes(app);
  registerReportRoutes(app, options);
  // Before /api/kpis/{kpiId} (registerKpiRoutes), which would take 'template.xlsx' for an id.
  registerKpiTemplateRoute(app);
  registerStrategyRoutes(app);
  registerKpiRoutes(app, options);
  registerCycleRoutes(app);
  registerNoticeRoutes(app, options);
  registerCouncilRoutes(app);
  registerHistoryRoutes(app);
  registerChangeLogRoutes(app);
  registerPublicationRoutes(app);
  // The public portal: no session, no /api guard; its own read-only scope (features/portal/context.ts).
  // Before the portal's /:code/* context, which would read 'assets' as a municipality code.
  registerPortalAssets(app);
  registerPortalRoutes(app, db, options.publicOrigin);

  app.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: { title: 'Hoshin API', version: '0.1.0', description: '総合計画・総合戦略の進行管理 API' },
  });

  return app;
}
