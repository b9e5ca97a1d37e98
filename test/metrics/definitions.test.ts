import { describe, expect, it } from 'vitest';
import { counter, histogram, lastValue, sum } from '../../src/index.js';

const constructors = { counter, sum, lastValue, histogram } as const;
const kinds = Object.keys(constructors) as Array<keyof typeof constructors>;
const make = (kind: keyof typeof constructors, name: unknown, opts?: unknown) => () =>
  (constructors[kind] as (name: unknown, opts?: unknown) => unknown)(name, opts);

describe('metric definitions: events and measurements from the name', () => {
  it('takes the event from all but the last segment and the measurement from the last', () => {
    const definition = histogram('db.query.duration');
    expect(definition).toMatchObject({
      kind: 'histogram',
      name: 'db.query.duration',
      event: ['db', 'query'],
      measurement: 'duration',
      tags: [],
      tagValues: undefined,
      keep: undefined,
      unit: undefined,
      description: undefined,
      boundaries: undefined,
    });
    expect(sum('batched.cache.miss.count')).toMatchObject({ kind: 'sum', event: ['batched', 'cache', 'miss'], measurement: 'count' });
    expect(lastValue('pool.size')).toMatchObject({ kind: 'lastValue', event: ['pool'], measurement: 'size' });
  });

  it('makes a counter count executions: it has no measurement, even when one is given', () => {
    expect(counter('db.query.count')).toMatchObject({ kind: 'counter', event: ['db', 'query'], measurement: undefined, monotonic: true });
    expect(counter('db.query.count', { measurement: 'duration' }).measurement).toBeUndefined();
  });

  it('takes the event from opts.event, as a dotted string or an array, and keeps the last segment as measurement', () => {
    expect(lastValue('pool.size', { event: 'pool.status', measurement: 'idle' })).toMatchObject({
      event: ['pool', 'status'],
      measurement: 'idle',
    });
    expect(lastValue('pool.size', { event: ['pool', 'status'] })).toMatchObject({ event: ['pool', 'status'], measurement: 'size' });
    expect(counter('requests', { event: 'http.request' })).toMatchObject({ name: 'requests', event: ['http', 'request'] });
    expect(sum('bytes', { event: ['http', 'response'] })).toMatchObject({ event: ['http', 'response'], measurement: 'bytes' });
  });

  it('takes a measurement key or reader from opts.measurement', () => {
    const reader = (measurements: Readonly<Record<string, number>>) => measurements.total;
    expect(histogram('http.request.size', { measurement: 'bytes' }).measurement).toBe('bytes');
    expect(histogram('http.request.size', { measurement: reader }).measurement).toBe(reader);
  });

  it('defaults a sum to monotonic and honours monotonic: false', () => {
    expect(sum('queue.depth.delta').monotonic).toBe(true);
    expect(sum('queue.depth.delta', { monotonic: true }).monotonic).toBe(true);
    expect(sum('queue.depth.delta', { monotonic: false }).monotonic).toBe(false);
  });

  it('keeps tags, tagValues, keep, unit, description and boundaries', () => {
    const tagValues = () => ({ region: 'eu' });
    const keep = () => true;
    const definition = histogram('db.query.duration', {
      tags: ['table', 'operation'],
      tagValues,
      keep,
      unit: 'ms',
      description: 'Time spent in queries',
      boundaries: [1, 5.5, 10],
    });
    expect(definition).toMatchObject({
      tags: ['table', 'operation'],
      tagValues,
      keep,
      unit: 'ms',
      description: 'Time spent in queries',
      boundaries: [1, 5.5, 10],
    });
    expect(histogram('db.query.duration', { boundaries: [] }).boundaries).toEqual([]);
    expect(histogram('db.query.duration', { unit: '' }).unit).toBe('');
  });

  it('returns frozen definitions holding their own copies of the arrays given', () => {
    const tags = ['table'];
    const event = ['db', 'query'];
    const boundaries = [1, 2];
    const definition = histogram('db.query.duration', { tags, event, boundaries });
    tags.push('user');
    event.push('extra');
    boundaries.push(3);
    expect(definition.tags).toEqual(['table']);
    expect(definition.event).toEqual(['db', 'query']);
    expect(definition.boundaries).toEqual([1, 2]);
    expect(Object.isFrozen(definition)).toBe(true);
    expect(Object.isFrozen(definition.tags)).toBe(true);
    expect(Object.isFrozen(definition.event)).toBe(true);
    expect(Object.isFrozen(definition.boundaries)).toBe(true);
    expect(Object.isFrozen(counter('a.b').event)).toBe(true);
  });

  it('accepts the names OpenTelemetry accepts', () => {
    for (const name of ['a.b', 'http.server/request-duration.ms', `a.${'b'.repeat(253)}`, 'A_1.b-2']) {
      expect(counter(name).name).toBe(name);
    }
  });
});

