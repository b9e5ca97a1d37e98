import { describe, expect, it } from 'vitest';
import { createHarness } from './setup.js';

describe('emitEvent dedup window', () => {
  it('executes the first occurrence at once and suppresses repeats inside the window', () => {
    const { events, clock, named } = createHarness({ dedupWindowMs: 5000 });
    expect(events.emitEvent('db.error', { count: 1 }, { dedupKey: 'timeout' })).toBe(true);
    clock.advance(1000);
    expect(events.emitEvent('db.error', { count: 1 }, { dedupKey: 'timeout' })).toBe(false);
    clock.advance(3999);
    expect(events.emitEvent(['db', 'error'], { count: 1 }, { dedupKey: 'timeout' })).toBe(false);
    expect(named('db.error')).toHaveLength(1);
    expect(events.health().events).toMatchObject({ executed: 1, suppressed: 2, dedupKeys: 1 });
  });

  it('summarizes at the tick that finds the window closed; the next occurrence then starts afresh', () => {
    const { events, clock, named } = createHarness({ dedupWindowMs: 5000, batchIntervalMs: 1000 });
    events.emitEvent('db.error', {}, { dedupKey: 'timeout' });
    events.emitEvent('db.error', {}, { dedupKey: 'timeout' });
    events.emitEvent('db.error', {}, { dedupKey: 'timeout' });
    clock.advance(4999); // ticks at 1000..4000 find the window open
    const metadata = { dedupKey: 'timeout', host: 'a' };
    expect(events.emitEvent('db.error', {}, metadata)).toBe(false);
    expect(named('suppressed.db.error')).toHaveLength(0);
    clock.advance(1); // the tick at 5000 closes it
    expect(named('suppressed.db.error').map((entry) => entry.measurements)).toEqual([{ count: 3 }]);
    const fresh = { dedupKey: 'timeout', host: 'b' };
    expect(events.emitEvent('db.error', { latency: 3 }, fresh)).toBe(true);
    expect(named('db.error')[1]?.metadata).toBe(fresh);
    expect(fresh).toEqual({ dedupKey: 'timeout', host: 'b' });
    expect(metadata).toEqual({ dedupKey: 'timeout', host: 'a' });
  });

  it('puts suppressed = n on the next executed occurrence when no flush ran in between', () => {
    const { events, clock, named } = createHarness({ dedupWindowMs: 5000, batchIntervalMs: 60_000 });
    events.emitEvent('db.error', {}, { dedupKey: 'k' });
    clock.advance(100);
    events.emitEvent('db.error', {}, { dedupKey: 'k' });
    events.emitEvent('db.error', {}, { dedupKey: 'k' });
    clock.advance(5000);
    const metadata = { dedupKey: 'k', sql: 'SELECT 1' };
    expect(events.emitEvent('db.error', { duration: 4 }, metadata)).toBe(true);
    const [first, second] = named('db.error');
    expect(first?.metadata).toEqual({ dedupKey: 'k' });
    expect(first?.metadata.suppressed).toBeUndefined();
    expect(second?.metadata).toEqual({ dedupKey: 'k', sql: 'SELECT 1', suppressed: 2 });
    expect(second?.measurements).toEqual({ duration: 4 });
    expect(metadata).not.toHaveProperty('suppressed');
    expect(named('suppressed.db.error')).toHaveLength(0);
  });

  it('anchors the window on the last executed occurrence, not on suppressed ones', () => {
    const { events, clock } = createHarness({ dedupWindowMs: 1000, batchIntervalMs: 60_000 });
    expect(events.emitEvent('x', {}, { dedupKey: 1 })).toBe(true);
    clock.advance(600);
    expect(events.emitEvent('x', {}, { dedupKey: 1 })).toBe(false);
    clock.advance(600); // 1200 after the execution, 600 after the suppressed one
    expect(events.emitEvent('x', {}, { dedupKey: 1 })).toBe(true);
    clock.advance(999);
    expect(events.emitEvent('x', {}, { dedupKey: 1 })).toBe(false);
    clock.advance(1); // exactly dedupWindowMs after the last execution: the window is closed
    expect(events.emitEvent('x', {}, { dedupKey: 1 })).toBe(true);
  });

  it('summarizes a quiet key with suppressed occurrences at the next flusher tick', () => {
    const { events, clock, named } = createHarness({ dedupWindowMs: 5000, batchIntervalMs: 1000 });
    const start = clock.now();
    events.emitEvent(['db', 'error'], {}, { dedupKey: 'timeout' });
    clock.advance(200);
    events.emitEvent(['db', 'error'], {}, { dedupKey: 'timeout' });
    clock.advance(300);
    events.emitEvent(['db', 'error'], {}, { dedupKey: 'timeout' });
    clock.advance(4000); // 4500 after the execution: window still open at every tick so far
    expect(named('suppressed.db.error')).toHaveLength(0);
    clock.advance(1000); // the tick at 5000 sees the window closed
    const summaries = named('suppressed.db.error');
    expect(summaries).toHaveLength(1);
    expect(summaries[0]).toMatchObject({
      measurements: { count: 2 },
      metadata: { dedupKey: 'timeout', firstAt: start + 200, lastAt: start + 500 },
      at: start + 5000,
    });
    expect(events.health().events.dedupKeys).toBe(0);
    clock.advance(10_000);
    expect(named('suppressed.db.error')).toHaveLength(1);
    // the key starts over: executed at once, with no suppressed count (it was summarized)
    expect(events.emitEvent('db.error', {}, { dedupKey: 'timeout' })).toBe(true);
    expect(named('db.error')[1]?.metadata.suppressed).toBeUndefined();
  });

  it('summarizes at flush() and drains every pending summary at shutdown(), due or not', () => {
    const { events, clock, named } = createHarness({ dedupWindowMs: 5000, batchIntervalMs: 60_000 });
    events.emitEvent('a', {}, { dedupKey: 'k' });
    events.emitEvent('a', {}, { dedupKey: 'k' });
    events.emitEvent('b', {}, { dedupKey: 'k' });
    events.emitEvent('b', {}, { dedupKey: 'k' });
    events.emitEvent('b', {}, { dedupKey: 'k' });
    clock.advance(2000);
    events.emitEvent('b', {}, { dedupKey: 'k' });
    clock.advance(3000);
    events.flush(); // 'a' window closed; 'b' window closed too (5000 since its execution)
    expect(named('suppressed.a').map((entry) => entry.measurements)).toEqual([{ count: 1 }]);
    expect(named('suppressed.b').map((entry) => entry.measurements)).toEqual([{ count: 3 }]);
    expect(events.health().events.lastFlushAt).toBe(clock.now());

    events.emitEvent('c', {}, { dedupKey: 'k' });
    events.emitEvent('c', {}, { dedupKey: 'k' });
    events.flush(); // window of 'c' still open: not due
    expect(named('suppressed.c')).toHaveLength(0);
    events.shutdown();
    expect(named('suppressed.c').map((entry) => entry.measurements)).toEqual([{ count: 1 }]);
  });

  it('keeps different keys and different events independent', () => {
    const { events } = createHarness();
    expect(events.emitEvent('db.error', {}, { dedupKey: 'a' })).toBe(true);
    expect(events.emitEvent('db.error', {}, { dedupKey: 'b' })).toBe(true);
    expect(events.emitEvent('http.error', {}, { dedupKey: 'a' })).toBe(true);
    expect(events.emitEvent('db.error', {}, { dedupKey: 'a' })).toBe(false);
    expect(events.emitEvent('db.error', {}, { dedupKey: 'b' })).toBe(false);
    expect(events.emitEvent('http.error', {}, { dedupKey: 'a' })).toBe(false);
    // 1 and '1' are different keys
    expect(events.emitEvent('db.error', {}, { dedupKey: 1 })).toBe(true);
    expect(events.emitEvent('db.error', {}, { dedupKey: '1' })).toBe(true);
    expect(events.health().events).toMatchObject({ executed: 5, suppressed: 3, dedupKeys: 5 });
  });

  it('executes every occurrence without a dedupKey', () => {
    const { events, named } = createHarness();
    for (let i = 0; i < 5; i++) expect(events.emitEvent('tick', { n: i })).toBe(true);
    expect(named('tick').map((entry) => entry.measurements.n)).toEqual([0, 1, 2, 3, 4]);
  });

  it('removes windows that closed without suppressed occurrences at flush, so memory stays flat', () => {
    const { events, clock, named } = createHarness({ dedupWindowMs: 1000, batchIntervalMs: 60_000 });
    for (let i = 0; i < 100; i++) events.emitEvent('x', {}, { dedupKey: i });
    expect(events.health().events.dedupKeys).toBe(100);
    clock.advance(1000);
    events.flush();
    expect(events.health().events.dedupKeys).toBe(0);
    expect(named('suppressed.x')).toHaveLength(0);
  });
});
