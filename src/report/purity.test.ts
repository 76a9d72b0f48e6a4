import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// Builders take inputs, renderers take models: nothing in report/ reads the database itself.
const REPORT_DIR = dirname(fileURLToPath(import.meta.url));
const SRC_DIR = resolve(REPORT_DIR, '..');
const FORBIDDEN_FOLDERS = ['db', 'services', 'features'];
const FORBIDDEN_PACKAGES = ['drizzle-orm', '@electric-sql/pglite', 'postgres', 'pg'];

/** The module specifiers a file imports or re-exports (type-only and dynamic `import()` included). */
function specifiers(text: string): string[] {
  return ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);
}

/** The specifiers of a file in `dir` that reach the database or the use cases. */
function forbiddenImports(dir: string, text: string): string[] {
  return specifiers(text).filter((specifier) => {
    if (specifier.startsWith('.')) {
      const [top] = relative(SRC_DIR, resolve(dir, specifier)).split(sep);
      return top !== undefined && FORBIDDEN_FOLDERS.includes(top);
    }
    return FORBIDDEN_PACKAGES.some((p) => specifier === p || specifier.startsWith(`${p}/`));
  });
}

/** The production files of report/: its tests and test support may use a database. */
function productionFiles(): string[] {
  return readdirSync(REPORT_DIR, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f) && !/(^|[/\\])test-support/.test(f))
    .sort();
}

describe('report/ is pure', () => {
  it('has the builder, its inputs and its model among the files checked', () => {
    expect(productionFiles()).toEqual(
      expect.arrayContaining(['build.ts', 'inputs.ts', 'model.ts', 'index.ts']),
    );
  });

  it('imports nothing from db/, services/, features/ or a database package', () => {
    const offending = productionFiles().flatMap((file) => {
      const path = join(REPORT_DIR, file);
      return forbiddenImports(dirname(path), readFileSync(path, 'utf8')).map((s) => `${file}: ${s}`);
    });
    expect(offending).toEqual([]);
  });

  it('would notice such an import, static, type-only, re-exported or dynamic', () => {
    const text = [
      "import { eq } from 'drizzle-orm';",
      "import type { Database } from '../db/client.ts';",
      "export { resolveMunicipality } from '../services/municipality.ts';",
      "const load = () => import('../features/report/load.ts');",
      "import { formatFiscalYear } from '../domain/calendar/index.ts';",
      "import type { ReportModel } from './model.ts';",
    ].join('\n');
    expect(forbiddenImports(REPORT_DIR, text)).toEqual([
      'drizzle-orm',
      '../db/client.ts',
      '../services/municipality.ts',
      '../features/report/load.ts',
    ]);
  });
});
