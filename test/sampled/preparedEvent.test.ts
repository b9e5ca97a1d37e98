import { afterEach, describe, expect, it } from 'vitest';
import { counter, createTelemetry, type Telemetry } from '../../src/index.js';
import { KeepingLogExporter, KeepingMetricExporter } from '../../src/testing/index.js';
import { make } from '../support/testInstances.js';

// Plain instances: the test kit's recorder sees every event, so `hasHandlers()` would always be true there.
const plain: Telemetry[] = [];
afterEach(async () => {
  await Promise.all(plain.splice(0).map((t) => t.shutdown({ timeoutMs: 200 })));
});
function instance(options: Parameters<typeof createTelemetry>[0] = {}): Telemetry {
  const t = createTelemetry({ flushOnExit: false, ...options });
  plain.push(t);
  return t;
}

describe('telemetry.event(name): prepared events', () => {
  it('has the name in array form, from an array or a dotted string', () => {
    const t = make();
    expect(t.event('db.query').name).toEqual(['db', 'query']);
    expect(t.event(['db', 'query']).name).toEqual(['db', 'query']);
    expect(Object.isFrozen(t.event('db.query').name)).toBe(true);
  });

  it('refuses a bad name at once, with a TypeError naming the argument', () => {
    const t = make();
    expect(() => t.event('')).toThrow(TypeError);
    expect(() => t.event(['db', ''])).toThrow(/name\[1\]/);
    expect(() => t.event(42 as never)).toThrow(/name must be/);
  });

  it('execute behaves as execute: handlers get the same event, measurements are checked, the call is counted', () => {
    const t = instance();
    const seen: unknown[] = [];
    t.attach('h', 'db.query', (event, measurements, metadata) => seen.push([event, measurements, metadata]));
    const queried = t.event('db.query');
    queried.execute({ duration: 3 }, { table: 'orders' });
    queried.execute();
    expect(seen).toEqual([
      [['db', 'query'], { duration: 3 }, { table: 'orders' }],
      [['db', 'query'], {}, {}],
    ]);
    expect(() => queried.execute({ duration: Number.NaN })).toThrow(/measurements\.duration/);
    expect(t.health().events.executed).toBe(2);
  });

  it('emit behaves as emitEvent: deduplicated and sampled, returning whether it was executed', () => {
    const t = make({ events: { dedupWindowMs: 1000, sampling: { 'cache.miss': 'never' } } });
    const declined = t.event('payment.declined');
    expect(declined.emit({ count: 1 }, { dedupKey: 'card' })).toBe(true);
    expect(declined.emit({ count: 1 }, { dedupKey: 'card' })).toBe(false);
    t.clock.advance(1000);
    expect(declined.emit({ count: 1 }, { dedupKey: 'card' })).toBe(true);
    expect(t.events('payment.declined')).toHaveLength(2);
    expect(t.events('suppressed.payment.declined').map((recorded) => recorded.measurements)).toEqual([{ count: 1 }]);
    expect(t.event('cache.miss').emit()).toBe(false);
    expect(t.health().events).toMatchObject({ executed: 2, suppressed: 1, sampledOut: 1 });
  });

  it('emitBatched behaves as emitBatched', () => {
    const t = make({ events: { batchIntervalMs: 1000 } });
    const served = t.event('http.served');
    served.emitBatched();
    served.emitBatched(2, { batchKey: 'api' });
    served.emitBatched({ bytes: 10 }, { batchKey: 'api' });
    t.clock.advance(1000);
    const batches = t.events('batched.http.served').map((recorded) => [recorded.metadata.batchKey, recorded.measurements]);
    expect(batches).toEqual([
      ['default', { count: 1 }],
      ['api', { count: 3, bytes: 10 }],
    ]);
  });

  it('hasHandlers says whether anyone would be reached: a handler, a metric definition, the log bridge', () => {
    const t = instance();
    const queried = t.event('db.query');
    expect(queried.hasHandlers()).toBe(false);
    t.attach('h', 'db.query', () => undefined);
    expect(queried.hasHandlers()).toBe(true);
    t.detach('h');
    expect(queried.hasHandlers()).toBe(false);

    const metered = instance({ metrics: { definitions: [counter('db.query.count')], exporter: new KeepingMetricExporter() } });
    expect(metered.event('db.query').hasHandlers()).toBe(true);
    expect(metered.event('db.other').hasHandlers()).toBe(false);

    const logged = instance({ logs: { events: 'all', exporter: new KeepingLogExporter() } });
    expect(logged.event('db.query').hasHandlers()).toBe(true);
  });

  it('after shutdown: nothing is dispatched, every call counts as dropped, hasHandlers is false', async () => {
    const t = instance();
    const seen: unknown[] = [];
    t.attach('h', 'job.done', () => seen.push(1));
    const done = t.event('job.done');
    await t.shutdown();
    done.execute();
    expect(done.emit()).toBe(false);
    done.emitBatched();
    expect(done.hasHandlers()).toBe(false);
    expect(seen).toEqual([]);
    expect(t.health().events.dropped).toBe(3);
  });

  it('keeps reaching handlers attached later, also after its idle event was forgotten among many others', () => {
    const t = instance();
    const rare = t.event('rare.event');
    // Far more distinct idle names than the table keeps: the idle ones are forgotten.
    for (let i = 0; i < 20_000; i++) t.execute(`flood.e${i}`);
    const seen: unknown[] = [];
    t.attach('late', 'rare.event', (_event, measurements) => seen.push(measurements));
    expect(rare.hasHandlers()).toBe(true);
    rare.execute({ n: 1 });
    rare.emit({ n: 2 });
    expect(seen).toEqual([{ n: 1 }, { n: 2 }]);
  });
});
