// Mutation testing: `npm run mutate` (all of src/), or one folder, about four times faster,
// with `npm run mutate -- --mutate 'src/span/**/*.ts' --incrementalFile reports/inc-span.json`.
// A re-run reuses the results of mutants and tests that did not change (the incremental file).
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutate.config.ts', related: true },
  // Each mutant runs only the tests that reach it.
  coverageAnalysis: 'perTest',
  mutate: ['src/**/*.ts', '!src/testing/vitest.ts', '!src/index.ts'],
  // Mutants in module-level code would each rerun the whole suite.
  ignoreStatic: true,
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  // Tests wait on I/O now and then: a third runner uses the idle time of two cores.
  concurrency: 3,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  ignorePatterns: ['dist', '.node24', '.pack', 'coverage', 'reports', 'bench/results'],
  // Test files keep their line numbers (some tests assert the lines of their own stack frames).
  disableTypeChecks: 'src/**/*.ts',
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
