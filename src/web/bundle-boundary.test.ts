import { existsSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// The browser bundle shares the features' contracts with the server (one declaration per shape), so
// everything the UI reaches must stay browser code: zod and React, never the server's framework,
// the database or Node's modules.
const WEB_DIR = dirname(fileURLToPath(import.meta.url));
const SRC_DIR = resolve(WEB_DIR, '..');
const ALLOWED_PACKAGES = ['react', 'react-dom', 'zod'];

/** Every file the UI's entry reaches through relative imports, and the packages they import. */
function reachable(entry: string): { files: string[]; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    // Type-only imports vanish from the bundle; what remains is what the browser loads.
    const source = ts.transpileModule(readFileSync(file, 'utf8'), {
      compilerOptions: {
        target: ts.ScriptTarget.ESNext,
        module: ts.ModuleKind.ESNext,
        jsx: ts.JsxEmit.ReactJSX,
        verbatimModuleSyntax: false,
      },
      fileName: file,
    }).outputText;
    for (const { fileName: specifier } of ts.preProcessFile(source, true, true).importedFiles) {
      if (specifier.startsWith('.')) {
        const target = resolve(dirname(file), specifier);
        if (/\.(tsx?)$/.test(target) && existsSync(target)) visit(target);
      } else {
        packages.add(specifier);
      }
    }
  };
  visit(resolve(WEB_DIR, entry));
  return { files: [...files].map((f) => relative(SRC_DIR, f)).sort(), packages };
}

describe('the web bundle', () => {
  const { files, packages } = reachable('main.tsx');

  it('takes the features’ contracts, the same modules the routes use', () => {
    expect(files).toEqual(
      expect.arrayContaining([
        'features/plan/contract.ts',
        'features/kpi/contract.ts',
        'features/users/contract.ts',
        'features/auth/contract.ts',
      ]),
    );
  });

  it('reaches no server code: only React and zod among the packages, no database or HTTP folder', () => {
    const outside = [...packages].filter(
      (p) => !ALLOWED_PACKAGES.some((allowed) => p === allowed || p.startsWith(`${allowed}/`)),
    );
    expect(outside).toEqual([]);
    expect(files.filter((f) => /^(db|http|services|report|formats|cli)\//.test(f))).toEqual([]);
  });
});
