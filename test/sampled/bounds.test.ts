import { describe, expect, it } from 'vitest';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createEventSystem } from '../../src/sampled/eventSystem.js';
import { createManualClock } from '../../src/testing/index.js';
import { createHarness, DEFAULT_EVENTS_CONFIG } from './setup.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

describe('bounded tables', () => {
  it('keeps 1,000,000 distinct dedup keys at the cap, counting evictions, with bounded heap', () => {
    // no observer here: a recorder would itself hold every executed event
    const events = createEventSystem({
      config: { ...DEFAULT_EVENTS_CONFIG, maxDedupKeys: 10_000 },
      clock: createManualClock(),
      random: Math.random,
      observe: undefined,
    });
    let handled = 0;
    events.attach('count', 'stream', () => handled++);
    const total = 1_000_000;
    let maxTableSize = 0;
    // warm up past the cap, then measure growth over the rest of the stream
    for (let i = 0; i < 20_000; i++) events.emitEvent('stream', {}, { dedupKey: i });
    gc();
    const heapBefore = process.memoryUsage().heapUsed;
    for (let i = 20_000; i < total; i++) {
      events.emitEvent('stream', {}, { dedupKey: `key-${i}` });
      if (i % 50_000 === 0) maxTableSize = Math.max(maxTableSize, events.health().events.dedupKeys);
    }
    gc();
    const heapGrowth = process.memoryUsage().heapUsed - heapBefore;
    const health = events.health().events;
    expect(health.dedupKeys).toBe(10_000);
    expect(maxTableSize).toBe(10_000);
    expect(health.dedupEvictions).toBe(total - 10_000);
    expect(health.executed).toBe(total);
    expect(handled).toBe(total);
    // the table holds 10,000 entries either way; keeping 1M keys would take > 100 MB
    expect(heapGrowth).toBeLessThan(8 * 1024 * 1024);
  });

  it('summarizes the pending suppressed count of an evicted key instead of losing it', () => {
    const { events, named } = createHarness({ maxDedupKeys: 2, batchIntervalMs: 60_000 });
    events.emitEvent('e', {}, { dedupKey: 'a' });
    events.emitEvent('e', {}, { dedupKey: 'a' });
    events.emitEvent('e', {}, { dedupKey: 'a' });
    events.emitEvent('e', {}, { dedupKey: 'b' });
    events.emitEvent('e', {}, { dedupKey: 'c' }); // evicts 'a', the least recently executed
    expect(named('suppressed.e').map((entry) => [entry.measurements, entry.metadata.dedupKey])).toEqual([[{ count: 2 }, 'a']]);
    expect(events.health().events).toMatchObject({ dedupKeys: 2, dedupEvictions: 1, suppressed: 2 });
    // 'a' starts over after eviction
    expect(events.emitEvent('e', {}, { dedupKey: 'a' })).toBe(true);
    expect(events.health().events.dedupEvictions).toBe(2);
  });

  it('counts keys of all events together against maxDedupKeys', () => {
    const { events } = createHarness({ maxDedupKeys: 3 });
    events.emitEvent('a', {}, { dedupKey: 1 });
    events.emitEvent('b', {}, { dedupKey: 1 });
    events.emitEvent('c', {}, { dedupKey: 1 });
    events.emitEvent('d', {}, { dedupKey: 1 });
    expect(events.health().events).toMatchObject({ dedupKeys: 3, dedupEvictions: 1 });
    expect(events.emitEvent('a', {}, { dedupKey: 1 })).toBe(true); // 'a' was the oldest
    expect(events.emitEvent('d', {}, { dedupKey: 1 })).toBe(false);
  });

  it('keeps batches at maxBatchKeys under a stream of distinct batch keys, dropping nothing', () => {
    const { events, named } = createHarness({ maxBatchKeys: 100 });
    for (let i = 0; i < 10_000; i++) events.emitBatched('stream', 1, { batchKey: i });
    expect(events.health().events).toMatchObject({ batches: 100, batchedEvents: 100 });
    events.shutdown();
    const batches = named('batched.stream');
    expect(batches.reduce((sum, batch) => sum + (batch.measurements.count ?? 0), 0)).toBe(10_000);
    expect(batches.filter((batch) => batch.metadata.reason === 'overflow')).toHaveLength(9_900);
  });
});
