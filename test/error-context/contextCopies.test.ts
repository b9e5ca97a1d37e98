import { context, createContextKey, trace } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { createHarness } from './harness.js';

describe('context field copies', () => {
  it('keeps an own __proto__ field as a field, in withContext, setContext and merged scopes', () => {
    const { errors } = createHarness();
    const fields = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}') as Record<string, unknown>;
    errors.withContext(fields, () => {
      const own = errors.getContext();
      expect(Object.getPrototypeOf(own)).toBe(Object.prototype);
      expect(Object.keys(own)).toEqual(['__proto__', 'a']);
      expect((own as { polluted?: unknown }).polluted).toBeUndefined();

      errors.withContext({ b: 2 }, () => {
        errors.setContext(JSON.parse('{"__proto__": "inner"}') as Record<string, unknown>);
        const merged = errors.getContext();
        expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
        expect(Object.getOwnPropertyDescriptor(merged, '__proto__')?.value).toBe('inner');
        expect({ ...merged }).toEqual(JSON.parse('{"__proto__": "inner", "a": 1, "b": 2}'));
      });
    });
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  });

  it('is not changed by the caller mutating its fields object afterwards', () => {
    const { errors } = createHarness();
    const fields: Record<string, unknown> = { requestId: 'r1' };
    errors.withContext(fields, () => {
      fields.requestId = 'changed';
      fields.extra = true;
      expect(errors.getContext()).toEqual({ requestId: 'r1' });
    });
  });

  it('returns the same frozen object on repeated reads while the flow does not write', () => {
    const { errors } = createHarness();
    errors.withContext({ a: 1 }, () => {
      errors.withContext({ b: 2 }, () => {
        const first = errors.getContext();
        expect(errors.getContext()).toBe(first);
        errors.setContext({ c: 3 });
        const second = errors.getContext();
        expect(second).not.toBe(first);
        expect(second).toEqual({ a: 1, b: 2, c: 3 });
        expect(Object.isFrozen(second)).toBe(true);
      });
    });
  });

  it('returns the same object on repeated reads under a scope without fields of its own, such as a span\'s', () => {
    const { errors, spans } = createHarness();
    errors.withContext({ a: 1 }, () => {
      errors.withContext({ b: 2 }, () => {
        spans.withSpan('step', () => {
          const first = errors.getContext();
          expect(first).toEqual({ a: 1, b: 2 });
          expect(errors.getContext()).toBe(first);
        });
      });
    });
  });

  it('a value another library writes into a withContext context keeps the scope', () => {
    const { errors } = createHarness();
    const key = createContextKey('context-copies-test.library-key');
    errors.withContext({ requestId: 'r1' }, () => {
      const written = context.active().setValue(key, 'v');
      context.with(written, () => {
        expect(context.active().getValue(key)).toBe('v');
        expect(errors.getContext()).toEqual({ requestId: 'r1' });
        errors.setContext({ userId: 'u1' });
      });
      // The same scope: the write inside is seen outside the library's context.
      expect(errors.getContext()).toEqual({ requestId: 'r1', userId: 'u1' });
      expect(trace.getActiveSpan()).toBeUndefined();
    });
  });
});
