import { trace } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { createHarness, thrownBy } from './harness.js';

describe('enrichError', () => {
  it('sets err.context to the context plus traceId, spanId and spanPath; returns the same object', async () => {
    const { errors, spans } = createHarness();
    await errors.withContext({ requestId: 'r1' }, () =>
      spans.withSpan('checkout', () =>
        spans.withSpan('charge', (span) => {
          errors.setContext({ userId: 'u1' });
          const err = new Error('card declined');
          expect(errors.enrichError(err)).toBe(err);
          expect((err as any).context).toEqual({
            requestId: 'r1',
            userId: 'u1',
            traceId: span.traceId,
            spanId: span.spanId,
            spanPath: ['checkout', 'charge'],
          });
        }),
      ),
    );
  });

  it('leaves out trace keys when no span is active', () => {
    const { errors } = createHarness();
    const err = errors.withContext({ requestId: 'r1' }, () => errors.enrichError(new Error('x')));
    expect((err as any).context).toStrictEqual({ requestId: 'r1' });
  });

  it("keeps the error's own context keys over the scope's", () => {
    const { errors } = createHarness();
    const err = Object.assign(new Error('x'), { context: { requestId: 'own', code: 7 } });
    errors.withContext({ requestId: 'scope', userId: 'u1' }, () => errors.enrichError(err));
    expect(err.context).toEqual({ requestId: 'own', code: 7, userId: 'u1' });
  });

  it('keeps a non-object err.context under context.original', () => {
    const { errors } = createHarness();
    const err = Object.assign(new Error('x'), { context: 'db' });
    errors.withContext({ requestId: 'r1' }, () => errors.enrichError(err));
    expect(err.context).toEqual({ requestId: 'r1', original: 'db' });
  });

  it('works for subclasses and plain objects; returns non-objects unchanged', () => {
    const { errors } = createHarness();
    class CardDeclined extends Error {}
    errors.withContext({ requestId: 'r1' }, () => {
      const sub = errors.enrichError(new CardDeclined('no'));
      expect(sub).toBeInstanceOf(CardDeclined);
      expect((sub as any).context).toEqual({ requestId: 'r1' });
      expect((errors.enrichError({ code: 1 }) as any).context).toEqual({ requestId: 'r1' });
      for (const value of ['oops', 42, undefined, null, 10n, true]) expect(errors.enrichError(value)).toBe(value);
    });
  });

  it('does not throw on frozen errors, returns them unchanged and counts them', () => {
    const { errors } = createHarness();
    const frozen = Object.freeze(new Error('frozen'));
    const result = errors.withContext({ requestId: 'r1' }, () => errors.enrichError(frozen));
    expect(result).toBe(frozen);
    expect((frozen as any).context).toBeUndefined();
    expect(errors.health().enrichFailed).toBe(1);
  });

  it('enriches each error of a cause chain and of an AggregateError once, and survives cycles', () => {
    const { errors } = createHarness();
    const root = new Error('root');
    const middle = new Error('middle', { cause: root });
    const top = new Error('top', { cause: middle });
    (root as any).cause = top; // a cycle
    const member = new Error('member');
    const aggregate = new AggregateError([member, top, 'not an error'], 'all failed');
    errors.withContext({ requestId: 'r1' }, () => errors.enrichError(aggregate));
    for (const err of [aggregate, member, top, middle, root]) expect((err as any).context).toEqual({ requestId: 'r1' });
  });
});

