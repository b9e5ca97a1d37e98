import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { TestTelemetry } from '../../src/testing/index.js';
import '../../src/testing/vitest.js';
import { make, tick } from '../support/testInstances.js';

const runChild = promisify(execFile);
/** Distinct keys streamed before the first heap measurement (the tables are full by then), and in all. */
const MEMORY_WARM_UP = 20_000;
const MEMORY_KEYS = 200_000;

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('§3 attach / detach / handlers / execute', () => {
  it('calls handler(event, measurements, metadata) synchronously with the event as an array', () => {
    const t = make();
    const calls: unknown[][] = [];
    t.attach('h', ['db', 'query'], (...args) => calls.push(args));
    t.execute(['db', 'query'], { duration: 3 }, { table: 'users' });
    expect(calls).toEqual([[['db', 'query'], { duration: 3 }, { table: 'users' }]]);
  });

  it('dotted strings and arrays mean the same event in attach and execute', () => {
    const t = make();
    const calls: string[] = [];
    t.attach('dotted', 'db.query', (event) => calls.push(`dotted:${event.join('|')}`));
    t.attach('array', ['db', 'query'], (event) => calls.push(`array:${event.join('|')}`));
    t.execute('db.query');
    t.execute(['db', 'query']);
    expect(calls).toEqual(['dotted:db|query', 'array:db|query', 'dotted:db|query', 'array:db|query']);
  });

  it('attaches one handler to several events, mixing dotted and array names', () => {
    const t = make();
    const calls: string[] = [];
    t.attach('multi', ['a.b', ['c', 'd']], (event) => calls.push(event.join('.')));
    t.execute('a.b');
    t.execute('c.d');
    t.execute('e.f');
    expect(calls).toEqual(['a.b', 'c.d']);
  });

  it('attaches one handler to several dotted names given as an array of strings', () => {
    const t = make();
    const calls: string[] = [];
    t.attach('multi-dotted', ['a.b', 'c.d'], (event) => calls.push(event.join('.')));
    t.execute('a.b');
    t.execute(['c', 'd']);
    t.execute('a.b.c.d');
    expect(calls).toEqual(['a.b', 'c.d']);
    expect(t.handlers()[0]?.events).toEqual([['a', 'b'], ['c', 'd']]);
  });

  it('execute(event) defaults measurements and metadata to empty objects', () => {
    const t = make();
    const calls: unknown[][] = [];
    t.attach('h', 'x.y', (...args) => calls.push(args));
    t.execute('x.y');
    expect(calls).toEqual([[['x', 'y'], {}, {}]]);
  });

  it('a duplicate id throws; detach(id) returns whether it was attached; handlers() lists them', () => {
    const t = make();
    const noop = (): void => undefined;
    t.attach('one', 'a.b', noop, { maxFailures: 3 });
    expect(() => t.attach('one', 'c.d', noop)).toThrow();
    expect(t.handlers()).toHaveLength(1);
    expect(t.handlers()[0]).toMatchObject({ id: 'one', events: [['a', 'b']], maxFailures: 3 });
    expect(t.detach('one')).toBe(true);
    expect(t.detach('one')).toBe(false);
    expect(t.detach('never')).toBe(false);
    expect(t.handlers()).toEqual([]);
  });

  it('execute does no sampling', () => {
    const t = make({ events: { sampling: { 'a.b': 'never' } } });
    const calls: string[] = [];
    t.attach('h', 'a.b', (event) => calls.push(event.join('.')));
    t.execute('a.b');
    expect(calls).toEqual(['a.b']);
  });
});

