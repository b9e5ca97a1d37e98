import { SpanKind } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { isSpanOptions } from '../../src/span/spanArguments.js';
import '../../src/testing/vitest.js';
import { make } from '../support/testInstances.js';

describe('options or attributes: the second argument of withSpan and startSpan', () => {
  it.each([
    ['an attributes object marks options', { attributes: { a: 1 }, custom: 1 }, true],
    ['a SpanKind number', { kind: SpanKind.CLIENT }, true],
    ['a kind that is a string is an attribute', { kind: 'order' }, false],
    ['links as an array', { links: [] }, true],
    ['links that are no array are an attribute', { links: 'l' }, false],
    ['root as a boolean', { root: true }, true],
    ['root that is no boolean is an attribute', { root: 'yes' }, false],
    ['any other key is an attribute', { route: '/pay' }, false],
    ['undefined option values are skipped', { kind: undefined, root: true }, true],
    ['attributes: null marks nothing', { attributes: null }, false],
  ])('%s', (_what, value, options) => {
    expect(isSpanOptions(value)).toBe(options);
  });

  it('looks at own keys only', () => {
    const inherited = Object.assign(Object.create({ route: '/pay' }) as object, { root: true });
    expect(isSpanOptions(inherited)).toBe(true);
  });

  it('makes a root span from options whose undefined kind is skipped', () => {
    const t = make();
    t.withSpan('parent', () => t.withSpan('child', { kind: undefined, root: true }, () => undefined));
    expect(t).toHaveSpan('child', { parent: null, attributes: {} });
  });
});

describe('span argument errors show the value given', () => {
  it.each([
    ['null', (t: ReturnType<typeof make>) => t.startSpan('x', null as never), 'startSpan: attributesOrOptions must be an attributes object or { attributes?, kind?, links?, root? }, got null'],
    ['an array', (t: ReturnType<typeof make>) => t.startSpan('x', [] as never), 'startSpan: attributesOrOptions must be an attributes object or { attributes?, kind?, links?, root? }, got an array'],
    ['a function', (t: ReturnType<typeof make>) => t.startSpan('x', (() => 1) as never), 'startSpan: attributesOrOptions must be an attributes object or { attributes?, kind?, links?, root? }, got a function'],
    ['an unknown kind number', (t: ReturnType<typeof make>) => t.startSpan('x', { attributes: {}, kind: 9 as never }), 'startSpan: kind must be a SpanKind (0 to 4: INTERNAL, SERVER, CLIENT, PRODUCER, CONSUMER), got 9'],
    ['a kind that is no number', (t: ReturnType<typeof make>) => t.startSpan('x', { attributes: {}, kind: 'client' } as never), 'startSpan: kind must be a SpanKind (0 to 4: INTERNAL, SERVER, CLIENT, PRODUCER, CONSUMER), got "client"'],
    ['links that are an object', (t: ReturnType<typeof make>) => t.startSpan('x', { attributes: {}, links: {} } as never), 'startSpan: links must be an array of links ({ context, attributes? }), got an object'],
    ['links that are null', (t: ReturnType<typeof make>) => t.startSpan('x', { attributes: {}, links: null } as never), 'startSpan: links must be an array of links ({ context, attributes? }), got null'],
    ['an unknown key beside attributes', (t: ReturnType<typeof make>) => t.startSpan('x', { attributes: {}, parent: 1 } as never), 'startSpan: attributesOrOptions has options ({ attributes }) and an unknown key "parent"; allowed: attributes, kind, links, root'],
    ['traced options that are null', (t: ReturnType<typeof make>) => t.traced('x', () => 1, null as never), 'traced: options must be { attributes?, kind?, links?, root? }, got null'],
    ['traced options that are an array', (t: ReturnType<typeof make>) => t.traced('x', () => 1, [] as never), 'traced: options must be { attributes?, kind?, links?, root? }, got an array'],
    ['traced attributes that are null', (t: ReturnType<typeof make>) => t.traced('x', () => 1, { attributes: null as never }), 'traced: options.attributes must be an attributes object or a function of the arguments, got null'],
    ['traced attributes that are a string', (t: ReturnType<typeof make>) => t.traced('x', () => 1, { attributes: 'a' as never }), 'traced: options.attributes must be an attributes object or a function of the arguments, got "a"'],
    ['a traced kind out of range', (t: ReturnType<typeof make>) => t.traced('x', () => 1, { kind: 7 as never }), 'traced: options.kind must be a SpanKind (0 to 4: INTERNAL, SERVER, CLIENT, PRODUCER, CONSUMER), got 7'],
  ])('%s', (_what, call, message) => {
    const t = make();
    expect(() => call(t)).toThrow(new TypeError(message));
  });
});
