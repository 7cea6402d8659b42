import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // One embedded PostgreSQL for the run, a migrated template cloned per test file (test/support/engines.ts).
    globalSetup: ['test/support/global-setup.ts'],
    // Argon2 and the database share two cores: two workers suit these machines.
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    testTimeout: 120_000,
    hookTimeout: 240_000,
    reporters: ['default'],
  },
});