describe('§3 handler failures', () => {
  it('a throwing handler never reaches the caller, emits telemetry.handler.failure { handlerId, event, error } and is detached', () => {
    const t = make();
    const failures: unknown[][] = [];
    const error = new Error('handler broke');
    const other: string[] = [];
    t.attach('watch', ['telemetry', 'handler', 'failure'], (...args) => failures.push(args));
    t.attach('bad', 'a.b', () => {
      throw error;
    });
    t.attach('good', 'a.b', (event) => other.push(event.join('.')));
    expect(() => t.execute('a.b')).not.toThrow();
    expect(other).toEqual(['a.b']);
    expect(failures).toHaveLength(1);
    const [event, , metadata] = failures[0] as [string[], unknown, Record<string, unknown>];
    expect(event).toEqual(['telemetry', 'handler', 'failure']);
    expect(metadata).toMatchObject({ handlerId: 'bad', event: ['a', 'b'], error });
    expect(t.handlers().map((handler) => handler.id)).toEqual(['watch', 'good']);
    t.execute('a.b');
    expect(failures).toHaveLength(1);
    expect(t.health().handlers).toMatchObject({ failures: 1, detached: 1 });
  });

  it('a handler whose promise rejects is reported the same way, with no unhandled rejection', async () => {
    const t = make();
    const error = new Error('async handler broke');
    t.attach('async-bad', 'a.b', async () => {
      throw error;
    });
    t.execute('a.b');
    await tick();
    await tick();
    expect(t).toHaveEmitted('telemetry.handler.failure', { metadata: { handlerId: 'async-bad', event: ['a', 'b'], error } });
    expect(t.handlers()).toEqual([]);
  });

  it('with { maxFailures: n } the handler is detached at the n-th failure within a minute', () => {
    const t = make();
    t.attach(
      'flaky',
      'a.b',
      () => {
        throw new Error('flaky');
      },
      { maxFailures: 3 },
    );
    t.execute('a.b');
    t.execute('a.b');
    expect(t.handlers().map((handler) => handler.id)).toEqual(['flaky']);
    t.execute('a.b');
    expect(t.handlers()).toEqual([]);
    expect(t.events('telemetry.handler.failure')).toHaveLength(3);
  });

  it('failures older than a minute do not count towards maxFailures', () => {
    const t = make();
    t.attach(
      'slow-flaky',
      'a.b',
      () => {
        throw new Error('flaky');
      },
      { maxFailures: 2 },
    );
    t.execute('a.b');
    t.clock.advance(61_000);
    t.execute('a.b');
    expect(t.handlers().map((handler) => handler.id)).toEqual(['slow-flaky']);
    t.execute('a.b');
    expect(t.handlers()).toEqual([]);
  });
});

describe('§3 emitEvent and the dedup window', () => {
  it('executes the first occurrence, suppresses further ones within dedupWindowMs, and the next executed one carries suppressed = n', () => {
    // No flush runs before the next occurrence, so the count rides on it rather than on a summary.
    const t = make({ events: { dedupWindowMs: 1000, batchIntervalMs: 60_000 } });
    expect(t.emitEvent('pay.failed', { amount: 1 }, { dedupKey: 'card' })).toBe(true);
    t.clock.advance(100);
    expect(t.emitEvent('pay.failed', { amount: 1 }, { dedupKey: 'card' })).toBe(false);
    expect(t.emitEvent(['pay', 'failed'], { amount: 1 }, { dedupKey: 'card' })).toBe(false);
    expect(t.emitEvent('pay.failed', { amount: 1 }, { dedupKey: 'other' })).toBe(true);
    t.clock.advance(1000);
    expect(t.emitEvent('pay.failed', { amount: 1 }, { dedupKey: 'card' })).toBe(true);
    const executed = t.events('pay.failed');
    expect(executed).toHaveLength(3);
    expect(executed[0]?.metadata.suppressed).toBeUndefined();
    expect(executed[2]?.metadata).toMatchObject({ dedupKey: 'card', suppressed: 2 });
    expect(t.events('suppressed.pay.failed')).toHaveLength(0);
    expect(t.health().events).toMatchObject({ suppressed: 2 });
  });

  it('the window is measured from the last executed occurrence', () => {
    const t = make({ events: { dedupWindowMs: 1000 } });
    expect(t.emitEvent('w.x', {}, { dedupKey: 1 })).toBe(true);
    t.clock.advance(600);
    expect(t.emitEvent('w.x', {}, { dedupKey: 1 })).toBe(false);
    t.clock.advance(600);
    expect(t.emitEvent('w.x', {}, { dedupKey: 1 })).toBe(true);
  });

  it("a window that closes with suppressed occurrences gets ['suppressed', ...event] { count } { dedupKey, firstAt, lastAt } at the next flush", async () => {
    const t = make({ events: { dedupWindowMs: 1000 } });
    const start = t.clock.now();
    t.emitEvent('pay.failed', {}, { dedupKey: 'card' });
    t.clock.advance(10);
    t.emitEvent('pay.failed', {}, { dedupKey: 'card' });
    t.clock.advance(20);
    t.emitEvent('pay.failed', {}, { dedupKey: 'card' });
    t.clock.advance(2000);
    await t.flush();
    const summaries = t.events(['suppressed', 'pay', 'failed']);
    expect(summaries).toHaveLength(1);
    expect(summaries[0]?.event).toEqual(['suppressed', 'pay', 'failed']);
    expect(summaries[0]?.measurements).toEqual({ count: 2 });
    expect(summaries[0]?.metadata).toEqual({ dedupKey: 'card', firstAt: start + 10, lastAt: start + 30 });
    await t.flush();
    expect(t.events('suppressed.pay.failed')).toHaveLength(1);
  });

  it('emitEvent without a dedupKey is always executed; measurements and metadata default to {}', () => {
    const t = make();
    expect(t.emitEvent('plain.event')).toBe(true);
    expect(t.emitEvent('plain.event')).toBe(true);
    expect(t.events('plain.event').map((recorded) => [recorded.measurements, recorded.metadata])).toEqual([
      [{}, {}],
      [{}, {}],
    ]);
  });
});

