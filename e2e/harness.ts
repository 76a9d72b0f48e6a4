/**
 * @module Browser test harness
 * What every browser test needs: the production UI build, the real server on a free port with its
 * own PGlite folder (demo data loaded), Debian's Chromium started as root can run it, and axe-core.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContextOptions, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
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

/** The app on 127.0.0.1 with a fresh data folder; `close` stops it and removes the folder. */
export async function startApp(prefix: string): Promise<{ url: string; close: () => Promise<void> }> {
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
  });
  return {
    url: server.url,
    close: async () => {
      await server.close();
      await rm(dataDir, { recursive: true, force: true });
    },
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
  /** A Japanese page on the app's start screen; available once the describe block's beforeAll ran. */
  readonly page: Page;
  /** Every URL the page requested, to prove nothing leaves the machine. */
  readonly requests: string[];
  readonly consoleErrors: string[];
}

/**
 * For one describe block: the app, Chromium and a page (1280×900, ja-JP unless `pageOptions` say
 * otherwise) opened on the start screen, recording requests and console errors; all closed afterwards.
 */
export function useAppPage(
  prefix: string,
  pageOptions: BrowserContextOptions = {},
  timeout = 60_000,
): AppPage {
  let server: { url: string; close: () => Promise<void> } | undefined;
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
    requests,
    consoleErrors,
  };
}

/** Serious and critical axe-core violations on the page as it is now. */
export async function severeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: axePath });
  const { violations } = await page.evaluate(() => window.axe.run());
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id}: ${violation.help} (${JSON.stringify(violation.nodes[0]?.target)})`);
}
