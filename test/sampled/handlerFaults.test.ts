import { describe, expect, it } from 'vitest';
import { createHarness, executeWhileReporting } from './setup.js';

const FAILURE = 'telemetry.handler.failure';

/** An error whose type cannot be inspected: `instanceof` on it throws. */
function uninspectableError(): object {
  return new Proxy(
    {},
    {
      getPrototypeOf() {
        throw new Error('no prototype');
      },
    },
  );
}

describe('handler faults', () => {
  it.each([
    ['null', null],
    ['an object without then', { then: undefined }],
    ['an object whose then is not a function', { then: 1 }],
    ['a plain object', { done: true }],
    ['a string', 'done'],
    ['a number', 0],
  ])('does not count a handler returning %s as failing', (_label, returned) => {
    const { events, named } = createHarness();
    let calls = 0;
    events.attach('h', 'e', () => {
      calls++;
      return returned as never;
    });
    events.execute('e');
    events.execute('e');
    expect(calls).toBe(2);
    expect(named(FAILURE)).toEqual([]);
    expect(events.health().handlers).toEqual({ attached: 1, failures: 0, detached: 0 });
  });

  it.each([
    ['detaches itself', false],
    ['detaches itself and attaches another handler with its id', true],
  ])('reports a handler that %s and then throws, without detaching it again', (_label, reattach) => {
    const { events, named } = createHarness();
    let calls = 0;
    let replacementCalls = 0;
    events.attach('h', 'e', () => {
      calls++;
      events.detach('h');
      if (reattach) events.attach('h', 'e', () => void replacementCalls++);
      throw new Error('after detach');
    });
    events.execute('e');
    events.execute('e');
    expect(calls).toBe(1);
    expect(replacementCalls).toBe(reattach ? 1 : 0);
    expect(named(FAILURE).map((entry) => entry.metadata.handlerId)).toEqual(['h']);
    expect(events.health().handlers).toEqual({ attached: reattach ? 1 : 0, failures: 1, detached: 0 });
  });

  it.each([
    [59_999, 0, 1],
    [60_000, 1, 0],
    [60_001, 1, 0],
  ])('with maxFailures 2, failures %i ms apart leave %i handler attached', (apartMs, attached, detached) => {
    const { events, clock } = createHarness({ batchIntervalMs: 600_000 });
    events.attach('flaky', 'e', () => {
      throw new Error('flaky');
    }, { maxFailures: 2 });
    events.execute('e');
    clock.advance(apartMs);
    events.execute('e');
    expect(events.handlers()).toHaveLength(attached);
    expect(events.health().handlers).toEqual({ attached, failures: 2, detached });
  });

  it.each([
    ['an Error', () => new Error('boom')],
    ['a RangeError of its own', () => new RangeError('boom')],
    ['a value whose type cannot be inspected', uninspectableError],
  ])('reports each failure of a handler that throws %s inside its own call', (_label, makeError) => {
    const { events, named } = createHarness();
    // The failures happen while another failure is being reported, so they are reported together.
    executeWhileReporting(events, 'x');
    let depth = 0;
    events.attach('nested', 'x', () => {
      depth++;
      try {
        if (depth === 1) events.execute('x');
        throw makeError();
      } finally {
        depth--;
      }
    }, { maxFailures: 10 });
    events.execute('start');
    expect(named(FAILURE).map((entry) => entry.metadata.handlerId)).toEqual(['trigger', 'nested', 'nested']);
    expect(events.health().handlers).toEqual({ attached: 2, failures: 3, detached: 1 });
  });
});
