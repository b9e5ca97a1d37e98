import { describe, expect, it } from 'vitest';
import { createCounters } from '../../src/error-context/counters.js';
import { CIRCULAR, createRedactor, MAX_DEPTH, REDACTED, TOO_DEEP } from '../../src/error-context/redaction.js';
import { errorContextConfig } from './harness.js';

function redactorWith(overrides: Parameters<typeof errorContextConfig>[0] = {}) {
  const counters = createCounters();
  return { redactor: createRedactor(errorContextConfig(overrides), counters), counters };
}

describe('redacted copies of context values', () => {
  it('copies each kind of value into something safe to log', () => {
    const { redactor } = redactorWith({ maxValueLength: 12 });
    const at = new Date(1_767_225_600_000);
    const copy = redactor.redactValue({
      text: 'a string that is long',
      big: 12345678901234567890n,
      symbol: Symbol('marker'),
      named: function chargeCard() {},
      anonymous: (() => () => undefined)(),
      nothing: null,
      missing: undefined,
      count: 3,
      flag: false,
      at,
      error: new TypeError('bad card number'),
      list: ['x', 2],
    }) as Record<string, unknown>;
    expect(copy).toStrictEqual({
      text: 'a string tha',
      big: '123456789012',
      symbol: 'Symbol(marker)',
      named: '[Function chargeCard]',
      anonymous: '[Function anonymous]',
      nothing: null,
      missing: undefined,
      count: 3,
      flag: false,
      at,
      error: 'TypeError: b',
      list: ['x', 2],
    });
    // A copy, not the caller's date.
    expect(copy.at).not.toBe(at);
  });

  it('cuts a string only beyond maxValueLength, counting each one cut', () => {
    const { redactor, counters } = redactorWith({ maxValueLength: 5 });
    expect(redactor.cutString('abcde')).toBe('abcde');
    expect(counters.valuesCut).toBe(0);
    expect(redactor.cutString('abcdef')).toBe('abcde');
    expect(counters.valuesCut).toBe(1);
  });

  it('never ends a cut string on the first half of a surrogate pair, at either end of the range', () => {
    const { redactor } = redactorWith({ maxValueLength: 5 });
    // U+10000 starts with \uD800, U+10FFFF with \uDBFF: the pair is dropped whole.
    expect(redactor.cutString('abcd\u{10000}')).toBe('abcd');
    expect(redactor.cutString('abcd\u{10FFFF}')).toBe('abcd');
    // A pair that ends at the cut is kept whole.
    expect(redactor.cutString('abc\u{10000}d')).toBe('abc\u{10000}');
    // Ordinary characters just below and above the surrogate range are cut as usual.
    expect(redactor.cutString('abcd\uD7FFx')).toBe('abcd\uD7FF');
    expect(redactor.cutString('abcd\uE000x')).toBe('abcd\uE000');
  });

  it('keeps the first maxKeys keys of objects and items of arrays, counting what it drops', () => {
    const { redactor, counters } = redactorWith({ maxKeys: 2 });
    expect(redactor.redactFields({ a: 1, b: 2 })).toStrictEqual({ a: 1, b: 2 });
    expect(counters.keysDropped).toBe(0);
    expect(redactor.redactFields({ a: 1, b: [1, 2], c: 3, d: 4 })).toStrictEqual({ a: 1, b: [1, 2] });
    expect(counters.keysDropped).toBe(2);
    expect(redactor.redactValue([1, 2, 3])).toStrictEqual([1, 2]);
    expect(counters.keysDropped).toBe(3);
  });

  it(`stops at ${MAX_DEPTH} levels of nesting, in objects and in arrays`, () => {
    const { redactor } = redactorWith();
    const nest = (levels: number, leaf: unknown, asArray: boolean): unknown => {
      let value = leaf;
      for (let level = 0; level < levels; level += 1) value = asArray ? [value] : { next: value };
      return value;
    };
    expect(redactor.redactValue(nest(MAX_DEPTH, 'leaf', false))).toStrictEqual(nest(MAX_DEPTH, 'leaf', false));
    expect(redactor.redactValue(nest(MAX_DEPTH + 1, 'leaf', false))).toStrictEqual(nest(MAX_DEPTH, TOO_DEEP, false));
    expect(redactor.redactValue(nest(MAX_DEPTH + 1, 'leaf', true))).toStrictEqual(nest(MAX_DEPTH, TOO_DEEP, true));
    // redactFields starts at the fields themselves: the same limit, one level in.
    expect(redactor.redactFields({ deep: nest(MAX_DEPTH, 'leaf', false) })).toStrictEqual({ deep: nest(MAX_DEPTH - 1, TOO_DEEP, false) });
  });

  it('marks references back to an enclosing object, the fields themselves included, and copies shared values twice', () => {
    const { redactor } = redactorWith();
    const fields: Record<string, unknown> = { name: 'loop' };
    fields.self = fields;
    const shared = { id: 1 };
    fields.pair = [shared, shared];
    expect(redactor.redactFields(fields)).toStrictEqual({ name: 'loop', self: CIRCULAR, pair: [{ id: 1 }, { id: 1 }] });
    const list: unknown[] = ['item'];
    list.push(list);
    expect(redactor.redactValue(list)).toStrictEqual(['item', CIRCULAR]);
  });

  it('keeps a key named __proto__ as data, never as the prototype of the copy', () => {
    const { redactor } = redactorWith();
    const copy = redactor.redactFields(JSON.parse('{"__proto__": {"polluted": true}, "ok": 1}') as Record<string, unknown>);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.keys(copy)).toEqual(['__proto__', 'ok']);
    expect((copy as { polluted?: unknown }).polluted).toBeUndefined();
    expect(Object.getOwnPropertyDescriptor(copy, '__proto__')?.value).toStrictEqual({ polluted: true });
  });

  it('keeps the __proto__ key an ordinary data property that the caller may change or delete', () => {
    const { redactor } = redactorWith();
    const copy = redactor.redactFields(JSON.parse('{"__proto__": "data"}') as Record<string, unknown>);
    expect(Object.getOwnPropertyDescriptor(copy, '__proto__')).toStrictEqual({ value: 'data', enumerable: true, writable: true, configurable: true });
  });

  it.each([
    ['a function whose name is not a string', Object.defineProperty(() => undefined, 'name', { value: 42 }), '[Function anonymous]'],
    ['a class with a static name method', class { static name() {} }, '[Function anonymous]'],
    ['an array item whose getter throws', Object.defineProperty(['ok', 'x'], 1, { get() { throw new Error('no'); } }), ['ok', '[Unreadable]']],
  ])('copies %s safely', (_what, value, expected) => {
    const { redactor } = redactorWith();
    expect(redactor.redactValue(value)).toStrictEqual(expected);
  });

  it('redacts secret keys at any depth, inside arrays too', () => {
    const { redactor } = redactorWith();
    expect(redactor.redactFields({ user: { name: 'ann', password: 'p' }, sessions: [{ token: 't', id: 1 }] })).toStrictEqual({
      user: { name: 'ann', password: REDACTED },
      sessions: [{ token: REDACTED, id: 1 }],
    });
  });

  it('tests a global or sticky RegExp pattern the same way for every key', () => {
    const { redactor } = redactorWith({ redact: [/^pin/g, /code$/y], redactDefaults: false });
    const keys = ['pinA', 'pinB', 'pinC', 'codeA', 'zipcode', 'postcode', 'plain'];
    expect(keys.map((key) => redactor.isSecretKey(key))).toEqual([true, true, true, false, true, true, false]);
  });

  it('matches string patterns ignoring case, spaces, dots, dashes and underscores, on both sides', () => {
    const { redactor } = redactorWith({ redact: ['Card Number'], redactDefaults: false });
    for (const key of ['cardNumber', 'CARD_NUMBER', 'card-number', 'card.number', 'x-card number-y']) expect(redactor.isSecretKey(key), key).toBe(true);
    expect(redactor.isSecretKey('card')).toBe(false);
  });

  it('lowercases keys the Unicode way: a key spelled with the Kelvin sign K matches', () => {
    const { redactor } = redactorWith();
    for (const key of ['api\u212Aey', 'to\u212Aen']) expect(redactor.isSecretKey(key), key).toBe(true);
  });
});