describe('§3 emitBatched', () => {
  it("sums a number measurement into count and executes ['batched', ...event] { batchKey, events, reason: 'interval' } on the interval", () => {
    const t = make({ events: { batchIntervalMs: 1000 } });
    t.emitBatched('cache.miss');
    t.emitBatched(['cache', 'miss'], 2, { key: 'a' });
    t.emitBatched('cache.miss', 1, { key: 'b', batchKey: 'other' });
    expect(t.events('batched.cache.miss')).toHaveLength(0);
    t.clock.advance(1000);
    const batches = t.events(['batched', 'cache', 'miss']);
    expect(batches).toHaveLength(2);
    const byKey = Object.fromEntries(batches.map((recorded) => [recorded.metadata.batchKey, recorded]));
    expect(byKey.default?.measurements).toEqual({ count: 3 });
    expect(byKey.default?.metadata).toEqual({ batchKey: 'default', events: [{}, { key: 'a' }], reason: 'interval' });
    expect(byKey.other?.measurements).toEqual({ count: 1 });
    expect(byKey.other?.metadata).toMatchObject({ batchKey: 'other', reason: 'interval' });
    expect((byKey.other?.metadata.events as unknown[]).length).toBe(1);
    t.clock.advance(1000);
    expect(t.events('batched.cache.miss')).toHaveLength(2);
  });

  it('a record measurement sums each field and count is the number of occurrences', () => {
    const t = make();
    t.emitBatched('bytes.sent', { bytes: 10, packets: 1 });
    t.emitBatched('bytes.sent', { bytes: 5, packets: 2 });
    t.emitBatched('bytes.sent', { bytes: 1, packets: 1 });
    t.clock.advance(1000);
    expect(t.events('batched.bytes.sent')[0]?.measurements).toEqual({ bytes: 16, packets: 4, count: 3 });
  });

  it("executes at once with reason 'size' when maxBatchSize occurrences are reached", () => {
    const t = make({ events: { maxBatchSize: 3 } });
    for (let index = 0; index < 7; index += 1) t.emitBatched('q.item', 1, { index });
    const sized = t.events('batched.q.item');
    expect(sized).toHaveLength(2);
    expect(sized.map((recorded) => recorded.metadata.reason)).toEqual(['size', 'size']);
    expect(sized[0]?.metadata.events).toEqual([{ index: 0 }, { index: 1 }, { index: 2 }]);
    t.clock.advance(1000);
    const all = t.events('batched.q.item');
    expect(all).toHaveLength(3);
    expect(all[2]?.metadata).toMatchObject({ reason: 'interval', events: [{ index: 6 }] });
    const total = all.reduce((sum, recorded) => sum + (recorded.measurements.count ?? 0), 0);
    expect(total).toBe(7);
  });

  it('flush() executes pending batches', async () => {
    const t = make();
    t.emitBatched('f.b', 4);
    await t.flush();
    expect(t).toHaveEmitted('batched.f.b', { times: 1, measurements: { count: 4 } });
  });
});

