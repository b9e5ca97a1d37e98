import { describe, expect, expectTypeOf, it } from 'vitest';
import { errorContextOf, type EnrichedError, type ErrorContext } from '../../src/index.js';
import { make } from '../support/testInstances.js';

describe('errorContextOf and EnrichedError', () => {
  it('reads the context that withContext and withSpan put on an escaping error, typed', async () => {
    const t = make();
    const error: unknown = await t
      .withContext({ requestId: 'r-1' }, () =>
        t.withSpan('checkout', () =>
          t.withSpan('charge', async () => {
            t.addBreadcrumb('card checked');
            throw new Error('card declined');
          }),
        ),
      )
      .catch((caught: unknown) => caught);

    const context = errorContextOf(error);
    expectTypeOf(context).toEqualTypeOf<ErrorContext | undefined>();
    expectTypeOf(context?.spanPath).toEqualTypeOf<string[] | undefined>();
    expect(context).toMatchObject({ requestId: 'r-1', spanPath: ['checkout', 'charge'], breadcrumbs: [{ message: 'card checked' }] });
    const [charge] = t.spans();
    expect(context?.traceId).toBe(charge?.spanContext().traceId);
    expect(context?.spanId).toBe(charge?.spanContext().spanId);
  });

  it('types an enriched error without a cast of its own', () => {
    const t = make();
    const enriched = t.withContext({ orderId: 'o-7' }, () => t.enrichError(new Error('late'))) as EnrichedError;
    expectTypeOf(enriched.context).toEqualTypeOf<ErrorContext>();
    expectTypeOf(enriched.message).toBeString();
    expect(enriched.context.orderId).toBe('o-7');
  });

  it('is undefined for values without an enriched context, and never throws', () => {
    const revoked = Proxy.revocable({}, {});
    revoked.revoke();
    const hostile = Object.defineProperty(new Error('x'), 'context', {
      get() {
        throw new Error('no');
      },
    });
    const values = [undefined, null, 'boom', 42, new Error('plain'), { context: 'text' }, { context: [1] }, revoked.proxy, hostile];
    values.forEach((value, index) => expect(errorContextOf(value), `value #${index}`).toBeUndefined());
  });
});
