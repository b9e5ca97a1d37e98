import { describe, expect, it } from 'vitest';
import { baggageEntries } from '../../src/error-context/baggageEntries.js';
import { make } from '../support/testInstances.js';

const keep = (value: string): string => value;
const noSecrets = (): boolean => false;
/** The `key=value` length of each entry as the W3C header carries it (values here need no encoding). */
const entryLengths = (entries: Record<string, { value: string }> | undefined): number[] =>
  Object.entries(entries ?? {}).map(([key, { value }]) => key.length + 1 + value.length);

describe('baggage entries of the propagated keys', () => {
  it('sends strings, numbers, booleans and BigInts as strings; leaves out objects and empty values', () => {
    const fields = { text: 't', count: 2, flag: false, big: 5n, nested: { a: 1 }, list: ['x'], empty: '', missing: undefined };
    expect(baggageEntries(fields, Object.keys(fields), keep, noSecrets)).toStrictEqual({
      text: { value: 't' },
      count: { value: '2' },
      flag: { value: 'false' },
      big: { value: '5' },
    });
    expect(baggageEntries({ empty: '' }, ['empty'], keep, noSecrets)).toBeUndefined();
  });

  it('sends a secret key as [REDACTED]', () => {
    expect(baggageEntries({ token: 'abc' }, ['token'], keep, (key) => key === 'token')).toStrictEqual({ token: { value: '[REDACTED]' } });
  });

  it('fills the 4096-character entry and 8192-character header limits exactly, separators counted', () => {
    const fields = { a: 'x'.repeat(5000), b: 'y'.repeat(5000), c: 'z' };
    const entries = baggageEntries(fields, ['a', 'b', 'c'], keep, noSecrets);
    // a=… takes a whole entry; b=… what is left of the header after the comma; c no longer fits.
    expect(entryLengths(entries)).toEqual([4096, 8192 - 4096 - 1]);
    expect(entries).not.toHaveProperty('c');
  });

  it('keeps a key whose name leaves room for one character, and only that', () => {
    // After a (4096) and b (4093 with its comma: 8190), c= with its comma leaves room for 1 character.
    const fields = { a: 'x'.repeat(4094), b: 'y'.repeat(4089), c: 'zz' };
    const entries = baggageEntries(fields, ['a', 'b', 'c'], keep, noSecrets);
    expect(entries?.c).toStrictEqual({ value: 'z' });
    const header = entryLengths(entries).reduce((total, length) => total + length, 0) + 2;
    expect(header).toBe(8192);
  });
});

describe('inject and extract carriers', () => {
  it('refuse an array as the carrier, naming the call', () => {
    const t = make();
    expect(() => t.inject([] as never)).toThrow('inject(carrier): carrier must be an object of string headers, got an array');
    expect(() => t.extract([] as never, () => 1)).toThrow('extract(carrier, fn): carrier must be an object of string headers, got an array');
    expect(() => t.extract(null as never, () => 1)).toThrow('extract(carrier, fn): carrier must be an object of string headers, got null');
  });
});
