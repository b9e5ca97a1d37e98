import type { SamplingRule } from '../../config/options.js';
import { invalidArgument } from '../inputErrors.js';

/** The decision of one sampling rule, with the state it keeps between calls. */
export interface Sampler {
  /** Short description for `samplingStats()`: `'random(0.5)'`, `'rateLimited(10/s)'`. */
  readonly rule: string;
  /** The probability used when the occurrence passes at clock time `now`; `undefined` when sampled out. */
  sample(now: number): number | undefined;
}

const SECOND_MS = 1000;
const ALLOWED_RULE =
  "'always', 'never', { random: 0..1 }, { rateLimited: n }, { reservoir: n, perMs? } or { adaptive: n }";

/**
 * Builds the sampler of one rule; `random` returns numbers in [0, 1).
 *
 * @example
 * const sampler = createSampler({ random: 0.1 }, Math.random);
 * if (sampler.sample(Date.now()) !== undefined) emit();
 */
export function createSampler(rule: SamplingRule, random: () => number, argument = 'rule'): Sampler {
  if (rule === 'always') return { rule, sample: () => 1 };
  if (rule === 'never') return { rule, sample: () => undefined };
  if (typeof rule === 'object' && rule !== null) {
    if ('random' in rule) return randomSampler(rule.random, random);
    if ('rateLimited' in rule) return rateLimitedSampler(rule.rateLimited);
    if ('reservoir' in rule) return reservoirSampler(rule.reservoir, rule.perMs ?? SECOND_MS, random);
    if ('adaptive' in rule) return adaptiveSampler(rule.adaptive, random);
  }
  throw invalidArgument(argument, rule, ALLOWED_RULE);
}

/** Passes each occurrence with probability `rate`. */
function randomSampler(rate: number, random: () => number): Sampler {
  return {
    rule: `random(${rate})`,
    sample: () => (random() < rate ? rate : undefined),
  };
}

/**
 * Periods of `periodMs` clock time, anchored at the first occurrence (not at multiples of
 * `periodMs`), so "per second" means per second since the stream started.
 */
class Periods {
  readonly #periodMs: number;
  #start: number | undefined;

  constructor(periodMs: number) {
    this.#periodMs = periodMs;
  }

  /** How many periods ended since the previous call (0: same period). */
  advance(now: number): number {
    if (this.#start === undefined) {
      this.#start = now;
      return 0;
    }
    if (now - this.#start < this.#periodMs) return 0;
    const ended = Math.floor((now - this.#start) / this.#periodMs);
    this.#start += ended * this.#periodMs;
    return ended;
  }
}

/**
 * The first `maxPerSecond` occurrences of each clock second pass. The rate reported is the
 * share that passed in the previous second (1 when it was not over the limit), an estimate
 * of the probability for re-weighting counts.
 */
function rateLimitedSampler(maxPerSecond: number): Sampler {
  const periods = new Periods(SECOND_MS);
  let seen = 0;
  let passed = 0;
  let rate = 1;
  return {
    rule: `rateLimited(${maxPerSecond}/s)`,
    sample(now) {
      const ended = periods.advance(now);
      if (ended > 0) {
        rate = ended === 1 && seen > maxPerSecond ? maxPerSecond / seen : 1;
        seen = 0;
        passed = 0;
      }
      seen++;
      if (passed >= maxPerSecond) return undefined;
      passed++;
      return rate;
    },
  };
}

/** The first `size` occurrences per period pass; the n-th after them with probability `size / n`. */
function reservoirSampler(size: number, perMs: number, random: () => number): Sampler {
  const periods = new Periods(perMs);
  let seen = 0;
  return {
    rule: `reservoir(${size}/${perMs}ms)`,
    sample(now) {
      if (periods.advance(now) > 0) seen = 0;
      seen++;
      if (seen <= size) return 1;
      const probability = size / seen;
      return random() < probability ? probability : undefined;
    },
  };
}

/**
 * Passes with probability `p`, recomputed at the end of every clock second as
 * `targetPerSecond / arrivals per second` (capped at 1). Occurrences are picked
 * systematically: each adds `p` to a credit and passes when the credit reaches 1, from a
 * random start each second. Every occurrence still passes with probability `p`, but a
 * second passes `p × arrivals` give or take one, instead of a binomial spread around it.
 * Within one second at most `targetPerSecond` pass, which also bounds the first second,
 * before any rate is known.
 */
function adaptiveSampler(targetPerSecond: number, random: () => number): Sampler {
  const periods = new Periods(SECOND_MS);
  let probability = 1;
  let credit = 0;
  let seen = 0;
  let passed = 0;
  return {
    rule: `adaptive(${targetPerSecond}/s)`,
    sample(now) {
      const ended = periods.advance(now);
      if (ended > 0) {
        const arrivalsPerSecond = seen / ended;
        probability = arrivalsPerSecond > targetPerSecond ? targetPerSecond / arrivalsPerSecond : 1;
        credit = random();
        seen = 0;
        passed = 0;
      }
      seen++;
      if (passed >= targetPerSecond) return undefined;
      if (probability < 1) {
        credit += probability;
        if (credit < 1) return undefined;
        credit -= 1;
      }
      passed++;
      return probability;
    },
  };
}
