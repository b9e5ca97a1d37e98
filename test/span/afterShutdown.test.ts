import { describe, expect, it } from 'vitest';
import { createTestTelemetry } from '../../src/testing/index.js';

type WithContext = Error & { context?: Record<string, unknown> };

describe('withSpan after shutdown', () => {
  it('still enriches an error escaping a sync fn with the flow context', async () => {
    const t = createTestTelemetry();
    await t.shutdown();
    const error: WithContext = new Error('declined');
    expect(() =>
      t.withContext({ requestId: 'r-1' }, () =>
        t.withSpan('late', () => {
          t.setContext({ step: 'charge' });
          throw error;
        }),
      ),
    ).toThrow(error);
    expect(error.context).toMatchObject({ requestId: 'r-1', step: 'charge' });
    expect(t.spans()).toHaveLength(0);
  });

  it('enriches a rejection and returns a promise that rejects with the same error', async () => {
    const t = createTestTelemetry();
    await t.shutdown();
    const error: WithContext = new Error('declined');
    const work = Promise.reject(error);
    let returned: Promise<never> | undefined;
    const outer = t.withContext({ requestId: 'r-2' }, () => {
      returned = t.withSpan('late', () => {
        t.setContext({ step: 'charge' });
        return work;
      });
      return returned;
    });
    await expect(returned).rejects.toBe(error);
    await expect(outer).rejects.toBe(error);
    // `step` lives in the span's own scope: only enrichment at that boundary can see it.
    expect(error.context).toMatchObject({ requestId: 'r-2', step: 'charge' });
  });
});
