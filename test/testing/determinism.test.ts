import { describe, expect, it } from 'vitest';
import { createTestTelemetry } from '../../src/testing/index.js';

/**
 * Dedup and batching driven by clock.advance only; returns the executed event log.
 * Time moves in steps that cross the batch interval and the dedup window.
 */
async function dedupAndBatchScenario(): Promise<string> {
  const t = createTestTelemetry({ events: { dedupWindowMs: 1000, batchIntervalMs: 500, maxBatchSize: 3 } });
  for (let attempt = 0; attempt < 5; attempt++) {
    t.emitEvent('payment.declined', { amount: attempt }, { dedupKey: 'card-1' });
  }
  t.emitEvent('payment.declined', { amount: 9 }, { dedupKey: 'card-2' });
  t.clock.advance(300);
  for (let id = 0; id < 4; id++) t.emitBatched('cache.miss', 1, { batchKey: 'users', id });
  t.emitBatched('cache.miss', { bytes: 10 }, { batchKey: 'orders' });
  t.clock.advance(300);
  t.emitEvent('payment.declined', { amount: 5 }, { dedupKey: 'card-1' });
  t.clock.advance(1500);
  t.emitEvent('payment.declined', { amount: 6 }, { dedupKey: 'card-1' });
  t.emitBatched('cache.miss', 1, { batchKey: 'users', id: 4 });
  t.clock.advance(250);
  await t.shutdown();
  return JSON.stringify(t.events().map(({ event, measurements, metadata, at }) => ({ event, measurements, metadata, at })));
}

describe('a dedup + batch scenario on the manual clock', () => {
  it('executes the same event log, with the same times, in 1,000 fresh runs', async () => {
    const first = await dedupAndBatchScenario();
    const log = JSON.parse(first) as { event: string[]; metadata: Record<string, unknown> }[];
    const names = new Set(log.map((entry) => entry.event.join('.')));
    // The scenario exercises every path it claims to: direct, suppressed, summarized, batched.
    expect([...names].sort()).toEqual(['batched.cache.miss', 'payment.declined', 'suppressed.payment.declined']);
    const reasons = new Set(log.filter((entry) => entry.event[0] === 'batched').map((entry) => entry.metadata.reason));
    expect(reasons).toContain('size');
    expect(reasons).toContain('interval');

    let identical = 0;
    for (let run = 1; run < 1000; run++) {
      if ((await dedupAndBatchScenario()) === first) identical += 1;
    }
    expect(identical).toBe(999);
  });
});
