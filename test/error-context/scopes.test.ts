import { context } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { createHarness, thrownBy } from './harness.js';

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('withContext / getContext', () => {
  it('is {} (frozen) outside any scope', () => {
    const { errors } = createHarness();
    expect(errors.getContext()).toEqual({});
    expect(Object.isFrozen(errors.getContext())).toBe(true);
  });

  it('merges nested scopes (inner wins) and restores the outer one across awaits', async () => {
    const { errors } = createHarness();
    const seen: unknown[] = [];
    await errors.withContext({ requestId: 'r1', tenant: 'a' }, async () => {
      seen.push(errors.getContext());
      await errors.withContext({ tenant: 'b', step: 1 }, async () => {
        await tick();
        seen.push(errors.getContext());
      });
      await tick();
      seen.push(errors.getContext());
      errors.withContext({ sync: true }, () => seen.push(errors.getContext()));
      await thrownBy(() => errors.withContext({ failing: true }, () => { throw new Error('x'); }));
      await thrownBy(() => errors.withContext({ rejecting: true }, async () => { await tick(); throw new Error('y'); }));
      seen.push(errors.getContext());
    });
    seen.push(errors.getContext());
    expect(seen).toEqual([
      { requestId: 'r1', tenant: 'a' },
      { requestId: 'r1', tenant: 'b', step: 1 },
      { requestId: 'r1', tenant: 'a' },
      { requestId: 'r1', tenant: 'a', sync: true },
      { requestId: 'r1', tenant: 'a' },
      {},
    ]);
  });

  it('returns what fn returns: values as they are, promises settling the same way', async () => {
    const { errors } = createHarness();
    const marker = { value: 1 };
    expect(errors.withContext({}, () => marker)).toBe(marker);
    await expect(errors.withContext({}, async () => marker)).resolves.toBe(marker);
    const thenable = { then: () => undefined };
    expect(errors.withContext({}, () => thenable)).toBe(thenable);
  });

  it('copies the given fields and returns a frozen copy', () => {
    const { errors } = createHarness();
    const fields: Record<string, unknown> = { requestId: 'r1' };
    errors.withContext(fields, () => {
      fields.requestId = 'changed';
      const seen = errors.getContext();
      expect(seen).toEqual({ requestId: 'r1' });
      expect(Object.isFrozen(seen)).toBe(true);
      expect(() => {
        (seen as Record<string, unknown>).requestId = 'x';
      }).toThrow(TypeError);
    });
  });

  it('keeps 1,000 concurrent flows apart: contexts and thrown errors', async () => {
    const { errors } = createHarness();
    const flows = Array.from({ length: 1000 }, (_, i) =>
      errors
        .withContext({ requestId: `req-${i}` }, async () => {
          for (let k = 0; k < (i * 7) % 5; k += 1) await tick();
          errors.setContext({ userId: `user-${i}` });
          await tick();
          const seen = errors.getContext();
          await errors.withContext({ step: 'charge' }, async () => {
            await tick();
            throw new Error(`flow ${i} failed`);
          });
          return seen;
        })
        .then(
          () => { throw new Error('flow should have failed'); },
          (error: any) => ({ i, error }),
        ),
    );
    const results = await Promise.all(flows);
    for (const { i, error } of results) {
      expect(error.message).toBe(`flow ${i} failed`);
      expect(error.context).toEqual({ requestId: `req-${i}`, userId: `user-${i}`, step: 'charge' });
    }
  });
});

describe('setContext / clearContext', () => {
  it('writes into the innermost scope only', async () => {
    const { errors } = createHarness();
    await errors.withContext({ requestId: 'r1' }, async () => {
      await errors.withContext({}, async () => {
        errors.setContext({ userId: 'u1', requestId: 'inner' });
        expect(errors.getContext()).toEqual({ requestId: 'inner', userId: 'u1' });
      });
      expect(errors.getContext()).toEqual({ requestId: 'r1' });
      errors.setContext({ cart: 3 });
      expect(errors.getContext()).toEqual({ requestId: 'r1', cart: 3 });
    });
  });

  it('invalidates a merged result when an ancestor scope changes', () => {
    const { errors } = createHarness();
    errors.withContext({ a: 1 }, () => {
      const outerScopeSet = (fields: Record<string, unknown>) => errors.setContext(fields);
      errors.withContext({ b: 2 }, () => {
        const first = errors.getContext();
        expect(errors.getContext()).toBe(first);
        errors.setContext({ b: 3 });
        expect(errors.getContext()).toEqual({ a: 1, b: 3 });
        expect(first).toEqual({ a: 1, b: 2 });
      });
      outerScopeSet({ a: 5 });
      expect(errors.getContext()).toEqual({ a: 5 });
    });
  });

  it('no longer sees the fields of an ancestor whose flow cleared them after a read', () => {
    const { errors } = createHarness();
    errors.withContext({ a: 1 }, () => {
      const outer = context.active();
      errors.withContext({ m: 2 }, () => {
        errors.withContext({ b: 3 }, () => {
          expect(errors.getContext()).toEqual({ a: 1, m: 2, b: 3 });
          context.with(outer, () => errors.clearContext());
          expect(errors.getContext()).toStrictEqual({ m: 2, b: 3 });
        });
      });
    });
  });

  it('clearContext empties the innermost scope and leaves outer ones', () => {
    const { errors } = createHarness();
    errors.withContext({ requestId: 'r1' }, () => {
      errors.withContext({ userId: 'u1' }, () => {
        errors.clearContext();
        expect(errors.getContext()).toEqual({ requestId: 'r1' });
        errors.setContext({ again: true });
        expect(errors.getContext()).toEqual({ requestId: 'r1', again: true });
      });
    });
  });

  it('treats a withSpan scope as the innermost scope', async () => {
    const { errors, spans } = createHarness();
    await errors.withContext({ requestId: 'r1' }, async () => {
      await spans.withSpan('inner', async () => {
        errors.setContext({ inSpan: true });
        expect(errors.getContext()).toEqual({ requestId: 'r1', inSpan: true });
      });
      expect(errors.getContext()).toEqual({ requestId: 'r1' });
    });
  });

  it('throws an Error saying a scope is needed, outside any scope', () => {
    const { errors } = createHarness();
    expect(() => errors.setContext({ a: 1 })).toThrow(/setContext needs a scope.*withContext.*withSpan/);
    expect(() => errors.clearContext()).toThrow(/clearContext needs a scope/);
    expect(() => errors.addBreadcrumb('x')).toThrow(/addBreadcrumb needs a scope/);
  });
});

describe('argument checks', () => {
  it('throws TypeErrors naming the argument and the value', () => {
    const { errors } = createHarness();
    expect(() => errors.withContext(null as any, () => 1)).toThrow(TypeError);
    expect(() => errors.withContext(null as any, () => 1)).toThrow(/fields must be a plain object.*got null/);
    expect(() => errors.withContext(['a'] as any, () => 1)).toThrow(/fields.*got an array/);
    expect(() => errors.withContext({}, 'nope' as any)).toThrow(/fn must be a function, got "nope"/);
    errors.withContext({}, () => {
      expect(() => errors.setContext('x' as any)).toThrow(/setContext\(fields\): fields must be a plain object.*"x"/);
      expect(() => errors.addBreadcrumb(5 as any)).toThrow(/^addBreadcrumb\(message, data\): message must be a string, got 5$/);
    });
  });
});
