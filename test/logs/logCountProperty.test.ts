import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SamplingRule } from '../../src/config/options.js';
import { counter, type MetricDefinition } from '../../src/index.js';
import { createTestTelemetry, type RecordedLog } from '../../src/testing/index.js';
import { seededRandom } from '../support/seededRandom.js';

// Events emitted one by one (and executed), and events only ever batched: distinct names,
// since a batch is logged under its event's own name.
const EMITTED = ['db.error', 'http.fail', 'job.retry'] as const;
const BATCHED = ['cache.miss', 'queue.full'] as const;
type Emitted = (typeof EMITTED)[number];
type Batched = (typeof BATCHED)[number];

// A counter per event, per batch event and per summary event: each counts the executions of
// its event, whoever executes it.
const COUNTED_EVENTS = [...EMITTED, ...BATCHED.map((event) => `batched.${event}`), ...EMITTED.map((event) => `suppressed.${event}`)];
const COUNTERS: readonly MetricDefinition[] = COUNTED_EVENTS.map((event) => counter(`${event}.count`));

const ruleArbitrary: fc.Arbitrary<SamplingRule | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.constant('always' as const),
  fc.constant('never' as const),
  fc.double({ min: 0, max: 1, noNaN: true }).map((random) => ({ random })),
  fc.integer({ min: 1, max: 5 }).map((rateLimited) => ({ rateLimited })),
  fc.record({ reservoir: fc.integer({ min: 1, max: 4 }), perMs: fc.integer({ min: 100, max: 2000 }) }),
  fc.integer({ min: 1, max: 5 }).map((adaptive) => ({ adaptive })),
);

type Step =
  | { kind: 'emit'; event: Emitted; dedupKey: string | number | undefined; severity: 'warn' | 'error' | undefined }
  | { kind: 'execute'; event: Emitted }
  | { kind: 'batch'; event: Batched; batchKey: string | undefined; measurement: number }
  | { kind: 'advance'; ms: number }
  | { kind: 'flush' };

const stepArbitrary: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('emit' as const),
      event: fc.constantFrom(...EMITTED),
      dedupKey: fc.option(fc.constantFrom('k1', 7), { nil: undefined, freq: 4 }),
      severity: fc.option(fc.constantFrom('warn', 'error'), { nil: undefined }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('execute' as const), event: fc.constantFrom(...EMITTED) }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('batch' as const),
      event: fc.constantFrom(...BATCHED),
      batchKey: fc.option(fc.constantFrom('a', 'b'), { nil: undefined }),
      measurement: fc.integer({ min: 1, max: 5 }),
    }),
  },
  // Mostly short steps, inside a dedup window; now and then one that closes windows.
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 100 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 400, max: 2500 }) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'flush' as const }) },
);


function logCountOf(records: RecordedLog[]): number {
  return records.reduce((total, record) => total + Number(record.attributes.log_count), 0);
}

const countBy = <K extends string>(keys: readonly K[]): Record<K, number> => Object.fromEntries(keys.map((key) => [key, 0])) as Record<K, number>;

