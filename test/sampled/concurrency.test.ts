import { describe, expect, it } from 'vitest';
import { createHarness } from './setup.js';

describe('concurrent emitters', () => {
  it('keeps exact totals for 20 async emitters x 1,000 interleaved events', async () => {
    const { events, clock, named } = createHarness({ dedupWindowMs: 50, maxBatchSize: 64, batchIntervalMs: 10 });
    const handled = new Map<string, number>();
    events.attach('per-emitter', 'work.done', (_event, _measurements, metadata) => {
      const emitter = String(metadata.emitter);
      handled.set(emitter, (handled.get(emitter) ?? 0) + 1);
    });
    const emitters = 20;
    const perEmitter = 1000;
    let emitted = 0;
    let executedByReturn = 0;
    await Promise.all(
      Array.from({ length: emitters }, async (_, emitter) => {
        for (let i = 0; i < perEmitter; i++) {
          events.emitBatched('work.units', { units: 2 }, { batchKey: emitter % 3, emitter });
          if (events.emitEvent('work.done', { i }, { emitter, dedupKey: `${emitter}:${i % 7}` })) executedByReturn++;
          emitted++;
          if (i % 10 === emitter % 10) clock.advance(1);
          await (i % 2 === 0 ? Promise.resolve() : new Promise((resolve) => setImmediate(resolve)));
        }
      }),
    );
    events.shutdown();
    expect(emitted).toBe(emitters * perEmitter);
    const health = events.health().events;
    expect(health.executed + health.suppressed).toBe(emitters * perEmitter);
    expect(health.executed).toBe(executedByReturn);
    expect([...handled.values()].reduce((sum, n) => sum + n, 0)).toBe(executedByReturn);
    const batches = named('batched.work.units');
    expect(batches.reduce((sum, batch) => sum + (batch.measurements.count ?? 0), 0)).toBe(emitters * perEmitter);
    expect(batches.reduce((sum, batch) => sum + (batch.measurements.units ?? 0), 0)).toBe(2 * emitters * perEmitter);
    expect(batches.reduce((sum, batch) => sum + (batch.metadata.events as unknown[]).length, 0)).toBe(emitters * perEmitter);
    const summarized = named('suppressed.work.done').reduce((sum, entry) => sum + (entry.measurements.count ?? 0), 0);
    const carried = named('work.done').reduce((sum, entry) => sum + Number(entry.metadata.suppressed ?? 0), 0);
    expect(summarized + carried).toBe(health.suppressed);
  });
});
