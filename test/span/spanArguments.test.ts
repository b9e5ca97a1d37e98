import { describe, expect, it } from 'vitest';
import { make } from '../support/testInstances.js';

// Every argument error of the span functions names the function first, then the argument,
// what is allowed and the value given.
describe('span argument errors name their function', () => {
  it.each([
    ['withSpan without fn', (t: ReturnType<typeof make>) => t.withSpan('x', undefined as never), 'withSpan: fn must be a function, got undefined'],
    ['withSpan with attributes and no fn', (t: ReturnType<typeof make>) => t.withSpan('x', { a: 1 }, undefined as never), 'withSpan: fn must be a function, got undefined'],
    ['withSpan without a name', (t: ReturnType<typeof make>) => t.withSpan(undefined as never, () => 1), 'withSpan: name must be a non-empty string, got undefined'],
    [
      'withSpan with a bad second argument',
      (t: ReturnType<typeof make>) => t.withSpan('x', 5 as never, () => 1),
      'withSpan: attributesOrOptions must be an attributes object or { attributes?, kind?, links?, root? }, got 5',
    ],
    [
      'withSpan with a bad kind',
      (t: ReturnType<typeof make>) => t.withSpan('x', { kind: 9 }, () => 1),
      'withSpan: kind must be a SpanKind (0 to 4: INTERNAL, SERVER, CLIENT, PRODUCER, CONSUMER), got 9',
    ],
    [
      'withSpan with a kind given by its name',
      (t: ReturnType<typeof make>) => t.withSpan('x', { attributes: {}, kind: 'SERVER' } as never, () => 1),
      'withSpan: kind must be a SpanKind (0 to 4: INTERNAL, SERVER, CLIENT, PRODUCER, CONSUMER), got "SERVER"',
    ],
    [
      'traced with a kind given by its name',
      (t: ReturnType<typeof make>) => t.traced('x', () => 1, { kind: 'CLIENT' as never }),
      'traced: options.kind must be a SpanKind (0 to 4: INTERNAL, SERVER, CLIENT, PRODUCER, CONSUMER), got "CLIENT"',
    ],
    ['withSpan with a bad root', (t: ReturnType<typeof make>) => t.withSpan('x', { attributes: {}, root: 'yes' } as never, () => 1), 'withSpan: root must be a boolean, got "yes"'],
    ['traced without fn', (t: ReturnType<typeof make>) => t.traced('x', undefined as never), 'traced: fn must be a function, got undefined'],
    ['traced with an empty name', (t: ReturnType<typeof make>) => t.traced('', () => 1), 'traced: name must be a non-empty string, got ""'],
    ['traced with bad options', (t: ReturnType<typeof make>) => t.traced('x', () => 1, 5 as never), 'traced: options must be { attributes?, kind?, links?, root? }, got 5'],
    [
      'traced with bad links',
      (t: ReturnType<typeof make>) => t.traced('x', () => 1, { links: 'l' as never }),
      'traced: options.links must be an array of links ({ context, attributes? }), got "l"',
    ],
    ['startSpan without a name', (t: ReturnType<typeof make>) => t.startSpan(undefined as never), 'startSpan: name must be a non-empty string, got undefined'],
    [
      'startSpan with a bad second argument',
      (t: ReturnType<typeof make>) => t.startSpan('x', 'attrs' as never),
      'startSpan: attributesOrOptions must be an attributes object or { attributes?, kind?, links?, root? }, got "attrs"',
    ],
    ['SpanHandle.run without fn', (t: ReturnType<typeof make>) => t.startSpan('x').run(undefined as never), 'SpanHandle.run: fn must be a function, got undefined'],
  ])('%s', (_case, call, message) => {
    const t = make();
    expect(() => call(t)).toThrow(new TypeError(message));
  });

  it('SpanHandle.run of a span started after shutdown names itself too', async () => {
    const t = make();
    await t.shutdown();
    expect(() => t.startSpan('late').run(5 as never)).toThrow(new TypeError('SpanHandle.run: fn must be a function, got 5'));
  });
});
