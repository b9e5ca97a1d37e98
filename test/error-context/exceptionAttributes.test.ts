import { describe, expect, it } from 'vitest';
import { createHarness } from './harness.js';
import { make } from '../support/testInstances.js';

/** An error carrying `context` of its own, as a library or an earlier boundary leaves it. */
function errorWithContext(context: Record<string, unknown>): Error {
  return Object.assign(new Error('declined'), { context });
}

/** The `error.context.*` attributes, without the prefix. */
function contextAttributes(attributes: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(attributes)
      .filter(([key]) => key.startsWith('error.context.'))
      .map(([key, value]) => [key.slice('error.context.'.length), value]),
  );
}

describe('exception attributes from the error\'s own context', () => {
  it('redacts secret keys the error already had', () => {
    const { errors } = createHarness();
    const attributes = errors.exceptionAttributes(errorWithContext({ password: 'hunter2', 'X-Api-Key': 'k-1', user: 'ann' }));
    expect(contextAttributes(attributes)).toEqual({ password: '[REDACTED]', 'X-Api-Key': '[REDACTED]', user: 'ann' });
    expect(JSON.stringify(attributes)).not.toMatch(/hunter2|k-1/);
  });

  it('cuts strings (and BigInts written as strings) at maxValueLength', () => {
    const { errors } = createHarness({ maxValueLength: 8 });
    const attributes = errors.exceptionAttributes(errorWithContext({ note: 'abcdefghijkl', big: 1234567890123n, short: 'abc' }));
    expect(contextAttributes(attributes)).toEqual({ note: 'abcdefgh', big: '12345678', short: 'abc' });
    // The exception's own fields are not context: they are kept whole.
    expect(attributes['exception.message']).toBe('declined');
  });

  it('keeps at most maxKeys context values; values that are no attribute do not count', () => {
    const { errors } = createHarness({ maxKeys: 2 });
    const attributes = errors.exceptionAttributes(errorWithContext({ nested: { a: 1 }, first: 1, second: true, third: 'x' }));
    expect(contextAttributes(attributes)).toEqual({ first: 1, second: true });
  });

  it('keeps numbers and booleans as they are and leaves objects, arrays and functions out', () => {
    const { errors } = createHarness();
    const attributes = errors.exceptionAttributes(errorWithContext({ attempt: 2, retried: true, nested: {}, list: [1], fn: () => 1, none: null }));
    expect(contextAttributes(attributes)).toStrictEqual({ attempt: 2, retried: true });
  });

  it('describes errors without a name, and values that are not errors', () => {
    const { errors } = createHarness();
    const nameless = Object.assign(new RangeError('out of range'), { name: '' });
    expect(errors.exceptionAttributes(nameless)).toMatchObject({ 'exception.type': 'RangeError', 'exception.message': 'out of range' });
    const stackless = Object.assign(new Error('no stack'), { stack: undefined });
    expect(errors.exceptionAttributes(stackless)).not.toHaveProperty('exception.stacktrace');
    class Rejection {
      message = 'declined by the bank';
      context = { requestId: 'r1' };
    }
    expect(errors.exceptionAttributes(new Rejection())).toStrictEqual({
      'exception.type': 'Rejection',
      'exception.message': 'declined by the bank',
      'error.context.requestId': 'r1',
    });
    expect(errors.exceptionAttributes({ code: 7 })).toStrictEqual({ 'exception.type': 'Object', 'exception.message': '[object Object]' });
    expect(errors.exceptionAttributes('card declined')).toStrictEqual({ 'exception.type': 'string', 'exception.message': 'card declined' });
    expect(errors.exceptionAttributes(null)).toStrictEqual({ 'exception.type': 'object', 'exception.message': 'null' });
    expect(errors.exceptionAttributes(undefined)).toStrictEqual({ 'exception.type': 'undefined', 'exception.message': 'undefined' });
  });

  it.each([
    ['an Error whose name is not a string', Object.assign(new TypeError('bad card'), { name: 42 }), { 'exception.type': 'TypeError', 'exception.message': 'bad card' }],
    ['an Error whose context is a string', Object.assign(new Error('declined'), { context: 'db' }), { 'exception.type': 'Error', 'exception.message': 'declined' }],
    ['an Error whose context is an array', Object.assign(new Error('declined'), { context: ['db', 'cache'] }), { 'exception.type': 'Error', 'exception.message': 'declined' }],
  ])('describes %s by its class and message, with no error.context attributes', (_what, error, expected) => {
    const { errors } = createHarness();
    const { 'exception.stacktrace': stack, ...attributes } = errors.exceptionAttributes(error);
    expect(typeof stack).toBe('string');
    expect(attributes).toStrictEqual(expected);
  });

  it('describes a thrown function as a value that is not an error: typeof and String(value), its own message unused', () => {
    const { errors } = createHarness();
    const thrown = Object.assign(function declined() {}, { message: 'declined by the bank' });
    expect(errors.exceptionAttributes(thrown)).toMatchObject({ 'exception.type': 'function', 'exception.message': String(thrown) });
  });

  it('holds for the exception event of a span: a secret in err.context is never exported', async () => {
    const t = make({ errorContext: { maxValueLength: 6 } });
    const error = errorWithContext({ sessionToken: 'tok-secret', cart: 'cart-12345' });
    await expect(
      t.withSpan('checkout', async () => {
        throw error;
      }),
    ).rejects.toBe(error);
    const [span] = t.spans();
    const exception = span?.events.find((event) => event.name === 'exception');
    expect(contextAttributes({ ...exception?.attributes })).toMatchObject({ sessionToken: '[REDACTED]', cart: 'cart-1' });
    expect(JSON.stringify(t.spans().map((s) => s.events))).not.toContain('tok-secret');
  });
});
