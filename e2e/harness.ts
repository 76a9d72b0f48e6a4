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
import { type Browser, chromium, type Page } from 'playwright-core';
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

/** Serious and critical axe-core violations on the page as it is now. */
export async function severeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: axePath });
  const { violations } = await page.evaluate(() => window.axe.run());
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id}: ${violation.help} (${JSON.stringify(violation.nodes[0]?.target)})`);
}
