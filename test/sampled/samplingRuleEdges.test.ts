import { describe, expect, it } from 'vitest';
import type { SamplingRule } from '../../src/config/options.js';
import { createSampler } from '../../src/sampled/sampling/rules.js';

/** A random source that always returns `value`, so every decision is known in advance. */
const always = (value: number) => (): number => value;

/** The rate each call returned (`undefined`: sampled out), calling `sample` at the given clock times. */
function decisions(rule: SamplingRule, random: number, times: readonly number[]): (number | undefined)[] {
  const sampler = createSampler(rule, always(random));
  return times.map((now) => sampler.sample(now));
}

const repeat = <T>(count: number, value: T): T[] => Array<T>(count).fill(value);

describe('sampling rules at their edges', () => {
  it.each([
    ['random passes a draw just under the rate', { random: 0.5 }, 0.49, [0], [0.5]],
    ['random samples out a draw equal to the rate', { random: 0.5 }, 0.5, [0], [undefined]],
    ['reservoir passes the first `size` with rate 1', { reservoir: 3 }, 0.99, [0, 0, 0], [1, 1, 1]],
    ['reservoir samples out a draw equal to size / n', { reservoir: 1 }, 0.5, [0, 0], [1, undefined]],
    ['reservoir passes a draw under size / n with that rate', { reservoir: 1 }, 0.49, [0, 0], [1, 0.5]],
    ['reservoir with perMs starts a new period after perMs', { reservoir: 1, perMs: 500 }, 0.99, [0, 600], [1, 1]],
    ['reservoir without perMs keeps one period for a second', { reservoir: 1 }, 0.99, [0, 600], [1, undefined]],
    [
      'rateLimited reports rate 1 after a quiet second (previous second under the limit)',
      { rateLimited: 10 },
      0,
      [...repeat(5, 0), 1000],
      [...repeat(5, 1), 1],
    ],
    [
      'rateLimited reports the passed share after one busy second',
      { rateLimited: 10 },
      0,
      [...repeat(20, 0), 1000],
      [...repeat(10, 1), ...repeat(10, undefined), 0.5],
    ],
    [
      'rateLimited reports rate 1 when whole seconds passed without occurrences',
      { rateLimited: 10 },
      0,
      [...repeat(20, 0), 2500],
      [...repeat(10, 1), ...repeat(10, undefined), 1],
    ],
    [
      'adaptive passes every other occurrence at probability 0.5, from the random start',
      { adaptive: 10 },
      0.5,
      [...repeat(20, 0), ...repeat(10, 1000)],
      [...repeat(10, 1), ...repeat(10, undefined), ...repeat(5, [0.5, undefined]).flat()],
    ],
    [
      'adaptive averages arrivals over every second that ended (20 in 2 s is at the target of 10/s)',
      { adaptive: 10 },
      0.5,
      [...repeat(20, 0), 2000],
      [...repeat(10, 1), ...repeat(10, undefined), 1],
    ],
  ] as [string, SamplingRule, number, number[], (number | undefined)[]][])('%s', (_label, rule, random, times, expected) => {
    expect(decisions(rule, random, times)).toEqual(expected);
  });

  it.each([
    [{ reservoir: 2 }, 'reservoir(2/1000ms)'],
    [{ reservoir: 2, perMs: 500 }, 'reservoir(2/500ms)'],
    [{ rateLimited: 10 }, 'rateLimited(10/s)'],
    [{ adaptive: 50 }, 'adaptive(50/s)'],
    [{ random: 0.25 }, 'random(0.25)'],
  ] as [SamplingRule, string][])('describes %j as %s', (rule, description) => {
    expect(createSampler(rule, Math.random).rule).toBe(description);
  });

  it.each([null, 'sometimes', 42, {}])('rejects the rule %j with a TypeError listing the allowed rules', (rule) => {
    const build = () => createSampler(rule as never, Math.random);
    expect(build).toThrow(TypeError);
    expect(build).toThrow("rule must be 'always', 'never', { random: 0..1 }");
  });
});
