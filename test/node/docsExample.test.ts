// The node:test example of docs/testing.md, as written there, against a worker that emits
// `job.done` inside its `job.run` span and ends the span a turn later.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createTestTelemetry, waitForEvent, type TestTelemetry } from '../../src/testing/index.js';

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function startWorker(t: TestTelemetry): void {
  setImmediate(() =>
    t.withSpan('job.run', { 'job.id': 7 }, async () => {
      await nextTurn();
      t.emitEvent('job.done', { attempts: 1 }, { jobId: 7 });
      await nextTurn(); // the job records its result before the span ends
    }),
  );
}

test('the worker reports each job it finishes', async () => {
  const t = createTestTelemetry();
  startWorker(t); // runs each job in a 'job.run' span, asynchronously

  const done = await waitForEvent(t, 'job.done', { where: (e) => e.metadata.jobId === 7 });
  assert.equal(done.measurements.attempts, 1);
  // job.done is emitted inside the job's span, which ends after it: wait for the span too.
  await waitForEvent(t, 'span.stop', { where: (e) => e.metadata.name === 'job.run' });
  assert.deepEqual(t.spanTree().map((node) => node.name), ['job.run']);
  await t.shutdown();
  assert.equal(t.spans().length, 1); // spans survive shutdown
});
