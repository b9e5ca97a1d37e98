import { describe, expect, it } from 'vitest';
import { createHarness } from './setup.js';

const call = (run: () => unknown) => () => run();

describe('the value shown in an input error', () => {
  it.each([
    ['a function', () => 1, 'got a function'],
    ['a symbol', Symbol('tag'), 'got Symbol(tag)'],
    ['an array', [1, 2, 3], 'got an array of length 3'],
    ['an empty array', [], 'got an array of length 0'],
    ['null', null, 'got null'],
    ['a number', 7, 'got 7'],
    ['a string of 40 characters', 'a'.repeat(40), `got "${'a'.repeat(40)}"`],
    ['a string of 41 characters', `${'a'.repeat(40)}b`, `got "${'a'.repeat(40)}…"`],
  ])('names %s as the measurements given', (_label, given, shown) => {
    const { events } = createHarness();
    let message = '';
    try {
      events.execute('e', given as never);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toBe(`execute: measurements must be an object of finite numbers, ${shown}`);
  });

  it.each([
    ['null', null, 'null'],
    ['a string', 'meta', '"meta"'],
    ['a number', 3, '3'],
    ['a function', () => 1, 'a function'],
  ])('rejects %s as metadata, naming it', (_label, given, shown) => {
    const { events } = createHarness();
    expect(call(() => events.execute('e', {}, given as never))).toThrow(
      new TypeError(`execute: metadata must be an object, got ${shown}`),
    );
  });

  it.each([
    ['a number', 5, 'got 5'],
    ['an empty string', '', 'got ""'],
  ])('names the prefix argument when a nested prefix is %s', (_label, given, shown) => {
    const { events } = createHarness();
    const prefixed = events.prefixed('app');
    expect(call(() => prefixed.prefixed(given as never))).toThrow(new RegExp(`^prefixed: prefix .*${shown}$`));
  });
});