describe('enrichment at boundaries', () => {
  it('an error escaping withSpan inside withContext carries the ids of that span and the context at that moment', async () => {
    const { errors, spans } = createHarness();
    let ids: { traceId: string; spanId: string } | undefined;
    const err = await thrownBy(() =>
      errors.withContext({ requestId: 'r1' }, () =>
        spans.withSpan('request', async () => {
          await spans.withSpan('charge', async (span) => {
            ids = { traceId: span.traceId, spanId: span.spanId };
            errors.setContext({ attempt: 2 });
            await new Promise((resolve) => setImmediate(resolve));
            throw new Error('card declined');
          });
        }),
      ),
    );
    // Both scopes have ended; the context travels with the error.
    expect(trace.getActiveSpan()).toBeUndefined();
    expect(errors.getContext()).toEqual({});
    expect(err.context).toEqual({
      requestId: 'r1',
      attempt: 2,
      traceId: ids?.traceId,
      spanId: ids?.spanId,
      spanPath: ['request', 'charge'],
    });
  });

  it('records the context on the span exception event as error.context.* attributes (primitives only)', async () => {
    const { errors, spans, exporter } = createHarness();
    await thrownBy(() =>
      errors.withContext({ requestId: 'r1', password: 'hunter2', nested: { a: 1 }, big: 5n }, () =>
        spans.withSpan('charge', () => {
          throw new TypeError('bad card');
        }),
      ),
    );
    const [span] = exporter.spans();
    const event = span?.events.find((e) => e.name === 'exception');
    expect(event?.attributes).toMatchObject({
      'exception.type': 'TypeError',
      'exception.message': 'bad card',
      'error.context.requestId': 'r1',
      'error.context.password': '[REDACTED]',
      'error.context.big': '5',
      'error.context.spanId': span?.spanContext().spanId,
    });
    expect(event?.attributes?.['exception.stacktrace']).toContain('bad card');
    expect(event?.attributes).not.toHaveProperty('error.context.nested');
  });

  it('enriches sync throws and rejections of withContext once, at the innermost boundary', async () => {
    const { errors } = createHarness();
    const syncErr = await thrownBy(() =>
      errors.withContext({ level: 'outer' }, () =>
        errors.withContext({ level: 'inner', only: 'inner' }, () => {
          throw new Error('sync');
        }),
      ),
    );
    expect(syncErr.context).toEqual({ level: 'inner', only: 'inner' });

    const asyncErr = await thrownBy(() =>
      errors.withContext({ level: 'outer' }, async () => {
        await errors.withContext({ level: 'inner' }, async () => {
          await new Promise((resolve) => setImmediate(resolve));
          errors.setContext({ late: true });
          throw new Error('async');
        });
      }),
    );
    expect(asyncErr.context).toEqual({ level: 'inner', late: true });
  });

  it('leaves the context of the innermost boundary alone at every boundary further out', async () => {
    // The outer scope gains a key after the inner one ended: only a second enrichment would add it.
    const { errors, spans } = createHarness();
    const rethrownAfterAdding = (fn: () => unknown) => () => {
      try {
        return fn();
      } catch (error) {
        errors.setContext({ addedLater: true });
        throw error;
      }
    };
    const syncErr = await thrownBy(() =>
      errors.withContext({ level: 'outer' }, rethrownAfterAdding(() =>
        errors.withContext({ level: 'inner' }, () => {
          throw new Error('sync');
        }),
      )),
    );
    expect(syncErr.context).toEqual({ level: 'inner' });

    const asyncErr = await thrownBy(() =>
      errors.withContext({ level: 'outer' }, async () => {
        try {
          await errors.withContext({ level: 'inner' }, async () => {
            await new Promise((resolve) => setImmediate(resolve));
            throw new Error('async');
          });
        } catch (error) {
          errors.setContext({ addedLater: true });
          throw error;
        }
      }),
    );
    expect(asyncErr.context).toEqual({ level: 'inner' });

    let innerSpanId = '';
    const spanErr = await thrownBy(() =>
      spans.withSpan('outer', rethrownAfterAdding(() =>
        spans.withSpan('inner', (span) => {
          innerSpanId = span.spanId;
          throw new Error('in span');
        }),
      )),
    );
    expect(spanErr.context).toEqual({ traceId: expect.any(String), spanId: innerSpanId, spanPath: ['outer', 'inner'] });
  });

  it('leaves non-object throws unchanged', async () => {
    const { errors, spans } = createHarness();
    expect(await thrownBy(() => errors.withContext({ a: 1 }, () => { throw 'text'; }))).toBe('text');
    const settled = await errors
      .withContext({ a: 1 }, () => spans.withSpan('s', async () => Promise.reject(undefined)))
      .then(() => 'resolved', (reason: unknown) => ({ reason }));
    expect(settled).toEqual({ reason: undefined });
  });

  it('enriches a wrapping error at its own boundary and leaves an already enriched cause alone', async () => {
    const { errors } = createHarness();
    const err = await thrownBy(() =>
      errors.withContext({ layer: 'service' }, () => {
        try {
          errors.withContext({ layer: 'db' }, () => {
            throw new Error('connection reset');
          });
        } catch (cause) {
          throw new Error('could not load cart', { cause });
        }
      }),
    );
    expect(err.context).toEqual({ layer: 'service' });
    expect(err.cause.context).toEqual({ layer: 'db' });
  });

  it('leaves an already enriched cause alone even when the outer flow wrote context before wrapping it', async () => {
    const { errors } = createHarness();
    const err = await thrownBy(() =>
      errors.withContext({ layer: 'service' }, () => {
        try {
          errors.withContext({ layer: 'db' }, () => {
            throw new Error('connection reset');
          });
        } catch (cause) {
          errors.setContext({ retried: true });
          throw new Error('could not load cart', { cause });
        }
      }),
    );
    expect(err.context).toEqual({ layer: 'service', retried: true });
    expect(err.cause.context).toStrictEqual({ layer: 'db' });
  });

  const nonObjects: [string, unknown][] = [
    ['a string', 'text'],
    ['a number', 42],
    ['null', null],
    ['undefined', undefined],
    ['a BigInt', 10n],
    ['a symbol', Symbol('failure')],
    ['a boolean', false],
  ];

  it.each(nonObjects)('passes %s thrown or rejected through withContext and withSpan unchanged, counting no failure', async (_what, value) => {
    const { errors, spans } = createHarness();
    const fail = () => {
      throw value;
    };
    expect(await thrownBy(() => errors.withContext({ a: 1 }, fail))).toBe(value);
    expect(await thrownBy(() => errors.withContext({ a: 1 }, async () => fail()))).toBe(value);
    expect(await thrownBy(() => errors.withContext({ a: 1 }, () => spans.withSpan('s', fail)))).toBe(value);
    expect(await thrownBy(() => spans.withSpan('s', async () => fail()))).toBe(value);
    expect(errors.health().enrichFailed).toBe(0);
  });
});