describe('§3 sampling', () => {
  it("'never' samples out, 'always' passes with sampleRate 1; samplingStats gives { total, sampled, rule }", () => {
    const t = make({ events: { sampling: { 'a.never': 'never', 'a.always': 'always' } } });
    expect(t.emitEvent('a.never')).toBe(false);
    expect(t.emitEvent(['a', 'never'])).toBe(false);
    expect(t.emitEvent('a.always')).toBe(true);
    expect(t.events('a.never')).toHaveLength(0);
    expect(t.events('a.always')[0]?.metadata.sampleRate).toBe(1);
    const stats = t.samplingStats();
    expect(stats['a.never']).toMatchObject({ total: 2, sampled: 0 });
    expect(typeof stats['a.never']?.rule).toBe('string');
    expect(stats['a.always']).toMatchObject({ total: 1, sampled: 1 });
    expect(t.health().events.sampledOut).toBe(2);
  });

  it('{ random: rate } uses the probability as sampleRate', () => {
    const t = make({ events: { sampling: { 'r.e': { random: 0.5 } } }, random: () => 0.25 });
    expect(t.emitEvent('r.e')).toBe(true);
    expect(t.events('r.e')[0]?.metadata.sampleRate).toBe(0.5);
    const never = make({ events: { sampling: { 'r.e': { random: 0.5 } } }, random: () => 0.75 });
    expect(never.emitEvent('r.e')).toBe(false);
  });

  it('{ rateLimited: maxPerSecond } passes at most that many per second', () => {
    const t = make({ events: { sampling: { 'rl.e': { rateLimited: 2 } } } });
    const results = [t.emitEvent('rl.e'), t.emitEvent('rl.e'), t.emitEvent('rl.e')];
    expect(results).toEqual([true, true, false]);
    t.clock.advance(1000);
    expect(t.emitEvent('rl.e')).toBe(true);
  });

  it('{ reservoir: size, perMs } passes the first size per period', () => {
    const t = make({ events: { sampling: { 'rs.e': { reservoir: 2, perMs: 1000 } } }, random: () => 0.999 });
    expect([t.emitEvent('rs.e'), t.emitEvent('rs.e')]).toEqual([true, true]);
    const later = Array.from({ length: 20 }, () => t.emitEvent('rs.e'));
    expect(later.filter(Boolean).length).toBeLessThan(20);
    t.clock.advance(1000);
    expect(t.emitEvent('rs.e')).toBe(true);
  });

  it('{ adaptive: target } passes about target per second, re-weighted by the probability it used', () => {
    const t = make({ events: { sampling: { 'ad.e': { adaptive: 5 } } }, random: () => 0.5 });
    const passedIn = (calls: number): number => Array.from({ length: calls }, () => t.emitEvent('ad.e')).filter(Boolean).length;
    // First second: nothing known about the rate yet, so at most the target passes.
    expect(passedIn(50)).toBe(5);
    t.clock.advance(1000);
    // 50 arrived last second: the probability becomes 5/50, and about 5 of the next 50 pass.
    const second = passedIn(50);
    expect(second).toBeGreaterThanOrEqual(4);
    expect(second).toBeLessThanOrEqual(5);
    const rates = t.events('ad.e').map((recorded) => recorded.metadata.sampleRate);
    expect(rates).toEqual([...Array(5).fill(1), ...Array(second).fill(0.1)]);
    t.clock.advance(1000);
    const quiet = passedIn(3);
    t.clock.advance(1000);
    // After a quiet second (3 arrivals, under the target), everything passes again.
    expect(passedIn(3)).toBe(3);
    expect(t.events('ad.e').slice(-3).map((recorded) => recorded.metadata.sampleRate)).toEqual([1, 1, 1]);
    const passed = 5 + second + quiet + 3;
    expect(t.samplingStats()['ad.e']).toEqual({ total: 106, sampled: passed, rule: 'adaptive(5/s)' });
    expect(t.health().events.sampledOut).toBe(106 - passed);
  });

  it('a sampled-out occurrence does not open a dedup window; every call is accounted for', () => {
    let next = 0.9;
    const t = make({ events: { sampling: { 'sd.e': { random: 0.5 } }, dedupWindowMs: 1000 }, random: () => next });
    expect(t.emitEvent('sd.e', {}, { dedupKey: 'k' })).toBe(false);
    next = 0.1;
    expect(t.emitEvent('sd.e', {}, { dedupKey: 'k' })).toBe(true);
    expect(t.emitEvent('sd.e', {}, { dedupKey: 'k' })).toBe(false);
    const { executed, suppressed, sampledOut } = t.health().events;
    expect({ executed, suppressed, sampledOut }).toEqual({ executed: 1, suppressed: 1, sampledOut: 1 });
    expect(executed + suppressed + sampledOut).toBe(3);
  });

  it('executed + suppressed + sampled out = calls, whatever spans run and whoever listens to them', async () => {
    const t = make({ events: { sampling: { 'acc.e': { random: 0.5 } } }, random: () => 0.25 });
    t.attach('spans', [['span', 'start'], ['span', 'stop']], () => undefined);
    let calls = 0;
    await t.withSpan('work', async () => {
      for (let index = 0; index < 3; index += 1) {
        t.emitEvent('acc.e', {}, { dedupKey: 'k' });
        calls += 1;
      }
      t.withSpan('inner', () => t.execute('acc.plain'));
      calls += 1;
    });
    expect(t.events('span.stop')).toHaveLength(2);
    const { executed, suppressed, sampledOut } = t.health().events;
    expect({ executed, suppressed, sampledOut }).toEqual({ executed: 2, suppressed: 2, sampledOut: 0 });
    expect(executed + suppressed + sampledOut).toBe(calls);
  });
});

