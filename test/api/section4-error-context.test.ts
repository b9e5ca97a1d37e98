import { describe, expect, it } from 'vitest';
import { createTestTelemetry } from '../../src/testing/index.js';
import '../../src/testing/vitest.js';
import { make, tick } from '../support/testInstances.js';

type WithContext = Error & { context?: Record<string, unknown> };

describe('§4 withContext / getContext / setContext / clearContext', () => {
  it('the API.md example: err.context = { requestId, userId, traceId, spanId }', async () => {
    const t = make();
    let thrown: unknown;
    await t.withSpan('request', async (span) => {
      try {
        await t.withContext({ requestId: 'r1' }, async () => {
          await tick();
          t.setContext({ userId: 'u1' });
          throw t.enrichError(new Error('card declined'));
        });
      } catch (error) {
        thrown = error;
      }
      expect((thrown as WithContext).context).toMatchObject({ requestId: 'r1', userId: 'u1', traceId: span.traceId, spanId: span.spanId });
    });
  });

  it('merges fields over the enclosing context and leaves it untouched when fn ends (sync, promise, throw)', async () => {
    const t = make();
    expect(t.getContext()).toEqual({});
    t.withContext({ a: 1, b: 1 }, () => {
      t.withContext({ b: 2 }, () => {
        expect(t.getContext()).toEqual({ a: 1, b: 2 });
        t.setContext({ c: 3 });
      });
      expect(t.getContext()).toEqual({ a: 1, b: 1 });
      expect(() =>
        t.withContext({ d: 4 }, () => {
          throw new Error('x');
        }),
      ).toThrow('x');
      expect(t.getContext()).toEqual({ a: 1, b: 1 });
    });
    await t.withContext({ p: 1 }, async () => {
      await t.withContext({ q: 2 }, async () => {
        await tick();
        expect(t.getContext()).toEqual({ p: 1, q: 2 });
      });
      expect(t.getContext()).toEqual({ p: 1 });
    });
    expect(t.getContext()).toEqual({});
  });

  it('getContext() is a frozen copy', () => {
    const t = make();
    t.withContext({ a: 1 }, () => {
      const snapshot = t.getContext();
      expect(Object.isFrozen(snapshot)).toBe(true);
      t.setContext({ b: 2 });
      expect(snapshot).toEqual({ a: 1 });
    });
  });

  it('setContext merges into the innermost scope, including one made by withSpan; clearContext empties it', () => {
    const t = make();
    t.withContext({ outer: true }, () => {
      t.withSpan('s', () => {
        t.setContext({ inSpan: 1 });
        expect(t.getContext()).toEqual({ outer: true, inSpan: 1 });
        t.clearContext();
        expect(t.getContext()).toEqual({ outer: true });
      });
      expect(t.getContext()).toEqual({ outer: true });
    });
  });

  it('setContext and clearContext outside any scope throw an Error explaining that a scope is needed', () => {
    const t = make();
    expect(() => t.setContext({ a: 1 })).toThrow(/scope|withContext|withSpan/);
    expect(() => t.clearContext()).toThrow(/scope|withContext|withSpan/);
    expect(t.getContext()).toEqual({});
  });
});