describe('enrichment edges', () => {
  it('treats err.context = null as no context of its own', () => {
    const { errors } = createHarness();
    const err = Object.assign(new Error('x'), { context: null });
    errors.withContext({ requestId: 'r1' }, () => errors.enrichError(err));
    expect(err.context).toStrictEqual({ requestId: 'r1' });
  });

  it('walks at most 256 errors of a cause chain', () => {
    const { errors } = createHarness();
    const chain: Error[] = [new Error('root cause')];
    for (let index = 1; index < 300; index += 1) chain.push(new Error(`level ${index}`, { cause: chain[index - 1] }));
    const top = chain[chain.length - 1] as Error;
    errors.withContext({ requestId: 'r1' }, () => errors.enrichError(top));
    const enriched = chain.filter((err) => (err as { context?: unknown }).context !== undefined);
    expect(enriched).toHaveLength(256);
    expect(enriched[0]).toBe(chain[300 - 256]);
  });

  it('enriches the errors among AggregateError members and leaves other values alone', () => {
    const { errors } = createHarness();
    const member = new Error('one');
    const notAnError = { code: 7 };
    const aggregate = new AggregateError([member, notAnError, 'text'], 'all failed');
    errors.withContext({ requestId: 'r1' }, () => errors.enrichError(aggregate));
    expect((member as { context?: unknown }).context).toEqual({ requestId: 'r1' });
    expect(notAnError).toStrictEqual({ code: 7 });
  });

  it('walks an errors property only when it is an array', () => {
    const { errors } = createHarness();
    const member = new Error('one');
    const err = Object.assign(new Error('not an aggregate'), { errors: { length: 1, 0: member } });
    errors.withContext({ requestId: 'r1' }, () => errors.enrichError(err));
    expect((err as { context?: unknown }).context).toEqual({ requestId: 'r1' });
    expect((member as { context?: unknown }).context).toBeUndefined();
  });

  it('returns values that are not objects unchanged, without counting a failure', () => {
    const { errors } = createHarness();
    errors.withContext({ requestId: 'r1' }, () => {
      expect(errors.enrichError('text')).toBe('text');
      expect(errors.enrichError(null)).toBeNull();
      expect(errors.enrichError(undefined)).toBeUndefined();
    });
    expect(errors.health().enrichFailed).toBe(0);
  });

  it('enriches again when enrichError is called explicitly, after an inner boundary did', async () => {
    const { errors } = createHarness();
    const err = await thrownBy(() =>
      errors.withContext({ requestId: 'r1' }, () => {
        try {
          errors.withContext({ step: 'inner' }, () => {
            throw new Error('x');
          });
        } catch (error) {
          errors.setContext({ retried: true });
          throw errors.enrichError(error);
        }
      }),
    );
    // The inner boundary's keys stay (the error's own keys win); the explicit call adds the new one.
    expect(err.context).toEqual({ requestId: 'r1', step: 'inner', retried: true });
  });
});

describe('errors from another realm', () => {
  it('walks causes and AggregateError members created in a vm context (instanceof Error is false there)', async () => {
    const { runInNewContext } = await import('node:vm');
    const { errors } = createHarness();
    const foreignCause = runInNewContext('new Error("from vm")') as Error;
    const foreignAggregate = runInNewContext('new AggregateError([new Error("member")], "all failed")') as AggregateError;
    expect(foreignCause instanceof Error).toBe(false);
    const top = new Error('top', { cause: foreignCause });
    errors.withContext({ requestId: 'r1' }, () => {
      errors.enrichError(top);
      errors.enrichError(foreignAggregate);
    });
    expect((foreignCause as any).context).toEqual({ requestId: 'r1' });
    expect((foreignAggregate.errors[0] as any).context).toEqual({ requestId: 'r1' });
  });
});
