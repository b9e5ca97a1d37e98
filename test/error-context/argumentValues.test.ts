import { context, INVALID_SPAN_CONTEXT, trace } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { describeValue, isFieldRecord } from '../../src/error-context/argumentChecks.js';
import { errorContextOf } from '../../src/error-context/errorContextOf.js';
import { make } from '../support/testInstances.js';

describe('how a bad argument is shown', () => {
  it.each([
    ['a short string, quoted', 'fields', '"fields"'],
    ['a string of 60 characters, whole', 'x'.repeat(60), JSON.stringify('x'.repeat(60))],
    ['a longer string, cut at 60', 'y'.repeat(61), JSON.stringify(`${'y'.repeat(60)}…`)],
    ['null', null, 'null'],
    ['an array', [1], 'an array'],
    ['a map, by its tag', new Map(), 'an object ([object Map])'],
    ['a function', () => 1, 'a function'],
    ['a BigInt', 5n, '5n'],
    ['a number', 5, '5'],
    ['undefined', undefined, 'undefined'],
    ['a symbol', Symbol('s'), 'Symbol(s)'],
  ])('%s', (_what, value, shown) => {
    expect(describeValue(value)).toBe(shown);
  });

  it('shows it in the TypeError of the call that refused it', () => {
    const t = make();
    expect(() => t.withContext(new Map() as never, () => 1)).toThrow(
      'withContext(fields, fn): fields must be a plain object of fields, got an object ([object Map])',
    );
    expect(() => t.withContext({}, () => t.addBreadcrumb('step', 5n as never))).toThrow(
      'addBreadcrumb(message, data): data must be a plain object of fields, got 5n',
    );
  });
});

describe('what counts as a record of fields', () => {
  class Fields {
    requestId = 'r1';
  }
  it.each([
    ['a literal', { a: 1 }, true],
    ['an object without prototype', Object.create(null) as object, true],
    ['a class instance', new Fields(), true],
    ['a literal with its own Symbol.toStringTag', { a: 1, [Symbol.toStringTag]: 'Order' }, true],
    ['an array', [], false],
    ['a map', new Map(), false],
    ['a date', new Date(0), false],
    ['null', null, false],
    ['a function', () => 1, false],
  ])('%s: %s', (_what, value, expected) => {
    expect(isFieldRecord(value)).toBe(expected);
  });

  it('takes a class instance as fields for withContext', () => {
    const t = make();
    expect(t.withContext(new Fields() as never, () => t.getContext())).toEqual({ requestId: 'r1' });
  });
});

describe('errorContextOf', () => {
  it('reads the context of a function that carries one', () => {
    const thrownFunction = Object.assign(() => undefined, { context: { requestId: 'r1' } });
    expect(errorContextOf(thrownFunction)).toEqual({ requestId: 'r1' });
  });
});

describe('scopes and the values they return', () => {
  it('returns a thenable that is not a native promise as it is, without calling then', () => {
    const t = make();
    let thenCalls = 0;
    const lazyQuery = { then: () => void (thenCalls += 1) };
    expect(t.withContext({ requestId: 'r1' }, () => lazyQuery)).toBe(lazyQuery);
    expect(thenCalls).toBe(0);
  });

  it('says in full what setContext outside a scope needs', () => {
    const t = make();
    expect(() => t.setContext({ a: 1 })).toThrow(
      'setContext needs a scope: call it inside telemetry.withContext(fields, fn) or telemetry.withSpan(name, fn), whose innermost scope it writes to',
    );
  });

  it('puts no trace ids on an error enriched under an invalid span context', () => {
    const t = make();
    const err = context.with(trace.setSpanContext(context.active(), INVALID_SPAN_CONTEXT), () =>
      t.withContext({ requestId: 'r1' }, () => t.enrichError(new Error('x'))),
    );
    expect((err as { context?: unknown }).context).toStrictEqual({ requestId: 'r1' });
  });
});
