/**
 * @module Browser test harness
 * What every browser test needs: the production UI build, the real server on a free port with its
 * own PGlite folder (demo data loaded), Debian's Chromium started as root can run it, axe-core, and
 * a signed-in session (the API answers 401 without one): the page signs in as a demo account
 * (`kikaku`, 企画, unless told otherwise) and Node-side calls use {@link apiSession}.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContextOptions, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { type Database, openDatabase } from '../src/db/client.ts';
import { DEMO_PASSWORD } from '../src/features/auth/routes.ts';
import { startServer } from '../src/http/server.ts';

export const repoRoot = fileURLToPath(new URL('..', import.meta.url));
export const webRoot = join(repoRoot, 'dist/web');
export const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

declare global {
  interface Window {
    axe: { run: () => Promise<{ violations: AxeViolation[] }> };
  }
}

export interface AxeViolation {
  id: string;
  impact?: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

/** Builds the UI when dist/web is missing (e.g. `vitest run e2e/` without `npm run build`). */
export async function buildUiIfMissing(): Promise<void> {
  if (existsSync(join(webRoot, 'index.html'))) return;
  const { build } = await import('vite');
  // Vitest runs with NODE_ENV=test; the served UI must be the production build.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: join(repoRoot, 'vite.config.ts'), mode: 'production', logLevel: 'warn' });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
}

export interface RunningApp {
  url: string;
  /** The app's PGlite folder. */
  dataDir: string;
  /** Stops the server and leaves the folder, which can then be opened (PGlite allows one process). */
  stop: () => Promise<void>;
  /** Stops the server (if running) and removes the folder. */
  close: () => Promise<void>;
}

/**
 * The app on 127.0.0.1 with a fresh data folder; `close` stops it and removes the folder. The demo's
 * year stays open unless `publishDemo` (as on a real first start): most tests write to it.
 */
export async function startApp(prefix: string, options: { publishDemo?: boolean } = {}): Promise<RunningApp> {
  await buildUiIfMissing();
  const dataDir = await mkdtemp(join(tmpdir(), prefix));
  // No background warm-up: these tests drive a Chromium of their own on a small machine; a PDF request
  // still opens the server's shared printer on first use.
  const server = await startServer({
    port: 0,
    hostname: '127.0.0.1',
    dataDir,
    webRoot,
    warmPdfPrinter: false,
    publishDemo: options.publishDemo ?? false,
  });
  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= server.close();
    return stopped;
  };
  return {
    url: server.url,
    dataDir,
    stop,
    close: async () => {
      await stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** The demo accounts (src/features/users/demo-accounts.ts), all with DEMO_PASSWORD. */
export type DemoUser = 'admin' | 'kikaku' | 'kanko' | 'shoko' | 'iin' | 'etsuran';

/** Signs the page's browser context in through the API (the session cookie is shared with the page). */
export async function signInByApi(page: Page, url: string, username: string, password = DEMO_PASSWORD) {
  const response = await page.request.post(`${url}/api/auth/login`, { data: { username, password } });
  if (!response.ok())
    throw new Error(`sign-in as ${username} failed: ${response.status()} ${await response.text()}`);
}

/** Signs in through the real sign-in form (the page must show it) and waits for the app's header. */
export async function signInWithForm(page: Page, username: string, password = DEMO_PASSWORD) {
  await page.getByRole('textbox', { name: 'ユーザー名' }).fill(username);
  await page.getByLabel('パスワード', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'ログイン', exact: true }).click();
  await page.getByRole('button', { name: 'ログアウト' }).waitFor();
}

/** A Node-side client signed in as `username`: sends the session cookie, and the CSRF token on writes. */
export async function apiSession(url: string, username: string, password = DEMO_PASSWORD) {
  const login = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!login.ok) throw new Error(`sign-in as ${username} failed: ${login.status} ${await login.text()}`);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  return {
    fetch: (path: string, init: RequestInit = {}) =>
      fetch(`${url}${path}`, {
        ...init,
        headers: { ...(init.headers as Record<string, string>), cookie, 'x-csrf-token': csrfToken },
      }),
  };
}

/** Debian's Chromium, headless; the flags keep it off the (closed) network and work as root. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

export interface AppPage {
  /** The app's address (http://127.0.0.1:port). */
  readonly url: string;
  /**
   * Stops the app and runs `work` on its database (as its owner: no row-level security), e.g. to
   * read `change_log`. The app does not come back: call it in the describe block's last test.
   */
  readDatabase: <T>(work: (db: Database) => Promise<T>) => Promise<T>;
  /** A Japanese page on the app's start screen; available once the describe block's beforeAll ran. */
  readonly page: Page;
  /** Every URL the page requested, to prove nothing leaves the machine. */
  readonly requests: string[];
  readonly consoleErrors: string[];
}

/**
 * For one describe block: the app, Chromium and a page (1280×900, ja-JP unless `pageOptions` say
 * otherwise) signed in as `signInAs` (null: not signed in, the sign-in screen) and opened on the start
 * screen, recording requests and console errors; all closed afterwards.
 */
export function useAppPage(
  prefix: string,
  pageOptions: BrowserContextOptions = {},
  timeout = 60_000,
  signInAs: DemoUser | null = 'kikaku',
): AppPage {
  let server: RunningApp | undefined;
  let browser: Browser | undefined;
  let page: Page | undefined;
  const requests: string[] = [];
  const consoleErrors: string[] = [];
  beforeAll(async () => {
    server = await startApp(prefix);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'ja-JP', ...pageOptions });
    page.on('request', (request) => {
      requests.push(request.url());
    });
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    if (signInAs) await signInByApi(page, server.url, signInAs);
    await page.goto(server.url);
  }, timeout);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  }, timeout);
  return {
    get url() {
      if (!server) throw new Error('useAppPage: the app starts in beforeAll');
      return server.url;
    },
    get page() {
      if (!page) throw new Error('useAppPage: the page opens in beforeAll');
      return page;
    },
    async readDatabase(work) {
      if (!server) throw new Error('useAppPage: the app starts in beforeAll');
      await server.stop();
      const handle = await openDatabase({ dataDir: server.dataDir, purpose: 'e2e' });
      try {
        return await work(handle.db);
      } finally {
        await handle.close();
      }
    },
    requests,
    consoleErrors,
  };
}

/** Serious and critical axe-core violations on the page as it is now. */
export async function severeViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol: a <script> tag would be an inline script, which the
  // app's Content-Security-Policy (script-src 'self') rightly blocks.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(await readFile(axePath, 'utf8'));
  const { violations } = await page.evaluate(() => window.axe.run());
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id}: ${violation.help} (${JSON.stringify(violation.nodes[0]?.target)})`);
}