describe('log_count accounting', () => {
  it('sums, per event, to its executed plus suppressed occurrences; per batch event, to its emitBatched calls; counters match handlers', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({ 'db.error': ruleArbitrary, 'job.retry': ruleArbitrary }),
        fc.record({
          dedupWindowMs: fc.integer({ min: 100, max: 3000 }),
          batchIntervalMs: fc.integer({ min: 1, max: 5000 }),
          maxBatchSize: fc.integer({ min: 1, max: 6 }),
          // Few keys now and then, so that evictions summarize open windows.
          maxDedupKeys: fc.oneof(fc.integer({ min: 1, max: 3 }), fc.constant(10_000)),
          maxBatchKeys: fc.integer({ min: 1, max: 3 }),
        }),
        fc.constantFrom('emitted' as const, 'all' as const),
        fc.array(stepArbitrary, { minLength: 1, maxLength: 80, size: 'max' }),
        fc.integer(),
        async (rules, limits, logEvents, steps, seed) => {
          const sampling = Object.fromEntries(Object.entries(rules).filter((entry): entry is [string, SamplingRule] => entry[1] !== undefined));
          const t = createTestTelemetry({
            events: { ...limits, sampling },
            logs: { events: logEvents },
            metrics: { definitions: COUNTERS },
            random: seededRandom(seed),
            flushOnExit: false,
          });
          const emitCalls = countBy(EMITTED);
          const emitExecuted = countBy(EMITTED);
          const executeCalls = countBy(EMITTED);
          const batchedCalls = countBy(BATCHED);
          const batchedSum = countBy(BATCHED);
          const handlerSaw = new Map(COUNTED_EVENTS.map((event) => [event, 0]));
          for (const event of COUNTED_EVENTS) t.attach(`count ${event}`, event, () => void handlerSaw.set(event, (handlerSaw.get(event) ?? 0) + 1));

          for (const step of steps) {
            switch (step.kind) {
              case 'emit': {
                emitCalls[step.event]++;
                const metadata = { ...(step.dedupKey === undefined ? {} : { dedupKey: step.dedupKey }), severity: step.severity };
                if (t.emitEvent(step.event, { size: 1 }, metadata)) emitExecuted[step.event]++;
                break;
              }
              case 'execute':
                executeCalls[step.event]++;
                t.execute(step.event, { size: 1 });
                break;
              case 'batch':
                batchedCalls[step.event]++;
                batchedSum[step.event] += step.measurement;
                t.emitBatched(step.event, step.measurement, step.batchKey === undefined ? undefined : { batchKey: step.batchKey });
                break;
              case 'advance':
                t.clock.advance(step.ms);
                break;
              case 'flush':
                await t.flush();
                break;
            }
          }
          await t.shutdown();

          const health = t.health();
          const stats = t.samplingStats();
          const records = t.logs();
          let suppressedTotal = 0;
          let sampledOutTotal = 0;
          for (const event of EMITTED) {
            const rule = stats[event];
            const sampledOut = rule === undefined ? 0 : rule.total - rule.sampled;
            const suppressed = emitCalls[event] - emitExecuted[event] - sampledOut;
            suppressedTotal += suppressed;
            sampledOutTotal += sampledOut;
            // 'all' also logs every execute, each counting 1.
            const expected = emitExecuted[event] + suppressed + (logEvents === 'all' ? executeCalls[event] : 0);
            const logged = logCountOf(records.filter((record) => record.eventName === event));
            expect(logged, `log_count summed over ${event}: ${emitExecuted[event]} executed, ${suppressed} suppressed, ${executeCalls[event]} executes`).toBe(
              expected,
            );
          }
          expect(health.events.suppressed, 'suppressed occurrences').toBe(suppressedTotal);
          expect(health.events.sampledOut, 'sampled-out occurrences').toBe(sampledOutTotal);
          expect(health.events.executed, 'executed: emitted occurrences let through and executes').toBe(
            EMITTED.reduce((total, event) => total + emitExecuted[event] + executeCalls[event], 0),
          );

          for (const event of BATCHED) {
            const batches = records.filter((record) => record.eventName === event);
            expect(logCountOf(batches), `log_count summed over ${event} batches`).toBe(batchedCalls[event]);
            const summed = batches.reduce((total, record) => total + Number(record.attributes.count), 0);
            expect(summed, `count summed over ${event} batches`).toBe(batchedSum[event]);
          }

          const metrics = await t.collectMetrics();
          for (const event of COUNTED_EVENTS) {
            const metric = metrics.find((candidate) => candidate.name === `${event}.count`);
            const value = (metric?.points ?? []).reduce((total, point) => total + (typeof point.value === 'number' ? point.value : NaN), 0);
            expect(value, `${event}.count after shutdown`).toBe(handlerSaw.get(event));
          }
          expect(health.logs, 'every record exported').toEqual({ exported: records.length, failed: 0, dropped: 0 });
        },
      ),
      { numRuns: 300 },
    );
  });
});
