import { afterEach } from 'vitest';
import { createTestTelemetry, type TestTelemetry, type TestTelemetryOptions } from '../../src/testing/index.js';

// Every instance a test file makes is shut down after each test, so none outlives its test.
const created: TestTelemetry[] = [];
afterEach(async () => {
  await Promise.all(created.splice(0).map((telemetry) => telemetry.shutdown({ timeoutMs: 200 })));
});

/** A test telemetry that is shut down after the current test. */
export function make(options?: TestTelemetryOptions): TestTelemetry {
  const telemetry = createTestTelemetry(options);
  created.push(telemetry);
  return telemetry;
}

/** Lets pending promise callbacks and immediates run. */
export const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
