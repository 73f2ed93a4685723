import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    testTimeout: 30_000,
    pool: 'forks',
    setupFiles: ['test/fuzz-seed-setup.ts'],
  },
});