describe('metric definitions: bad definitions throw a TypeError at once', () => {
  it('shows the function, the name, the argument, what is allowed and the value', () => {
    expect(make('histogram', 'db.query.duration', { boundaries: [10, 5] })).toThrow(
      new TypeError("histogram('db.query.duration'): opts.boundaries must be strictly increasing finite numbers, got [10, 5]"),
    );
  });

  it.each(kinds)('%s refuses names that are not OpenTelemetry instrument names', (kind) => {
    for (const name of ['', '1abc', '_a.b', 'db query.count', 'db.query.count!', 'é.count']) {
      expect(make(kind, name)).toThrow(TypeError);
      expect(make(kind, name)).toThrow(`${kind}(${JSON.stringify(name).replace(/"/g, "'")}): name must be an OpenTelemetry instrument name`);
    }
    expect(make(kind, `a.${'b'.repeat(254)}`)).toThrow(/: name must be an OpenTelemetry instrument name \(a letter, then up to 254 /);
    for (const name of [42, undefined, null, ['db', 'query']]) {
      expect(make(kind, name)).toThrow(/: name must be an OpenTelemetry instrument name .*, got /);
    }
    expect(make(kind, 42)).toThrow(`${kind}(42): name must be`);
  });

  it('refuses empty segments in a name', () => {
    expect(make('counter', 'db..query')).toThrow("counter('db..query'): name must be dot-separated segments that are not empty, got 'db..query'");
    expect(make('sum', 'db.query.')).toThrow(/sum\('db\.query\.'\): name must be dot-separated segments/);
  });

  it.each(kinds)('%s refuses a single-segment name without opts.event', (kind) => {
    expect(make(kind, 'requests')).toThrow(TypeError);
    expect(make(kind, 'requests')).toThrow(
      `${kind}('requests'): name must be an event name followed by a measurement ('db.query.duration'), or a single segment with opts.event naming the event, got 'requests'`,
    );
    expect(make(kind, 'requests', { event: 'http.request' })).not.toThrow();
  });

  it('refuses opts that are not an object', () => {
    for (const opts of [5, 'ms', null, [], true]) {
      expect(make('counter', 'db.query.count', opts)).toThrow(/^counter\('db\.query\.count'\): opts must be an object of options, got /);
    }
  });

  it('names an unknown option, suggests the closest one and lists the allowed ones', () => {
    expect(make('histogram', 'db.query.duration', { bundaries: [1] })).toThrow(
      new TypeError(
        `histogram('db.query.duration'): unknown option "opts.bundaries" (did you mean "boundaries"?); ` +
          'allowed: event, measurement, tags, tagValues, keep, unit, description, boundaries',
      ),
    );
    expect(make('counter', 'db.query.count', { tag: ['table'] })).toThrow('unknown option "opts.tag" (did you mean "tags"?)');
    expect(make('sum', 'a.b', { monotinic: false })).toThrow('unknown option "opts.monotinic" (did you mean "monotonic"?)');
    expect(make('counter', 'a.b', { zzzzzz: 1 })).toThrow(/unknown option "opts\.zzzzzz"; allowed: event, measurement/);
  });

  it('points the option names of Telemetry.Metrics to their names here', () => {
    expect(make('counter', 'a.b', { event_name: 'x' })).toThrow('unknown option "opts.event_name" (did you mean "event"?)');
    expect(make('counter', 'a.b', { tag_values: () => ({}) })).toThrow('unknown option "opts.tag_values" (did you mean "tagValues"?)');
    expect(make('histogram', 'a.b', { buckets: [1] })).toThrow('unknown option "opts.buckets" (did you mean "boundaries"?)');
    expect(make('counter', 'a.b', { drop: () => false })).toThrow('unknown option "opts.drop" (did you mean "keep"?)');
  });

  it('refuses boundaries on all but a histogram and monotonic on all but a sum', () => {
    for (const kind of ['counter', 'sum', 'lastValue'] as const) {
      expect(make(kind, 'a.b', { boundaries: [1] })).toThrow(new RegExp(`^${kind}\\('a\\.b'\\): opts\\.boundaries is only for histogram\\(\\); allowed: `));
    }
    for (const kind of ['counter', 'lastValue', 'histogram'] as const) {
      expect(make(kind, 'a.b', { monotonic: false })).toThrow(new RegExp(`^${kind}\\('a\\.b'\\): opts\\.monotonic is only for sum\\(\\); allowed: `));
    }
  });

  it.each([
    ['event', 5, 'a dotted event name without empty parts, or a non-empty array of non-empty strings'],
    ['event', [], 'a dotted event name'],
    ['event', ['db', ''], 'a dotted event name'],
    ['event', ['db', 7], 'a dotted event name'],
    ['event', 'db..query', 'a dotted event name'],
    ['event', '', 'a dotted event name'],
    ['measurement', 5, 'a measurement key (a non-empty string) or a function (measurements, metadata) => number | undefined'],
    ['measurement', '', 'a measurement key'],
    ['tags', 'table', 'an array of distinct non-empty strings (metadata keys)'],
    ['tags', ['table', 'table'], 'an array of distinct non-empty strings'],
    ['tagValues', { region: 'eu' }, 'a function (metadata) => attributes'],
    ['keep', true, 'a function (metadata) => boolean'],
    ['unit', 5, "a string of at most 63 ASCII characters (such as 'ms', 'By' or '{request}')"],
    ['unit', 'm'.repeat(64), 'a string of at most 63 ASCII characters'],
    ['unit', 'µs', 'a string of at most 63 ASCII characters'],
    ['description', 5, 'a string'],
  ])('refuses opts.%s = %j, saying what is allowed', (option, value, allowed) => {
    for (const kind of kinds) {
      const call = make(kind, 'db.query.duration', { [option]: value });
      expect(call).toThrow(TypeError);
      expect(call).toThrow(`${kind}('db.query.duration'): opts.${option} must be ${allowed}`);
    }
  });

  it('names the bad tag by its index', () => {
    expect(make('counter', 'db.query.count', { tags: ['table', 7] })).toThrow(
      "counter('db.query.count'): opts.tags[1] must be a non-empty string (a metadata key), got 7",
    );
    expect(make('counter', 'db.query.count', { tags: [''] })).toThrow("opts.tags[0] must be a non-empty string (a metadata key), got ''");
  });

  it.each([[[1, 1]], [[1, Number.NaN]], [[0, Number.POSITIVE_INFINITY]], [['1', '2']], ['1,2'], [{ 0: 1 }]])(
    'refuses boundaries %j',
    (boundaries) => {
      expect(make('histogram', 'db.query.duration', { boundaries })).toThrow(
        /^histogram\('db\.query\.duration'\): opts\.boundaries must be strictly increasing finite numbers, got /,
      );
    },
  );

  it('refuses a monotonic that is not a boolean', () => {
    expect(make('sum', 'a.b', { monotonic: 'yes' })).toThrow("sum('a.b'): opts.monotonic must be true or false, got 'yes'");
  });

  it('shows long values cut', () => {
    const call = make('histogram', 'a.b', { boundaries: Array.from({ length: 50 }, () => 1) });
    expect(call).toThrow('got [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, …]');
  });
});
