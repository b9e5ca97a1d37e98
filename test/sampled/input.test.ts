import { describe, expect, it } from 'vitest';
import { createHarness } from './setup.js';

describe('invalid input', () => {
  const { events } = createHarness();
  const call = (fn: () => unknown) => () => fn();

  it.each([
    ['an empty array', []],
    ['an empty string', ''],
    ['an empty part', ['db', '']],
    ['an empty dotted part', 'db..query'],
    ['a trailing dot', 'db.'],
    ['a non-string part', ['db', 42]],
    ['a number', 7],
    ['null', null],
  ])('rejects %s as event name with a TypeError naming event', (_label, name) => {
    for (const fn of [
      () => events.execute(name as never),
      () => events.emitEvent(name as never),
      () => events.emitBatched(name as never),
      () => events.prepare(name as never),
    ]) {
      expect(fn).toThrow(TypeError);
      expect(fn).toThrow(/event/);
    }
  });

  it('names the value given and what is allowed', () => {
    expect(call(() => events.execute(['db', 42] as never))).toThrow('execute: event[1] must be a non-empty string, got 42');
    expect(call(() => events.execute('db..query'))).toThrow(/got "db\.\.query"/);
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY, '3', null])('rejects measurement value %s, naming the field', (value) => {
    expect(call(() => events.execute('e', { duration: value as number }))).toThrow(TypeError);
    expect(call(() => events.execute('e', { duration: value as number }))).toThrow(/measurements\.duration/);
    expect(call(() => events.emitEvent('e', { duration: value as number }))).toThrow(/measurements\.duration/);
    expect(call(() => events.emitBatched('e', { duration: value as number }))).toThrow(/measurement\.duration/);
  });

  it('rejects a non-finite or non-numeric batched measurement', () => {
    for (const value of [Number.NaN, Number.NEGATIVE_INFINITY, 'many', null]) {
      expect(call(() => events.emitBatched('e', value as number))).toThrow(TypeError);
      expect(call(() => events.emitBatched('e', value as number))).toThrow(/measurement/);
    }
  });

  it('rejects measurements and metadata that are not objects', () => {
    expect(call(() => events.execute('e', 5 as never))).toThrow(/measurements must be an object/);
    expect(call(() => events.execute('e', {}, 'meta' as never))).toThrow(/metadata must be an object/);
  });

  it.each([null, true, {}, Symbol('k')])('rejects dedupKey %s and batchKey of the same type', (key) => {
    expect(call(() => events.emitEvent('e', {}, { dedupKey: key as never }))).toThrow(TypeError);
    expect(call(() => events.emitEvent('e', {}, { dedupKey: key as never }))).toThrow(/metadata\.dedupKey/);
    expect(call(() => events.emitBatched('e', 1, { batchKey: key as never }))).toThrow(/metadata\.batchKey/);
  });

  it('validates attach arguments', () => {
    expect(call(() => events.attach('', 'e', () => {}))).toThrow(/id must be a non-empty string/);
    expect(call(() => events.attach('h', 'e', 'not a function' as never))).toThrow(/handler must be a function/);
    expect(call(() => events.attach('h', [['e'], ''], () => {}))).toThrow(/eventOrEvents\[1\]/);
    expect(call(() => events.attach('h', 5 as never, () => {}))).toThrow(/eventOrEvents/);
    expect(call(() => events.attach('h', 'e', () => {}, { maxFailures: 0 }))).toThrow(/options\.maxFailures/);
    expect(call(() => events.attach('h', 'e', () => {}, { maxFailures: 1.5 }))).toThrow(TypeError);
    expect(call(() => events.prefixed(''))).toThrow(/prefix/);
    expect(events.handlers()).toEqual([]);
  });

  it('leaves no trace of a rejected call', () => {
    const fresh = createHarness();
    expect(() => fresh.events.emitEvent('e', { n: Number.NaN }, { dedupKey: 'k' })).toThrow(TypeError);
    expect(() => fresh.events.emitBatched('e', { ok: 1, bad: Number.NaN })).toThrow(TypeError);
    expect(fresh.events.health().events).toMatchObject({ executed: 0, suppressed: 0, dedupKeys: 0, batches: 0, batchedEvents: 0 });
  });
});
