import { defineConfig } from 'vitest/config';

// Three groups: fast unit and database tests beside the code; tests that open generated files in
// LibreOffice or print with Chromium (`*.lo.test.ts`, `*.pdf.test.ts`, beside the code); browser
// tests in e2e/. `npm run test:unit` runs the first alone; `npm test` runs all three, and a
// missing LibreOffice or Chromium fails them rather than skipping them.
const slow = ['src/**/*.lo.test.ts', 'src/**/*.pdf.test.ts'];

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts'],
          exclude: slow,
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      { test: { name: 'office', include: slow, testTimeout: 300_000, hookTimeout: 300_000 } },
      { test: { name: 'e2e', include: ['e2e/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 120_000 } },
    ],
  },
});
