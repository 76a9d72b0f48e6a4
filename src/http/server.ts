/**
 * @module HTTP server
 * One process serves the API and the built web UI (dist/web) from this machine: no CDN, nothing
 * fetched from outside. On first start with an empty database the demo data is loaded.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { openDatabase } from '../db/client.ts';
import { runReminderSweep } from '../features/notices/reminders.ts';
import { sharedPdfPrinter } from '../formats/report-pdf/shared-printer.ts';
import { isEmpty, loadDemo, publishDemoYear } from '../services/demo.ts';
import { answerError, createApi } from './app.ts';
import { hostCheck, securityHeaders } from './edges.ts';
import { serverSettingsFromEnv } from './settings.ts';

export interface ServerOptions {
  port: number;
  /**
   * Address to listen on: 127.0.0.1 by default (this machine only). A city server behind its reverse
   * proxy sets HOST=0.0.0.0 (or the proxy-facing address) and HOSHIN_ORIGIN to its public origin.
   */
  hostname?: string;
  /** Settings from the environment (HOSHIN_ORIGIN, LDAP_*, OIDC_*, HOSHIN_ROLE_MAP …); process.env by default. */
  env?: NodeJS.ProcessEnv;
  dataDir?: string;
  databaseUrl?: string;
  /** Folder of the built UI; defaults to dist/web of the project. */
  webRoot?: string;
  /** Load the demo data into an empty database (default true). */
  demo?: boolean;
  /**
   * With the demo: close (確定) and publish its reported year on the first start (default true), so
   * the public portal is filled. Browser tests that write that year turn it off.
   */
  publishDemo?: boolean;
  /**
   * Start Chromium for PDFs in the background shortly after listening (default true), so that the
   * first PDF does not wait for it. Either way the one browser is started on the first PDF at the
   * latest and kept until the server closes.
   */
  warmPdfPrinter?: boolean;
}

/** Delay before warming the PDF printer: the first page loads of the UI come first. */
const PDF_WARM_UP_DELAY_MS = 1000;
/** How often 提出期限 reminders are swept (they are also written whenever a board or notice list is read). */
const REMINDER_SWEEP_MS = 3600_000;
/** The first sweep, shortly after start: a server restarted in the morning reminds that morning. */
const FIRST_REMINDER_SWEEP_MS = 10_000;

const defaultWebRoot = fileURLToPath(new URL('../../dist/web', import.meta.url));

/**
 * Opens the database, loads the demo when it is empty, and serves the app.
 * @example const { url, close } = await startServer({ port: 0, dataDir: 'memory://' });
 */
export async function startServer(
  options: ServerOptions,
): Promise<{ url: string; close: () => Promise<void> }> {
  const handle = await openDatabase({
    ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}),
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    purpose: 'serve',
  });
  if ((options.demo ?? true) && (await isEmpty(handle.db))) {
    const summaries = await loadDemo(handle.db);
    if (options.publishDemo ?? true) await publishDemoYear(handle.db, summaries);
  }

  const webRoot = options.webRoot ?? defaultWebRoot;
  const hostname = options.hostname ?? '127.0.0.1';
  const settings = serverSettingsFromEnv(options.env ?? process.env, hostname);
  const app = new Hono();
  app.use('*', hostCheck(settings.allowedHosts));
  app.use('*', securityHeaders());
  // One Chromium for all PDF requests: a fresh one per request would make each PDF 2–3 times slower.
  const pdfPrinter = sharedPdfPrinter();
  // On a PostgreSQL server, requests may use a role of their own that owns no table
  // (DATABASE_APP_URL); migrations, the demo load and CLI commands use DATABASE_URL's owner.
  const appUrl = (options.env ?? process.env).DATABASE_APP_URL;
  const requestHandle =
    appUrl && handle.kind === 'postgres'
      ? await openDatabase({ databaseUrl: appUrl, migrate: false })
      : handle;
  app.route('/', createApi(requestHandle.db, { pdfPrinter, ...settings.api }));
  app.all('/api/*', (c) => c.json({ error: `見つかりません: ${c.req.path}` }, 404));
  app.use('/*', serveStatic({ root: webRoot }));
  app.get('*', async (c) => {
    const index = `${webRoot}/index.html`;
    if (!existsSync(index)) {
      return c.text(
        '画面が未作成です。npm run build を実行してください。(UI not built: run npm run build)',
        503,
      );
    }
    return c.html(await readFile(index, 'utf8'));
  });
  app.onError(answerError);

  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: options.port, hostname }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  let closing = false;
  const warmUp =
    (options.warmPdfPrinter ?? true)
      ? setTimeout(() => {
          // Never fatal: without Chromium only PDF requests fail, each with the install hint.
          pdfPrinter.warm().catch((error: unknown) => {
            if (!closing)
              console.warn(`PDF の準備に失敗しました（要求時に再試行します）: ${(error as Error).message}`);
          });
        }, PDF_WARM_UP_DELAY_MS).unref()
      : undefined;
  // Never fatal: runReminderSweep logs its own failures.
  const sweep = () => {
    if (!closing) void runReminderSweep(requestHandle.db, new Date(), settings.api.mailer);
  };
  const firstSweep = setTimeout(sweep, FIRST_REMINDER_SWEEP_MS).unref();
  const sweeps = setInterval(sweep, REMINDER_SWEEP_MS).unref();
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      closing = true;
      clearTimeout(warmUp);
      clearTimeout(firstSweep);
      clearInterval(sweeps);
      settings.api.mailer?.close?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pdfPrinter.close();
      if (requestHandle !== handle) await requestHandle.close();
      await handle.close();
    },
  };
}
