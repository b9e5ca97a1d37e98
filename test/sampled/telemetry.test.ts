import { afterEach, describe, expect, it } from 'vitest';
import { createTestTelemetry, type TestTelemetry } from '../../src/testing/index.js';
import '../../src/testing/vitest.js';

const instances: TestTelemetry[] = [];

function create(): TestTelemetry {
  const telemetry = createTestTelemetry({ events: { dedupWindowMs: 5000, batchIntervalMs: 1000 } });
  instances.push(telemetry);
  return telemetry;
}

afterEach(async () => {
  await Promise.all(instances.splice(0).map((telemetry) => telemetry.shutdown({ timeoutMs: 500 })));
});

describe('sampled events through createTelemetry', () => {
  it('executes a deduplicated event once and summarizes the rest when its window closes', () => {
    const t = create();
    const start = t.clock.now();
    expect(t.emitEvent('payment.declined', { amount: 5 }, { dedupKey: 'card-1' })).toBe(true);
    t.clock.advance(100);
    expect(t.emitEvent('payment.declined', { amount: 6 }, { dedupKey: 'card-1' })).toBe(false);
    t.clock.advance(100);
    expect(t.emitEvent('payment.declined', { amount: 7 }, { dedupKey: 'card-1' })).toBe(false);
    expect(t).toHaveEmitted('payment.declined', { times: 1, measurements: { amount: 5 }, metadata: { dedupKey: 'card-1' } });

    t.clock.advance(4799); // 4999 after the execution: the window is still open
    expect(t).not.toHaveEmitted('suppressed.payment.declined');
    t.clock.advance(1); // the tick at +5000 sees it closed
    expect(t).toHaveEmitted('suppressed.payment.declined', {
      times: 1,
      measurements: { count: 2 },
      metadata: { dedupKey: 'card-1', firstAt: start + 100, lastAt: start + 200 },
    });
    expect(t.events('suppressed.payment.declined')[0]?.at).toBe(start + 5000);
  });

  it('flushes batched occurrences on the flusher tick, one batch per key', () => {
    const t = create();
    t.emitBatched('cache.miss', 1, { batchKey: 'users' });
    t.emitBatched('cache.miss', 2, { batchKey: 'users' });
    t.emitBatched('cache.miss', 1, { batchKey: 'carts' });
    t.clock.advance(999);
    expect(t).not.toHaveEmitted('batched.cache.miss');
    t.clock.advance(1);
    expect(t).toHaveEmitted('batched.cache.miss', { times: 2 });
    expect(t).toHaveEmitted('batched.cache.miss', { times: 1, measurements: { count: 3 }, metadata: { batchKey: 'users', reason: 'interval' } });
    expect(t).toHaveEmitted('batched.cache.miss', { times: 1, measurements: { count: 1 }, metadata: { batchKey: 'carts', reason: 'interval' } });
    expect(t).not.toHaveEmitted('cache.miss');
  });
});
