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
import { HTTPException } from 'hono/http-exception';
import { openDatabase } from '../db/client.ts';
import { isEmpty, loadDemo } from '../services/demo.ts';
import { createApi } from './app.ts';

export interface ServerOptions {
  port: number;
  /** Host to listen on; 0.0.0.0 by default so other machines of the office network can reach it. */
  hostname?: string;
  dataDir?: string;
  databaseUrl?: string;
  /** Folder of the built UI; defaults to dist/web of the project. */
  webRoot?: string;
  /** Load the demo data into an empty database (default true). */
  demo?: boolean;
}

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
  });
  if ((options.demo ?? true) && (await isEmpty(handle.db))) await loadDemo(handle.db);

  const webRoot = options.webRoot ?? defaultWebRoot;
  const app = new Hono();
  app.route('/', createApi(handle.db));
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
  app.onError((error, c) => {
    // Framework errors (e.g. a body that is not JSON) carry their own 4xx response.
    if (error instanceof HTTPException) return error.getResponse();
    console.error(error);
    return c.json({ error: 'サーバーでエラーが発生しました。管理者に連絡してください。' }, 500);
  });

  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: options.port, hostname: options.hostname ?? '0.0.0.0' }, () =>
      resolve(s),
    );
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await handle.close();
    },
  };
}
