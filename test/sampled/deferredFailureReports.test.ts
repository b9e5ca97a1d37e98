import { describe, expect, it } from 'vitest';
import { createEventSystem } from '../../src/sampled/eventSystem.js';
import { createManualClock } from '../../src/testing/index.js';
import { tick } from '../support/testInstances.js';
import { createHarness, DEFAULT_EVENTS_CONFIG, executeWhileReporting } from './setup.js';

const FAILURE = 'telemetry.handler.failure';

/** What V8 throws when the stack runs out, made at a depth where there is room to make it. */
const stackOverflow = (() => {
  const recurse = (): number => recurse() + 1;
  try {
    recurse();
  } catch (error) {
    return error as RangeError;
  }
  throw new Error('the stack never ran out');
})();

/**
 * Runs `attempt` where the stack is nearly exhausted, then one frame higher each time, until
 * it has completed `times` times (a throw does not count): so the stack runs out at every
 * point of what it does, from the first to the last.
 */
function nearStackLimit(times: number, attempt: (completed: number) => boolean): void {
  let completed = 0;
  const descend = (): void => {
    try {
      descend();
    } catch {
      // The stack ran out below: try from here.
    }
    if (completed < times) {
      try {
        if (attempt(completed)) completed++;
      } catch {
        // No room yet: one frame higher.
      }
    }
  };
  descend();
}

describe('failures found where the stack is nearly exhausted, at any depth', () => {
  it('are reported and their handlers not left unreported and never run again', async () => {
    const LEVELS = 40;
    const instances = Array.from({ length: LEVELS }, () => {
      const harness = createHarness();
      const state = { calls: 0 };
      harness.events.attach('deep', 'e', () => {
        state.calls++;
        throw stackOverflow;
      }, { maxFailures: 2 });
      return { ...harness, state };
    });
    nearStackLimit(LEVELS, (index) => {
      const instance = instances[index]!;
      const before = instance.state.calls;
      instance.events.execute('e');
      return instance.state.calls > before;
    });
    await tick();
    for (const instance of instances) instance.events.execute('e');
    await tick();
    const outcomes = instances.map(({ events, named, state }) => ({
      calls: state.calls,
      reported: named(FAILURE).length,
      handlers: events.handlers().length,
    }));
    const wrong = outcomes.flatMap((outcome, level) =>
      outcome.calls === 2 && outcome.reported === 2 && outcome.handlers === 0 ? [] : [{ level, ...outcome }],
    );
    expect(wrong, `levels near the stack limit where a failure went unreported: ${JSON.stringify(wrong)}`).toEqual([]);
  });
});

describe('a clock that throws while a failure is reported', () => {
  it('drops that failure, keeps its handler running, and reports the others', async () => {
    const clock = createManualClock();
    let clockFails = false;
    const now = clock.now.bind(clock);
    clock.now = () => {
      if (clockFails) {
        clockFails = false;
        throw new Error('clock failed');
      }
      return now();
    };
    const seen: string[] = [];
    const events = createEventSystem({
      config: DEFAULT_EVENTS_CONFIG,
      clock,
      random: () => 0.5,
      observe: (event, _measurements, metadata) => {
        if (event.join('.') === FAILURE) seen.push(String(metadata.handlerId));
      },
    });
    // The failure handler makes two more failures while the first is being reported.
    executeWhileReporting(events, 'x');
    let firstCalls = 0;
    events.attach('first', 'x', () => {
      firstCalls++;
      throw new Error('first');
    });
    events.attach('second', 'x', () => {
      clockFails = true;
      throw new Error('second');
    });

    expect(() => events.execute('start')).not.toThrow();
    await tick();
    expect(seen).toEqual(['trigger', 'second']);
    expect(events.handlers().map((handler) => handler.id)).toEqual(['reactor', 'first']);
    expect(events.health().handlers).toEqual({ attached: 2, failures: 3, detached: 2 });
    events.execute('x');
    expect(firstCalls).toBe(2);
    await tick();
    expect(seen).toEqual(['trigger', 'second', 'first']);
    events.shutdown();
  });
});
