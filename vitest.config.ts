import { defineConfig } from 'vitest/config';

// Two groups: fast unit and database tests beside the code, and slow browser tests in e2e/.
// `npm run test:unit` runs the first alone.
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['src/**/*.test.ts'], testTimeout: 30_000, hookTimeout: 60_000 } },
      { test: { name: 'e2e', include: ['e2e/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 120_000 } },
    ],
  },
});