describe('§3 prefixed(prefix)', () => {
  it('prepends the prefix to execute, emitEvent and emitBatched, dotted or array', () => {
    const t = make();
    const dotted = t.prefixed('my_app');
    const array = t.prefixed(['my_app', 'billing']);
    dotted.execute('db.query', { duration: 1 });
    expect(dotted.emitEvent(['cache', 'hit'])).toBe(true);
    dotted.emitBatched('job.done', 2);
    array.execute('invoice.sent');
    array.prefixed('deep').execute('x');
    t.clock.advance(1000);
    const names = t.events().map((recorded) => recorded.event.join('.'));
    expect(names).toEqual(
      expect.arrayContaining(['my_app.db.query', 'my_app.cache.hit', 'batched.my_app.job.done', 'my_app.billing.invoice.sent']),
    );
    expect(names).toContain('my_app.billing.deep.x');
  });
});

describe('§3 bounded tables', () => {
  it('at most maxDedupKeys keys, oldest evicted and counted, a pending suppressed count summarized', async () => {
    const t = make({ events: { maxDedupKeys: 2, dedupWindowMs: 10_000 } });
    t.emitEvent('b.e', {}, { dedupKey: 'first' });
    t.emitEvent('b.e', {}, { dedupKey: 'first' });
    t.emitEvent('b.e', {}, { dedupKey: 'second' });
    t.emitEvent('b.e', {}, { dedupKey: 'third' });
    await t.flush();
    expect(t.health().events.dedupKeys).toBeLessThanOrEqual(2);
    expect(t.health().events.dedupEvictions).toBe(1);
    expect(t).toHaveEmitted('suppressed.b.e', { times: 1, measurements: { count: 1 }, metadata: { dedupKey: 'first' } });
  });

  it('at most maxBatchKeys batches; a new key beyond the cap flushes the oldest early, nothing dropped', () => {
    const t = make({ events: { maxBatchKeys: 2 } });
    t.emitBatched('k.e', 1, { batchKey: 'a' });
    t.emitBatched('k.e', 1, { batchKey: 'b' });
    t.emitBatched('k.e', 1, { batchKey: 'c' });
    expect(t.events('batched.k.e').map((recorded) => recorded.metadata.batchKey)).toEqual(['a']);
    expect(t.health().events.batches).toBeLessThanOrEqual(2);
    t.clock.advance(1000);
    expect(t.events('batched.k.e').map((recorded) => recorded.metadata.batchKey).sort()).toEqual(['a', 'b', 'c']);
    expect(t.health().events.dropped).toBe(0);
  });

  it('memory stays flat under a stream of distinct keys', async () => {
    // A child with --expose-gc streams distinct dedup and batch keys through an instance and
    // measures the heap after a full GC, once the tables are full and again at the end.
    const script = `
      import { createTelemetry } from './src/index.ts';
      const t = createTelemetry({ exporter: 'none', flushOnExit: false, events: { maxDedupKeys: 100, maxBatchKeys: 100 } });
      let batches = 0;
      t.attach('count', 'batched.flat.b', () => { batches += 1; });
      const stream = (from, to) => {
        for (let index = from; index < to; index += 1) {
          t.emitEvent('flat.e', {}, { dedupKey: index });
          t.emitBatched('flat.b', 1, { batchKey: index });
        }
      };
      const heapMb = () => { globalThis.gc(); globalThis.gc(); return process.memoryUsage().heapUsed / 1048576; };
      stream(0, ${MEMORY_WARM_UP});
      const before = heapMb();
      stream(${MEMORY_WARM_UP}, ${MEMORY_KEYS});
      const growthMb = Math.round((heapMb() - before) * 100) / 100;
      console.log(JSON.stringify({ growthMb, batches, events: t.health().events }));
      await t.shutdown();
    `;
    const { stdout } = await runChild(process.execPath, ['--expose-gc', '--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
      timeout: 60_000,
    });
    const { growthMb, batches, events } = JSON.parse(stdout) as { growthMb: number; batches: number; events: { dedupKeys: number; batches: number } };
    expect(growthMb, `heap grew ${growthMb} MB from ${MEMORY_WARM_UP} to ${MEMORY_KEYS} distinct keys`).toBeLessThan(4);
    expect(events.dedupKeys).toBeLessThanOrEqual(100);
    expect(events.batches).toBeLessThanOrEqual(100);
    // Bounded, and nothing lost: every batch beyond the cap was flushed early.
    expect(batches + events.batches).toBe(MEMORY_KEYS);
    expect(events).toMatchObject({ executed: MEMORY_KEYS, dedupEvictions: MEMORY_KEYS - 100, dropped: 0 });
  }, 60_000);
});

