import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SamplingRule } from '../../src/config/options.js';
import { createHarness, seededRandom } from './setup.js';

const ruleArbitrary: fc.Arbitrary<SamplingRule> = fc.oneof(
  fc.constant('always' as const),
  fc.constant('never' as const),
  fc.double({ min: 0, max: 1, noNaN: true }).map((random) => ({ random })),
  fc.integer({ min: 1, max: 20 }).map((rateLimited) => ({ rateLimited })),
  fc.record({ reservoir: fc.integer({ min: 1, max: 10 }), perMs: fc.integer({ min: 100, max: 3000 }) }),
  fc.integer({ min: 1, max: 20 }).map((adaptive) => ({ adaptive })),
);

const eventArbitrary = fc.constantFrom('a', 'b.c', 'd');
const keyArbitrary = fc.option(fc.oneof(fc.constantFrom('x', 'y', 'z'), fc.integer({ min: 0, max: 3 })), { nil: undefined });

type Step =
  | { kind: 'emit'; event: string; dedupKey: string | number | undefined }
  | { kind: 'batch'; event: string; batchKey: string; measurement: number }
  | { kind: 'advance'; ms: number }
  | { kind: 'flush' };

const stepArbitrary: fc.Arbitrary<Step> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('emit' as const), event: eventArbitrary, dedupKey: keyArbitrary }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('batch' as const),
      event: eventArbitrary,
      batchKey: fc.constantFrom('default', 'k1', 'k2', 'k3'),
      measurement: fc.integer({ min: -5, max: 50 }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 3000 }) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'flush' as const }) },
);

describe('accounting', () => {
  it('executed + suppressed + sampled out = emitEvent calls, and batched counts sum to emitBatched measurements', () => {
    fc.assert(
      fc.property(
        fc.record({ a: ruleArbitrary, d: ruleArbitrary }),
        fc.record({
          dedupWindowMs: fc.integer({ min: 1, max: 5000 }),
          batchIntervalMs: fc.integer({ min: 1, max: 2000 }),
          maxBatchSize: fc.integer({ min: 1, max: 10 }),
          maxDedupKeys: fc.integer({ min: 1, max: 5 }),
          maxBatchKeys: fc.integer({ min: 1, max: 4 }),
        }),
        fc.array(stepArbitrary, { maxLength: 200 }),
        fc.integer(),
        (sampling, limits, steps, seed) => {
          const { events, clock, seen } = createHarness({ ...limits, sampling }, seededRandom(seed));
          let emitCalls = 0;
          let executedEmits = 0;
          let batchedTotal = 0;
          const emittedSeen = (): number => seen.filter((entry) => !/^(batched|suppressed)\./.test(entry.event)).length;
          for (const step of steps) {
            if (step.kind === 'emit') {
              emitCalls++;
              const metadata = step.dedupKey === undefined ? {} : { dedupKey: step.dedupKey };
              if (events.emitEvent(step.event, {}, metadata)) executedEmits++;
            } else if (step.kind === 'batch') {
              batchedTotal += step.measurement;
              events.emitBatched(step.event, step.measurement, { batchKey: step.batchKey });
            } else if (step.kind === 'advance') {
              clock.advance(step.ms);
            } else {
              events.flush();
            }
          }
          events.shutdown();
          const health = events.health().events;
          expect(health.executed + health.suppressed + health.sampledOut).toBe(emitCalls);
          expect(health.executed).toBe(executedEmits);
          expect(emittedSeen()).toBe(executedEmits);

          // every suppressed occurrence is reported once: on a later execution or in a summary
          const reportedOnExecution = seen.reduce((sum, entry) => sum + Number(entry.metadata.suppressed ?? 0), 0);
          const summarized = seen
            .filter((entry) => entry.event.startsWith('suppressed.'))
            .reduce((sum, entry) => sum + (entry.measurements.count ?? 0), 0);
          expect(reportedOnExecution + summarized).toBe(health.suppressed);

          const batchedCounts = seen
            .filter((entry) => entry.event.startsWith('batched.'))
            .reduce((sum, entry) => sum + (entry.measurements.count ?? 0), 0);
          expect(batchedCounts).toBe(batchedTotal);
          expect(health).toMatchObject({ dedupKeys: 0, batches: 0, batchedEvents: 0, dropped: 0 });

          const stats = Object.values(events.samplingStats());
          const sampledOut = stats.reduce((sum, stat) => sum + stat.total - stat.sampled, 0);
          expect(sampledOut).toBe(health.sampledOut);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('leaves every counter and samplingStats untouched when a call on a sampled, deduplicated event throws', () => {
    const { events } = createHarness({ sampling: { e: { random: 0.5 } } }, () => 0);
    expect(() => events.emitEvent('e', { n: Number.NaN }, { dedupKey: 'k' })).toThrow(TypeError);
    expect(() => events.emitEvent('e', {}, { dedupKey: null as never })).toThrow(TypeError);
    expect(() => events.emitEvent('e', {}, 'meta' as never)).toThrow(TypeError);
    expect(events.samplingStats().e).toMatchObject({ total: 0, sampled: 0 });
    expect(events.health().events).toMatchObject({ executed: 0, suppressed: 0, sampledOut: 0, dedupKeys: 0, dropped: 0 });
    expect(events.emitEvent('e', {}, { dedupKey: 'k' })).toBe(true);
    expect(events.emitEvent('e', {}, { dedupKey: 'k' })).toBe(false);
    const health = events.health().events;
    expect(health.executed + health.suppressed + health.sampledOut).toBe(2);
    expect(events.samplingStats().e).toMatchObject({ total: 2, sampled: 2 });
  });

  it('counts every emit after shutdown as dropped and does nothing else', () => {
    const { events, named, seen } = createHarness();
    const calls: unknown[] = [];
    events.attach('h', 'e', () => calls.push(1));
    events.shutdown();
    const before = seen.length;
    events.execute('e');
    expect(events.emitEvent('e', {}, { dedupKey: 'k' })).toBe(false);
    events.emitBatched('e', 3);
    events.prefixed('p').emitBatched('e');
    // even invalid input is only counted after shutdown
    expect(() => events.execute('', { n: Number.NaN })).not.toThrow();
    events.flush();
    events.shutdown();
    expect(calls).toEqual([]);
    expect(seen.length).toBe(before);
    expect(named('batched.e')).toEqual([]);
    expect(events.health().events).toMatchObject({ dropped: 5, executed: 0, batches: 0, dedupKeys: 0 });
  });
});
