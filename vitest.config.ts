import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // node:test files, run by `node --test` in `npm test` to prove the kit runner-independent.
    exclude: [...configDefaults.exclude, 'test/node/**'],
    testTimeout: 20_000,
    pool: 'forks',
  },
});
