import { configDefaults, defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.js';

// The suite as Stryker runs it for each mutant. Left out: tests whose work happens in child
// processes or worker threads (they load the code afresh, without the mutant under test) and
// tests that spend most of their time waiting on real-time budgets; with them, every surviving
// mutant would cost half a minute on two cores.
export default mergeConfig(
  base,
  defineConfig({
    test: {
      // Instrumented code runs slower, and the runners share the cores.
      testTimeout: 60_000,
      exclude: [
        ...configDefaults.exclude,
        'test/node/**',
        'test/docs/**',
        'test/api/section0-built.test.ts',
        'test/adversarial/eventMemory.test.ts',
        'test/adversarial/exportFailures.test.ts',
        'test/adversarial/lifecycle.test.ts',
        'test/adversarial/longRunningFlows.test.ts',
        'test/adversarial/unhandledRejection.test.ts',
        'test/e2e/differential.test.ts',
        'test/e2e/otlpFailures.test.ts',
        'test/e2e/worker.test.ts',
        'test/http/examples.test.ts',
        'test/http/optionalFrameworks.test.ts',
        'test/sampled/exitsByItself.test.ts',
      ],
    },
  }),
);