describe('§4 enrichError', () => {
  it('returns the same object with context, traceId, spanId and spanPath (root first); existing keys win', () => {
    const t = make();
    const error = new Error('x') as WithContext;
    error.context = { requestId: 'mine' };
    t.withSpan('root', (root) => {
      t.withSpan('leaf', (leaf) => {
        t.withContext({ requestId: 'theirs', extra: 1 }, () => {
          expect(t.enrichError(error)).toBe(error);
          expect(error.context).toMatchObject({
            requestId: 'mine',
            extra: 1,
            traceId: root.traceId,
            spanId: leaf.spanId,
            spanPath: ['root', 'leaf'],
          });
        });
      });
    });
  });

  it('returns non-object values unchanged', () => {
    const t = make();
    t.withContext({ a: 1 }, () => {
      expect(t.enrichError('text')).toBe('text');
      expect(t.enrichError(undefined)).toBeUndefined();
      expect(t.enrichError(42)).toBe(42);
      expect(t.enrichError(null)).toBeNull();
    });
  });

  it('withSpan and withContext enrich an escaping error once, with the context at the innermost boundary', async () => {
    const t = make();
    const error = new Error('deep') as WithContext;
    await expect(
      t.withContext({ level: 'outer', requestId: 'r1' }, async () => {
        await t.withContext({ level: 'inner' }, async () => {
          await tick();
          throw error;
        });
      }),
    ).rejects.toBe(error);
    expect(error.context).toMatchObject({ level: 'inner', requestId: 'r1' });
  });

  it('an outer boundary does not enrich again: a key the outer scope gains after the inner one ended stays out', async () => {
    const t = make();
    const error = new Error('deep') as WithContext;
    await expect(
      t.withContext({ requestId: 'r1' }, () =>
        t.withSpan('outer', async () => {
          try {
            await t.withSpan('inner', async () => {
              await tick();
              throw error;
            });
          } catch (caught) {
            t.setContext({ addedLater: true });
            throw caught;
          }
        }),
      ),
    ).rejects.toBe(error);
    expect(error.context).toMatchObject({ requestId: 'r1', spanPath: ['outer', 'inner'] });
    expect(error.context).not.toHaveProperty('addedLater');
  });
});

describe('§4 redaction and limits', () => {
  it('redacts default keys case-insensitively in enriched errors, span attributes and log fields', () => {
    const t = make();
    const error = new Error('x') as WithContext;
    t.withContext({ Password: 'p', apiToken: 't', 'X-Authorization': 'a', user: 'ann' }, () => {
      t.enrichError(error);
      expect(t.logFields()).toMatchObject({ Password: '[REDACTED]', apiToken: '[REDACTED]', user: 'ann' });
      t.withSpan('redacting', { secret_value: 's', 'http.cookie': 'c', ok: 'fine' }, () => undefined);
    });
    expect(error.context).toMatchObject({ Password: '[REDACTED]', apiToken: '[REDACTED]', 'X-Authorization': '[REDACTED]', user: 'ann' });
    expect(t).toHaveSpan('redacting', { attributes: { secret_value: '[REDACTED]', 'http.cookie': '[REDACTED]', ok: 'fine' } });
  });

  it('cuts strings at maxValueLength, keeps at most maxKeys keys, never throws on circular values', () => {
    const t = make({ errorContext: { maxValueLength: 10, maxKeys: 3 } });
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    const error = new Error('x') as WithContext;
    t.withContext({ long: 'abcdefghijklmnopqrstuvwxyz', loop: circular, k3: 3, k4: 4, k5: 5 }, () => {
      expect(() => t.enrichError(error)).not.toThrow();
    });
    const context = error.context ?? {};
    expect(String(context.long).length).toBeLessThanOrEqual(10 + 3);
    expect(String(context.long).startsWith('abcdefghij')).toBe(true);
    const userKeys = Object.keys(context).filter((key) => !['traceId', 'spanId', 'spanPath', 'breadcrumbs'].includes(key));
    expect(userKeys.length).toBeLessThanOrEqual(3);
  });
});

