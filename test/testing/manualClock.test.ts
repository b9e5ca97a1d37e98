import { describe, expect, it } from 'vitest';
import { createManualClock, MANUAL_CLOCK_EPOCH_MS } from '../../src/testing/index.js';

describe('createManualClock', () => {
  it('starts at 2026-01-01T00:00:00Z unless given a start, and only advance() moves it', () => {
    const clock = createManualClock();
    expect(MANUAL_CLOCK_EPOCH_MS).toBe(Date.UTC(2026, 0, 1));
    expect(new Date(clock.now()).toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(clock.now()).toBe(clock.now());
    clock.advance(250);
    expect(clock.now()).toBe(MANUAL_CLOCK_EPOCH_MS + 250);
    expect(createManualClock(42).now()).toBe(42);
  });

  it('fires an interval at each due time while advancing, seeing now() equal to it', () => {
    const clock = createManualClock(0);
    const firedAt: number[] = [];
    clock.setInterval(() => firedAt.push(clock.now()), 100);
    clock.advance(99);
    expect(firedAt).toEqual([]);
    clock.advance(1);
    expect(firedAt).toEqual([100]);
    clock.advance(350);
    expect(firedAt).toEqual([100, 200, 300, 400]);
    expect(clock.now()).toBe(450);
  });

  it('interleaves several timers in time order, ties in start order', () => {
    const clock = createManualClock(0);
    const fired: string[] = [];
    clock.setInterval(() => fired.push(`b@${clock.now()}`), 30);
    clock.setInterval(() => fired.push(`a@${clock.now()}`), 20);
    clock.setInterval(() => fired.push(`c@${clock.now()}`), 60);
    clock.advance(60);
    expect(fired).toEqual(['a@20', 'b@30', 'a@40', 'b@60', 'a@60', 'c@60']);
  });

  it('stops firing a cleared timer, also one cleared by a callback during advance', () => {
    const clock = createManualClock(0);
    let count = 0;
    const handle = clock.setInterval(() => {
      count += 1;
      if (count === 2) clock.clearInterval(handle);
    }, 10);
    expect(clock.pendingTimers()).toBe(1);
    clock.advance(100);
    expect(count).toBe(2);
    expect(clock.pendingTimers()).toBe(0);
    clock.clearInterval(handle);
    clock.clearInterval('not a handle');
  });

  it('fires timers started by a callback when they fall due within the same advance', () => {
    const clock = createManualClock(0);
    const fired: number[] = [];
    const first = clock.setInterval(() => {
      clock.clearInterval(first);
      clock.setInterval(() => fired.push(clock.now()), 15);
    }, 10);
    clock.advance(50);
    expect(fired).toEqual([25, 40]);
  });

  it('never moves time back when a callback advances the clock past the outer target', () => {
    const clock = createManualClock(0);
    const seen: number[] = [];
    const nested = clock.setInterval(() => {
      clock.clearInterval(nested);
      clock.advance(500);
    }, 10);
    clock.setInterval(() => seen.push(clock.now()), 200);
    clock.advance(100);
    expect(seen).toEqual([200, 400]);
    expect(clock.now()).toBe(510);
    clock.advance(90);
    expect(seen).toEqual([200, 400, 600]);
    expect(clock.now()).toBe(600);
  });

  it('treats periods below 1 ms as 1 ms, like Node', () => {
    const clock = createManualClock(0);
    let count = 0;
    clock.setInterval(() => (count += 1), 0);
    clock.advance(5);
    expect(count).toBe(5);
  });

  it('finishes the advance and then rethrows what a callback threw', () => {
    const clock = createManualClock(0);
    const fired: number[] = [];
    const failure = new Error('flush failed');
    clock.setInterval(() => {
      throw failure;
    }, 100);
    clock.setInterval(() => fired.push(clock.now()), 50);
    expect(() => clock.advance(150)).toThrow(failure);
    expect(clock.now()).toBe(150);
    expect(fired).toEqual([50, 100, 150]);
    let thrown: unknown;
    try {
      clock.advance(200);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AggregateError);
    expect((thrown as AggregateError).errors).toEqual([failure, failure]);
    expect(clock.now()).toBe(350);
  });

  it('rejects bad arguments with a TypeError naming them', () => {
    const clock = createManualClock();
    expect(() => clock.advance(-1)).toThrow(/advance: ms must be a finite number >= 0, got -1/);
    expect(() => clock.advance(Number.NaN)).toThrow(TypeError);
    expect(() => clock.setInterval('x' as never, 10)).toThrow(/callback must be a function/);
    expect(() => createManualClock(Number.POSITIVE_INFINITY)).toThrow(/startMs must be a finite number, got Infinity/);
  });
});
