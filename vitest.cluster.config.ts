import { defineConfig } from 'vitest/config';

/**
 * `npm run test:cluster` (issue 13, tests 2 and 5): engine nodes on the local PostgreSQL, a node
 * killed, a database cut away. Not part of `npm test`: it needs PostgreSQL on 127.0.0.1:5432 and
 * runs its own engines (ports CLUSTER_PORT_BASE, 18350, and up) for several minutes.
 */
export default defineConfig({
  test: {
    name: 'cluster',
    include: ['test/cluster/**/*.test.ts'],
    environment: 'node',
    // Each file starts its own engines; one at a time on a small machine.
    fileParallelism: false,
    pool: 'forks',
    poolOptions: { forks: { singleFork: true } },
    testTimeout: 900_000,
    hookTimeout: 900_000,
  },
});
