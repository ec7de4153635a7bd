import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
          // Unit tests need no engine, but some load every diagram and form of the project (lint, files,
          // worker inputs): past vitest's 5 s default when this 2-core machine is busy. A hang still fails.
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/integration/global-setup.ts'],
          // One engine is shared by all integration files, so they run one
          // after another in a single process (fileParallelism is a root-only
          // option in vitest 3 projects).
          pool: 'forks',
          poolOptions: { forks: { singleFork: true } },
          testTimeout: 180_000,
          hookTimeout: 600_000,
          // A web app under test fetches its locale and data after the page loads; on a busy
          // 2-core machine that takes longer than vitest's 1 s default, and a poll that gives up
          // early reports the untranslated key (PAGE_LOGIN_SIGN_IN_ACTION) as a failure.
          expect: { poll: { timeout: 15_000 } },
        },
      },
    ],
  },
});