describe('§4 breadcrumbs', () => {
  it('appends { message, data, at } to the innermost scope; enriched errors carry the flow, root scope first', () => {
    const t = make();
    const error = new Error('x') as WithContext;
    const at = t.clock.now();
    t.withContext({}, () => {
      t.addBreadcrumb('outer', { n: 1 });
      t.withSpan('inner', () => {
        t.clock.advance(5);
        t.addBreadcrumb('inner');
        t.enrichError(error);
      });
      t.addBreadcrumb('after');
    });
    const breadcrumbs = error.context?.breadcrumbs as { message: string; data: unknown; at: number }[];
    expect(breadcrumbs.map((crumb) => crumb.message)).toEqual(['outer', 'inner']);
    expect(breadcrumbs[0]).toEqual({ message: 'outer', data: { n: 1 }, at });
    expect(breadcrumbs[1]?.at).toBe(at + 5);
    expect(breadcrumbs[1]).toHaveProperty('data');
  });

  it('keeps at most maxBreadcrumbs per scope, the oldest dropped and counted', () => {
    const t = make({ errorContext: { maxBreadcrumbs: 2 } });
    const error = new Error('x') as WithContext;
    t.withContext({}, () => {
      t.addBreadcrumb('one');
      t.addBreadcrumb('two', { n: 2 });
      t.addBreadcrumb('three', { n: 3 });
      t.enrichError(error);
    });
    const breadcrumbs = error.context?.breadcrumbs as { message: string }[];
    expect(breadcrumbs.map((crumb) => crumb.message)).toEqual(['two', 'three']);
    expect(t.health().errorContext).toMatchObject({ breadcrumbsDropped: 1 });
  });
});

describe('§4 captureError', () => {
  it("enriches, records on the active span, executes ['error','captured'] { count: 1 } { error, errorType, ...metadata }, returns err", () => {
    const t = make();
    const error = new RangeError('bad range') as WithContext;
    t.withSpan('capturing', () => {
      t.withContext({ requestId: 'r1' }, () => {
        expect(t.captureError(error, { source: 'worker' })).toBe(error);
      });
    });
    expect(error.context).toMatchObject({ requestId: 'r1' });
    const [captured] = t.events(['error', 'captured']);
    expect(captured?.measurements).toEqual({ count: 1 });
    expect(captured?.metadata).toMatchObject({ error, errorType: 'RangeError', source: 'worker' });
    expect(t.spans()[0]?.events.map((event) => event.name)).toContain('exception');
    expect(t).toHaveEmitted('error.captured', { times: 1 });
  });
});

describe('§4 logFields, inject, extract', () => {
  it('logFields() is { trace_id, span_id, ...context }', () => {
    const t = make();
    t.withSpan('log', (span) => {
      t.withContext({ requestId: 'r1' }, () => {
        expect(t.logFields()).toEqual({ trace_id: span.traceId, span_id: span.spanId, requestId: 'r1' });
      });
    });
  });

  it('inject/extract carry traceparent, tracestate and the propagateKeys in baggage to another instance', async () => {
    const sender = make({ errorContext: { propagateKeys: ['tenant'] } });
    const receiver = make({ errorContext: { propagateKeys: ['tenant'] } });
    const carrier: Record<string, string> = {};
    let traceId = '';
    sender.withSpan('client', (span) => {
      traceId = span.traceId;
      sender.withContext({ tenant: 'acme', secretish: 'stay' }, () => sender.inject(carrier));
    });
    expect(carrier.traceparent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-0[01]$`));
    expect(carrier.baggage).toContain('tenant=acme');
    expect(carrier.baggage ?? '').not.toContain('secretish');
    await receiver.extract(carrier, async () => {
      await receiver.withSpan('server', (span) => {
        expect(span.traceId).toBe(traceId);
        expect(receiver.getContext()).toMatchObject({ tenant: 'acme' });
      });
    });
  });
});

describe('breadcrumbs across nested scopes', () => {
  it('caps each scope at maxBreadcrumbs; errors carry the whole flow, root scope first', () => {
    const t = createTestTelemetry({ errorContext: { maxBreadcrumbs: 2 } });
    const error = new Error('x') as Error & { context?: Record<string, unknown> };
    t.withContext({}, () => {
      t.addBreadcrumb('outer', { n: 1 });
      t.withContext({}, () => {
        t.addBreadcrumb('one');
        t.addBreadcrumb('two', { n: 2 });
        t.addBreadcrumb('three', { n: 3 });
        t.enrichError(error);
      });
    });
    const crumbs = error.context?.breadcrumbs as { message: string }[];
    expect(crumbs.map((crumb) => crumb.message)).toEqual(['outer', 'two', 'three']);
    expect(t.health().errorContext).toMatchObject({ breadcrumbsDropped: 1 });
  });
});
