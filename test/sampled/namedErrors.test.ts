import { describe, expect, it } from 'vitest';
import type { TestTelemetry } from '../../src/testing/index.js';
import { make } from '../support/testInstances.js';

type Call = (t: TestTelemetry) => unknown;

describe('argument errors of the event functions name their function first', () => {
  it.each<[string, Call, RegExp]>([
    ['execute', (t) => t.execute(['db', ''] as never), /^execute: event\[1\] must be a non-empty string, got ""$/],
    ['execute', (t) => t.execute('db.query', { ms: Number.NaN }), /^execute: measurements\.ms must be a finite number, got NaN$/],
    ['emitEvent', (t) => t.emitEvent('db.query', {}, { dedupKey: {} as never }), /^emitEvent: metadata\.dedupKey must be a string or a number, got an object$/],
    ['emitBatched', (t) => t.emitBatched('db.query', Number.POSITIVE_INFINITY), /^emitBatched: measurement must be a finite number/],
    ['emitBatched', (t) => t.emitBatched('db.query', 1, { batchKey: null as never }), /^emitBatched: metadata\.batchKey must be a string or a number, got null$/],
    ['attach', (t) => t.attach('', 'db.query', () => undefined), /^attach: id must be a non-empty string, got ""$/],
    ['attach', (t) => t.attach('h', 'db.query', 'nope' as never), /^attach: handler must be a function, got "nope"$/],
    ['attach', (t) => t.attach('h', 42 as never, () => undefined), /^attach: eventOrEvents must be an event name or an array of event names, got 42$/],
    ['prefixed', (t) => t.prefixed('') , /^prefixed: prefix must be/],
    ['prefixed emitter', (t) => t.prefixed('app').execute('x', 'm' as never), /^execute: measurements must be an object of finite numbers, got "m"$/],
    ['event', (t) => t.event(7 as never), /^event: name must be/],
    ['event(name).emit', (t) => t.event('db.query').emit({ ms: Number.NaN }), /^event\(name\)\.emit: measurements\.ms must be a finite number, got NaN$/],
  ])('%s', (_name, call, message) => {
    const t = make();
    expect(() => call(t)).toThrow(TypeError);
    expect(() => call(t)).toThrow(message);
  });

  it('a duplicate attach id names attach', () => {
    const t = make();
    t.attach('h', 'db.query', () => undefined);
    expect(() => t.attach('h', 'db.query', () => undefined)).toThrow(/^attach: a handler with id "h" is already attached/);
  });
});
