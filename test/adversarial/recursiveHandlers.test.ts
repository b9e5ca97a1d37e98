import { describe, expect, it } from 'vitest';
import type { Metadata } from '../../src/sampled/types.js';
import { createHarness } from '../sampled/setup.js';

const FAILURE = 'telemetry.handler.failure';

/** Calls `fn` under `depth` extra frames, so that the stack runs out at another point of the dispatch. */
function underFrames(depth: number, fn: () => void): void {
  if (depth === 0) fn();
  else underFrames(depth - 1, fn);
}

/** Extra frames to start from: the stack limit then falls in the handler, the lookup, the dispatch or its failure path. */
const DEPTHS = [0, 1, 2, 3, 5, 8, 13, 21, 34, 55];

describe('a handler that recurses without end', () => {
  it.each(DEPTHS)('is reported once, detached and never run again (under %i extra frames)', (depth) => {
    const { events, named } = createHarness();
    const failures: Metadata[] = [];
    events.attach('watch', FAILURE, (_event, _measurements, metadata) => failures.push(metadata));
    let runs = 0;
    events.attach('rec', 'loop', () => {
      runs++;
      events.execute('loop');
    });

    expect(() => underFrames(depth, () => events.execute('loop'))).not.toThrow();
    expect(runs, `the handler ran ${runs} times before the stack ran out`).toBeGreaterThan(100);
    expect(failures).toEqual([{ handlerId: 'rec', event: ['loop'], error: expect.any(RangeError) }]);
    expect(events.handlers().map((handler) => handler.id)).toEqual(['watch']);
    expect(events.detach('rec')).toBe(false);
    expect(events.health().handlers).toEqual({ attached: 1, failures: 1, detached: 1 });

    const runsWhenStopped = runs;
    events.execute('loop');
    expect(runs, 'a detached handler ran again').toBe(runsWhenStopped);
    // Its id is free again, and the new handler is the only one called.
    let replacementRuns = 0;
    events.attach('rec', 'loop', () => replacementRuns++);
    events.execute('loop');
    expect([runs - runsWhenStopped, replacementRuns]).toEqual([0, 1]);
    expect([failures.length, named(FAILURE).length]).toEqual([1, 1]);
  });

  it.each(['after', 'before'])(
    'is stopped when reached through another event, and no other handler is blamed (the other one attached %s it)',
    (order) => {
      const { events, named } = createHarness();
      let outerDone = 0;
      let besideRuns = 0;
      events.attach('outer', 'order.placed', () => {
        events.execute('loop');
        outerDone++;
      });
      const attachBeside = () => events.attach('beside', 'loop', () => besideRuns++);
      if (order === 'before') attachBeside();
      events.attach('rec', 'loop', () => events.execute('loop'));
      if (order === 'after') attachBeside();

      expect(() => events.execute('order.placed')).not.toThrow();
      expect(outerDone).toBe(1);
      // The other handler of the recursing event may have run out of stack beneath it: not its fault.
      expect(named(FAILURE).map((recorded) => recorded.metadata)).toEqual([
        { handlerId: 'rec', event: ['loop'], error: expect.any(RangeError) },
      ]);
      expect(events.handlers().map((handler) => handler.id).sort()).toEqual(['beside', 'outer']);
      expect(events.health().handlers).toEqual({ attached: 2, failures: 1, detached: 1 });

      const besideBefore = besideRuns;
      events.execute('order.placed');
      expect({ outerDone, beside: besideRuns - besideBefore, failures: named(FAILURE).length }).toEqual({
        outerDone: 2,
        beside: 1,
        failures: 1,
      });
    },
  );

  it('with { maxFailures: 3 } is reported at each stack overflow and detached at the third', () => {
    const { events, named } = createHarness();
    let runs = 0;
    events.attach(
      'rec',
      'loop',
      () => {
        runs++;
        events.execute('loop');
      },
      { maxFailures: 3 },
    );
    for (let attempt = 1; attempt <= 3; attempt++) {
      expect(() => events.execute('loop')).not.toThrow();
      expect(named(FAILURE), `failures after attempt ${attempt}`).toHaveLength(attempt);
      expect(events.handlers().map((handler) => handler.id), `listed after attempt ${attempt}`).toEqual(attempt < 3 ? ['rec'] : []);
    }
    expect(named(FAILURE).map((recorded) => recorded.metadata.handlerId)).toEqual(['rec', 'rec', 'rec']);
    const runsWhenStopped = runs;
    events.execute('loop');
    expect(runs).toBe(runsWhenStopped);
    expect(events.detach('rec')).toBe(false);
    expect(events.health().handlers).toEqual({ attached: 0, failures: 3, detached: 1 });
  });

  it('as a failure handler is detached and not reported as another failure', () => {
    const { events, named } = createHarness();
    let echoes = 0;
    events.attach('echo', FAILURE, () => {
      echoes++;
      events.execute(FAILURE);
    });
    events.attach('bad', 'job.run', () => {
      throw new Error('bad job');
    });

    expect(() => events.execute('job.run')).not.toThrow();
    expect(echoes).toBeGreaterThan(100);
    expect(events.handlers()).toEqual([]);
    expect(events.health().handlers).toEqual({ attached: 0, failures: 2, detached: 2 });

    const echoesWhenStopped = echoes;
    events.attach('bad-again', 'job.run', () => {
      throw new Error('bad again');
    });
    events.execute('job.run');
    expect(echoes).toBe(echoesWhenStopped);
    expect(named(FAILURE).at(-1)?.metadata).toMatchObject({ handlerId: 'bad-again', event: ['job', 'run'] });
  });
});

describe('detaching during a dispatch', () => {
  it('never runs a handler after it stopped being listed, whether it detached itself or another', () => {
    const { events } = createHarness();
    const calls: string[] = [];
    events.attach('first', 'e', () => {
      calls.push(`first sees ${events.handlers().map((handler) => handler.id).join(',')}`);
      events.detach('first');
      events.detach('second');
      calls.push(`then ${events.handlers().map((handler) => handler.id).join(',')}`);
      events.execute('e');
    });
    events.attach('second', 'e', () => calls.push('second'));
    events.attach('third', 'e', () => calls.push('third'));

    events.execute('e');
    // The nested execute reaches 'third' only; the outer dispatch still runs 'third', not 'second'.
    expect(calls).toEqual(['first sees first,second,third', 'then third', 'third', 'third']);
    expect(events.detach('second')).toBe(false);
    events.execute('e');
    expect(calls.slice(4)).toEqual(['third']);
  });

  it('does not run a handler that detached itself in a nested dispatch again in the outer one', () => {
    const { events } = createHarness();
    const calls: string[] = [];
    let nested = false;
    events.attach('nesting', 'e', () => {
      if (nested) return;
      nested = true;
      events.execute('e');
    });
    events.attach('once', 'e', () => {
      calls.push('once');
      events.detach('once');
    });
    events.execute('e');
    expect(calls).toEqual(['once']);
    expect(events.handlers().map((handler) => handler.id)).toEqual(['nesting']);
  });
});
