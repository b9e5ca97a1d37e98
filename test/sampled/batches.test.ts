import { describe, expect, it } from 'vitest';
import { createHarness } from './setup.js';

describe('emitBatched', () => {
  it('gives two size batches at once and one interval batch of the rest at the next tick', () => {
    const { events, clock, named } = createHarness({ maxBatchSize: 100, batchIntervalMs: 1000 });
    for (let i = 0; i < 250; i++) events.emitBatched('http.request', 1, { path: `/p${i}` });
    const sizeBatches = named('batched.http.request');
    expect(sizeBatches.map((batch) => batch.metadata.reason)).toEqual(['size', 'size']);
    expect(sizeBatches.map((batch) => batch.measurements)).toEqual([{ count: 100 }, { count: 100 }]);
    expect(events.health().events).toMatchObject({ batches: 1, batchedEvents: 50 });

    clock.advance(999);
    expect(named('batched.http.request')).toHaveLength(2);
    clock.advance(1);
    const all = named('batched.http.request');
    expect(all).toHaveLength(3);
    expect(all[2]).toMatchObject({ measurements: { count: 50 }, metadata: { batchKey: 'default', reason: 'interval' } });
    const occurrences = all.flatMap((batch) => batch.metadata.events as { path: string }[]);
    expect(occurrences.map((metadata) => metadata.path)).toEqual(Array.from({ length: 250 }, (_, i) => `/p${i}`));
    expect(events.health().events).toMatchObject({ batches: 0, batchedEvents: 0, lastFlushAt: clock.now() });
  });

  it('sums record measurements per field and counts occurrences', () => {
    const { events, events: { flush }, named } = createHarness();
    events.emitBatched('db.query', { duration: 3, rows: 10 });
    events.emitBatched('db.query', { duration: 4.5 });
    events.emitBatched('db.query', { rows: 2, bytes: 100 });
    flush();
    expect(named('batched.db.query')).toEqual([
      expect.objectContaining({
        measurements: { count: 3, duration: 7.5, rows: 12, bytes: 100 },
        metadata: { batchKey: 'default', events: [{}, {}, {}], reason: 'interval' },
      }),
    ]);
  });

  it('sums numbers into count, and a record carrying count into count', () => {
    const { events, named } = createHarness();
    events.emitBatched('bytes', 5);
    events.emitBatched('bytes');
    events.emitBatched('bytes', { count: 3, size: 9 });
    events.flush();
    expect(named('batched.bytes')[0]?.measurements).toEqual({ count: 9, size: 9 });
  });

  it('keeps one batch per (event, batchKey)', () => {
    const { events, named } = createHarness();
    events.emitBatched('job.done', 1, { batchKey: 'mail' });
    events.emitBatched('job.done', 1, { batchKey: 'sms' });
    events.emitBatched('job.done', 1, { batchKey: 'mail' });
    events.emitBatched(['job', 'failed'], 1, { batchKey: 'mail' });
    events.emitBatched('job.done', 1, { batchKey: 7 });
    events.flush();
    const summary = [...named('batched.job.done'), ...named('batched.job.failed')].map((batch) => [
      batch.event,
      batch.metadata.batchKey,
      batch.measurements.count,
    ]);
    expect(summary).toEqual([
      ['batched.job.done', 'mail', 2],
      ['batched.job.done', 'sms', 1],
      ['batched.job.done', 7, 1],
      ['batched.job.failed', 'mail', 1],
    ]);
  });

  it('flushes the oldest batch early when a new key would exceed maxBatchKeys', () => {
    const { events, named } = createHarness({ maxBatchKeys: 2 });
    events.emitBatched('q', 1, { batchKey: 'a' });
    events.emitBatched('q', 2, { batchKey: 'b' });
    events.emitBatched('q', 1, { batchKey: 'a' });
    expect(named('batched.q')).toHaveLength(0);
    events.emitBatched('q', 4, { batchKey: 'c' });
    expect(named('batched.q').map((batch) => [batch.metadata.batchKey, batch.measurements.count, batch.metadata.reason])).toEqual([
      ['a', 2, 'overflow'],
    ]);
    expect(events.health().events.batches).toBe(2);
    events.shutdown();
    expect(named('batched.q').map((batch) => [batch.metadata.batchKey, batch.measurements.count, batch.metadata.reason])).toEqual([
      ['a', 2, 'overflow'],
      ['b', 2, 'interval'],
      ['c', 4, 'interval'],
    ]);
  });

  it('never breaks a flush on circular or huge metadata', () => {
    const { events, named } = createHarness();
    const circular: Record<string, unknown> = { name: 'loop' };
    circular.self = circular;
    const huge = { blob: 'x'.repeat(5_000_000), list: Array.from({ length: 100_000 }, (_, i) => i) };
    events.emitBatched('weird', 1, circular);
    events.emitBatched('weird', 1, huge);
    events.emitEvent('weird.event', {}, { ...circular, dedupKey: 'k' });
    expect(() => events.flush()).not.toThrow();
    expect(named('batched.weird')[0]?.metadata.events).toEqual([circular, huge]);
  });

  it('lets a batch handler emit again while the batch is being executed', () => {
    const { events, named } = createHarness({ maxBatchSize: 2 });
    events.attach('re-emit', 'batched.loop', (_event, measurements) => {
      if ((measurements.count ?? 0) < 4) events.emitBatched('loop', measurements.count ?? 0);
    });
    events.emitBatched('loop', 1);
    events.emitBatched('loop', 1);
    events.emitBatched('loop', 1);
    events.flush();
    // size batch (2) re-emits 2; the third occurrence fills it (3, re-emits 3); flush executes
    // that 3, whose handler opens a new batch that stays pending
    expect(named('batched.loop').map((batch) => [batch.measurements.count, batch.metadata.reason])).toEqual([
      [2, 'size'],
      [3, 'size'],
      [3, 'interval'],
    ]);
    expect(events.health().events).toMatchObject({ batches: 1, batchedEvents: 1 });
  });
});
