// Runs under node:test (`node --import tsx --test test/node/*.test.ts`), not vitest: the
// test kit must work with any runner.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createTestTelemetry, waitFor, waitForEvent } from '../../src/testing/index.js';

test('records spans and events, and keeps spans after shutdown', async () => {
  const t = createTestTelemetry();
  await t.withSpan('http.request', async () => {
    await t.withSpan('job.run', { 'job.id': 7 }, async () => {
      t.execute('job.done', { attempts: 1 }, { jobId: 7 });
    });
  });
  await t.shutdown();

  assert.deepEqual(
    t.spanTree().map((root) => [root.name, root.children.map((child) => [child.name, child.attributes['job.id']])]),
    [['http.request', [['job.run', 7]]]],
  );
  assert.deepEqual(
    t.spans().map((span) => span.name),
    ['job.run', 'http.request'],
  );
  const [done] = t.events('job.done');
  assert.deepEqual(done?.measurements, { attempts: 1 });
  assert.equal(t.events('span.start').length, 2);
});

test('waitForEvent resolves with an event that arrives later', async () => {
  const t = createTestTelemetry();
  const waiting = waitForEvent(t, 'job.done', { where: (e) => e.metadata.jobId === 2 });
  setImmediate(() => {
    t.execute('job.done', {}, { jobId: 1 });
    t.execute('job.done', { attempts: 2 }, { jobId: 2 });
  });
  const done = await waiting;
  assert.deepEqual(done.measurements, { attempts: 2 });
  await t.shutdown();
});

test('waitForEvent rejects with the events seen', async () => {
  const t = createTestTelemetry();
  t.execute('job.started', {}, { jobId: 3 });
  await assert.rejects(waitForEvent(t, 'job.done', { timeoutMs: 10 }), {
    message: 'waitForEvent: no job.done within 10ms; 1 event was executed:\n  - job.started ×1, metadata keys: [jobId]',
  });
  await t.shutdown();
});

test('the manual clock drives dedup windows and batches without real time', async () => {
  const t = createTestTelemetry({ events: { dedupWindowMs: 1000, batchIntervalMs: 500 } });
  assert.equal(t.emitEvent('login.failed', {}, { dedupKey: 'alice' }), true);
  assert.equal(t.emitEvent('login.failed', {}, { dedupKey: 'alice' }), false);
  t.emitBatched('cache.miss', 2, { batchKey: 'users' });
  t.clock.advance(1000);

  const [batch] = t.events('batched.cache.miss');
  assert.deepEqual(batch?.measurements, { count: 2 });
  const [summary] = t.events('suppressed.login.failed');
  assert.deepEqual(summary?.measurements, { count: 1 });
  await t.shutdown();
});

test('waitFor resolves once a span ended in the background is recorded', async () => {
  const t = createTestTelemetry();
  void t.withSpan('background', () => new Promise<void>((resolve) => setImmediate(resolve)));
  assert.equal(t.spans().length, 0);
  const [span] = await waitFor(() => (t.spans().length > 0 ? t.spans() : undefined));
  assert.equal(span?.name, 'background');
  await t.shutdown();
});
