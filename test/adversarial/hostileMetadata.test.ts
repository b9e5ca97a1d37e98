import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { make, tick } from '../support/testInstances.js';

const unhandled: unknown[] = [];
const record = (reason: unknown): void => void unhandled.push(reason);
beforeEach(() => {
  unhandled.length = 0;
  process.on('unhandledRejection', record);
});
afterEach(async () => {
  await tick();
  process.off('unhandledRejection', record);
  expect(unhandled).toEqual([]);
});

/** Metadata with one readable field and one whose getter throws. */
function trapped(): Record<string, unknown> {
  return Object.defineProperties({ table: 'orders' } as Record<string, unknown>, {
    secretSauce: { enumerable: true, get: () => { throw new Error('getter'); } },
  });
}

describe('metadata whose getters throw', () => {
  it('passes an emitEvent that adds sampleRate or suppressed: the unreadable field is left out of the copy', () => {
    // No flush between the calls: the last occurrence carries the one suppressed before it.
    const t = make({ events: { dedupWindowMs: 1000, batchIntervalMs: 60_000, sampling: { 'cache.miss': 'always' } } });
    expect(t.emitEvent('cache.miss', {}, trapped())).toBe(true);
    t.emitEvent('db.error', {}, { dedupKey: 'k' });
    t.emitEvent('db.error', {}, { dedupKey: 'k' });
    t.clock.advance(1000);
    expect(t.emitEvent('db.error', {}, Object.assign(trapped(), { dedupKey: 'k' }))).toBe(true);
    const [sampled] = t.events('cache.miss');
    expect(sampled?.metadata).toEqual({ table: 'orders', sampleRate: 1 });
    expect(t.events('db.error').at(-1)?.metadata).toEqual({ table: 'orders', dedupKey: 'k', suppressed: 1 });
  });

  it('passes captureError, which keeps the readable fields', () => {
    const t = make();
    const error = new Error('declined');
    expect(t.captureError(error, trapped())).toBe(error);
    const [captured] = t.events('error.captured');
    expect(captured?.metadata).toMatchObject({ error, errorType: 'Error', table: 'orders' });
    expect(captured?.metadata).not.toHaveProperty('secretSauce');
  });
});
