import { describe, expect, it } from 'vitest';
import type { SamplingRule } from '../../src/config/options.js';
import { createHarness, seededRandom } from './setup.js';

function withRule(rule: SamplingRule, seed = 7) {
  return createHarness({ sampling: { 'cache.miss': rule }, batchIntervalMs: 60_000 }, seededRandom(seed));
}

describe('sampling rules for emitEvent', () => {
  it('random 0.5 passes 45-55% of 10,000 calls and reports the rate', () => {
    const { events, named } = withRule({ random: 0.5 });
    let passed = 0;
    for (let i = 0; i < 10_000; i++) if (events.emitEvent('cache.miss', { n: i })) passed++;
    expect(passed).toBeGreaterThanOrEqual(4500);
    expect(passed).toBeLessThanOrEqual(5500);
    expect(named('cache.miss')).toHaveLength(passed);
    expect(named('cache.miss').every((entry) => entry.metadata.sampleRate === 0.5)).toBe(true);
    expect(events.samplingStats()).toEqual({ 'cache.miss': { total: 10_000, sampled: passed, rule: 'random(0.5)' } });
    expect(events.health().events).toMatchObject({ executed: passed, sampledOut: 10_000 - passed });
  });

  it('rateLimited 10 passes exactly 10 per second of clock time', () => {
    const { events, clock } = withRule({ rateLimited: 10 });
    const perSecond: number[] = [];
    for (let second = 0; second < 5; second++) {
      let passed = 0;
      for (let i = 0; i < 100; i++) {
        if (events.emitEvent('cache.miss')) passed++;
        clock.advance(10);
      }
      perSecond.push(passed);
    }
    expect(perSecond).toEqual([10, 10, 10, 10, 10]);
    expect(events.samplingStats()['cache.miss']).toEqual({ total: 500, sampled: 50, rule: 'rateLimited(10/s)' });
  });

  it('rateLimited reports the previous second’s passed share as sampleRate', () => {
    const { events, clock, named } = withRule({ rateLimited: 10 });
    for (let i = 0; i < 40; i++) events.emitEvent('cache.miss');
    clock.advance(1000);
    events.emitEvent('cache.miss');
    const rates = named('cache.miss').map((entry) => entry.metadata.sampleRate);
    expect(rates.slice(0, 10).every((rate) => rate === 1)).toBe(true);
    expect(rates[10]).toBe(0.25);
  });

  it('reservoir 100 passes the first 100 per period, then fewer and fewer', () => {
    const { events, clock, named } = withRule({ reservoir: 100, perMs: 1000 });
    const passedInPeriod = (): boolean[] => Array.from({ length: 2000 }, () => events.emitEvent('cache.miss'));
    const first = passedInPeriod();
    expect(first.slice(0, 100).every(Boolean)).toBe(true);
    const later = first.slice(100).filter(Boolean).length;
    expect(later).toBeGreaterThan(0);
    // expected sum of 100/n for n = 101..2000 is about 100 * ln(2000/100) ≈ 300
    expect(later).toBeLessThan(450);
    const lateRates = named('cache.miss').slice(100).map((entry) => entry.metadata.sampleRate as number);
    expect(lateRates.every((rate, i) => rate < 1 && (i === 0 || rate <= (lateRates[i - 1] as number)))).toBe(true);
    clock.advance(1000);
    const second = passedInPeriod();
    expect(second.slice(0, 100).every(Boolean)).toBe(true);
  });

  it('adaptive 50 converges to within 20% of 50/s over 20 seconds of a 1,000/s stream', () => {
    const { events, clock } = withRule({ adaptive: 50 });
    const perSecond: number[] = [];
    for (let second = 0; second < 20; second++) {
      let passed = 0;
      for (let i = 0; i < 1000; i++) {
        if (events.emitEvent('cache.miss')) passed++;
        clock.advance(1);
      }
      perSecond.push(passed);
    }
    const overall = perSecond.reduce((sum, n) => sum + n, 0) / perSecond.length;
    expect(overall).toBeGreaterThanOrEqual(40);
    expect(overall).toBeLessThanOrEqual(60);
    const settled = perSecond.slice(10).reduce((sum, n) => sum + n, 0) / 10;
    expect(settled).toBeGreaterThanOrEqual(40);
    expect(settled).toBeLessThanOrEqual(60);
    expect(Math.max(...perSecond)).toBeLessThanOrEqual(50);
    // Systematic picking: once the rate is known, every second lands on the target, give or take one.
    expect(perSecond.slice(1).every((n) => n >= 49 && n <= 50)).toBe(true);
  });

  it('adaptive lets everything through below the target', () => {
    const { events, clock, named } = withRule({ adaptive: 50 });
    for (let i = 0; i < 100; i++) {
      expect(events.emitEvent('cache.miss')).toBe(true);
      clock.advance(100); // 10/s
    }
    expect(named('cache.miss').every((entry) => entry.metadata.sampleRate === 1)).toBe(true);
  });

  it("'never' passes none and 'always' passes all with sampleRate 1", () => {
    const never = withRule('never');
    for (let i = 0; i < 1000; i++) expect(never.events.emitEvent('cache.miss')).toBe(false);
    expect(never.named('cache.miss')).toHaveLength(0);
    expect(never.events.samplingStats()['cache.miss']).toEqual({ total: 1000, sampled: 0, rule: 'never' });

    const always = withRule('always');
    for (let i = 0; i < 10; i++) expect(always.events.emitEvent('cache.miss')).toBe(true);
    expect(always.named('cache.miss').map((entry) => entry.metadata.sampleRate)).toEqual(Array(10).fill(1));
  });

  it('samples before dedup: a sampled-out occurrence opens no window', () => {
    let next = 0.9; // first draw samples out, then every draw passes
    const { events, named } = createHarness({ sampling: { 'db.error': { random: 0.5 } } }, () => {
      const value = next;
      next = 0;
      return value;
    });
    expect(events.emitEvent('db.error', {}, { dedupKey: 'k' })).toBe(false);
    expect(events.health().events.dedupKeys).toBe(0);
    expect(events.emitEvent('db.error', {}, { dedupKey: 'k' })).toBe(true);
    expect(named('db.error')[0]?.metadata).toEqual({ dedupKey: 'k', sampleRate: 0.5 });
    expect(events.emitEvent('db.error', {}, { dedupKey: 'k' })).toBe(false);
    expect(events.health().events).toMatchObject({ executed: 1, suppressed: 1, sampledOut: 1 });
    expect(events.samplingStats()['db.error']).toMatchObject({ total: 3, sampled: 2 });
  });

  it('applies rules to prefixed names and leaves events without a rule unsampled', () => {
    const { events, named } = createHarness({ sampling: { 'app.cache.miss': 'never' } });
    const app = events.prefixed('app');
    expect(app.emitEvent('cache.miss')).toBe(false);
    expect(app.emitEvent('cache.hit')).toBe(true);
    expect(named('app.cache.hit')[0]?.metadata).toEqual({});
    expect(Object.keys(events.samplingStats())).toEqual(['app.cache.miss']);
  });

  it('rejects an unknown rule shape', () => {
    expect(() => withRule({ bogus: 1 } as unknown as SamplingRule)).toThrow(TypeError);
    expect(() => withRule({ bogus: 1 } as unknown as SamplingRule)).toThrow(/events\.sampling\.cache\.miss/);
  });
});