describe('§3 invalid input throws a TypeError naming the argument', () => {
  const cases: [string, (t: TestTelemetry) => unknown, string][] = [
    ['empty name part', (t) => t.execute(['db', '']), 'event'],
    ['empty dotted part', (t) => t.emitEvent('db..query'), 'event'],
    ['non-string name part', (t) => t.execute(['db', 42 as unknown as string]), 'event'],
    ['non-finite measurement', (t) => t.execute('db.query', { duration: Number.NaN }), 'measurements'],
    ['non-finite batched measurement', (t) => t.emitBatched('db.query', Number.POSITIVE_INFINITY), 'measurement'],
    ['bad dedupKey', (t) => t.emitEvent('db.query', {}, { dedupKey: { id: 1 } as never }), 'dedupKey'],
    ['bad batchKey', (t) => t.emitBatched('db.query', 1, { batchKey: true as never }), 'batchKey'],
    ['bad attach event', (t) => t.attach('x', '', () => undefined), 'event'],
  ];
  it.each(cases)('%s', (_label, call, argument) => {
    const error = catchError(() => call(make()));
    expect(error).toBeInstanceOf(TypeError);
    expect((error as TypeError).message).toContain(argument);
  });

  it('circular or huge metadata is accepted and never crashes a flush', async () => {
    const t = make();
    const circular: Record<string, unknown> = { name: 'loop' };
    circular.self = circular;
    const huge = { blob: 'x'.repeat(1_000_000), list: Array.from({ length: 10_000 }, (_, index) => index) };
    expect(() => t.execute('c.e', {}, circular)).not.toThrow();
    expect(t.emitEvent('c.e', {}, { ...circular, dedupKey: 'k' })).toBe(true);
    t.emitBatched('c.e', 1, circular);
    t.emitBatched('c.e', 1, huge);
    await expect(t.flush()).resolves.toBeUndefined();
    expect(t).toHaveEmitted('batched.c.e', { times: 1, measurements: { count: 2 } });
  });
});
