import { describe, expect, it } from 'vitest';
import type { Measurements, Metadata } from '../../src/sampled/types.js';
import { createHarness } from '../sampled/setup.js';

/** An instance whose batches of `event` are captured as its handler receives them. */
function batchesOf(event: string) {
  const { events } = createHarness({ batchIntervalMs: 60_000 });
  const received: { measurements: Measurements; metadata: Metadata }[] = [];
  events.attach('capture', `batched.${event}`, (_event, measurements, metadata) => received.push({ measurements, metadata }));
  return { events, received };
}

describe('batched sums of fields named like Object.prototype members', () => {
  it('sums constructor, valueOf, toString and hasOwnProperty as numbers into a plain object', () => {
    const { events, received } = batchesOf('odd.fields');
    events.emitBatched('odd.fields', { constructor: 1, valueOf: 2, toString: 3, hasOwnProperty: 4 });
    events.emitBatched('odd.fields', { constructor: 2, valueOf: 2, toString: 3, hasOwnProperty: 4 });
    events.emitBatched('odd.fields', { count: 5, constructor: 3 });
    events.flush();
    const [batch] = received;
    expect(received).toHaveLength(1);
    expect(batch?.measurements).toEqual({ count: 7, constructor: 6, valueOf: 4, toString: 6, hasOwnProperty: 8 });
    expect(Object.getPrototypeOf(batch?.measurements)).toBe(Object.prototype);
  });

  it('matches the plain object a handler expects', () => {
    const { events, received } = batchesOf('ctor');
    events.emitBatched('ctor', { constructor: 1 });
    events.emitBatched('ctor', { constructor: 2 });
    events.flush();
    expect(received[0]?.measurements).toEqual({ count: 2, constructor: 3 });
  });

  it('sums a __proto__ field parsed from JSON as an own field, leaving the prototype alone', () => {
    const { events, received } = batchesOf('parsed');
    events.emitBatched('parsed', JSON.parse('{"__proto__": 5, "bytes": 1}') as Measurements);
    events.emitBatched('parsed', JSON.parse('{"__proto__": 6, "bytes": 2}') as Measurements);
    events.flush();
    const measurements = received[0]?.measurements as Measurements;
    expect(Object.getPrototypeOf(measurements)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(measurements, '__proto__')?.value).toBe(11);
    expect(Object.keys(measurements).sort()).toEqual(['__proto__', 'bytes', 'count']);
    expect({ bytes: measurements.bytes, count: measurements.count }).toEqual({ bytes: 3, count: 2 });
  });
});

describe('measurements are the own enumerable fields', () => {
  it('ignores inherited fields when validating and when summing', () => {
    const { events, received } = batchesOf('inherited');
    const withInherited = Object.assign(Object.create({ label: 'not a number', extra: 100 }) as Measurements, { bytes: 4 });
    const executed: Measurements[] = [];
    events.attach('plain', 'inherited', (_event, measurements) => executed.push(measurements));
    expect(() => events.execute('inherited', withInherited)).not.toThrow();
    expect(events.emitEvent('inherited', withInherited)).toBe(true);
    expect(() => events.emitBatched('inherited', withInherited)).not.toThrow();
    events.emitBatched('inherited', withInherited);
    events.flush();
    expect(executed).toHaveLength(2);
    expect(received[0]?.measurements).toEqual({ count: 2, bytes: 8 });
    // Own fields are checked whatever their name.
    expect(() => events.emitBatched('bad', { constructor: Number.NaN })).toThrow(/measurement\.constructor must be a finite number/);
    expect(() => events.execute('bad', JSON.parse('{"__proto__": "x"}') as Measurements)).toThrow(/measurements\.__proto__/);
  });
});

describe('batched sums stay finite', () => {
  it('holds a sum that would overflow at ±Number.MAX_VALUE and names the field in the batch metadata', () => {
    const { events, received } = batchesOf('huge');
    events.emitBatched('huge', { bytes: Number.MAX_VALUE, debt: -Number.MAX_VALUE, small: 1 });
    events.emitBatched('huge', { bytes: Number.MAX_VALUE, debt: -Number.MAX_VALUE, small: 1 });
    events.emitBatched('huge', { bytes: Number.MAX_VALUE, debt: -Number.MAX_VALUE, small: 1 });
    events.flush();
    expect(received[0]?.measurements).toEqual({ count: 3, bytes: Number.MAX_VALUE, debt: -Number.MAX_VALUE, small: 3 });
    expect(received[0]?.metadata.clamped).toEqual(['bytes', 'debt']);
  });

  it('holds count at Number.MAX_VALUE when number measurements overflow it', () => {
    const { events, received } = batchesOf('many');
    events.emitBatched('many', Number.MAX_VALUE);
    events.emitBatched('many', Number.MAX_VALUE);
    events.flush();
    expect(received[0]?.measurements).toEqual({ count: Number.MAX_VALUE });
    expect(received[0]?.metadata.clamped).toEqual(['count']);
  });

  it('adds no clamped field to a batch whose sums are exact, and starts the next batch afresh', () => {
    const { events, received } = batchesOf('fine');
    events.emitBatched('fine', { bytes: Number.MAX_VALUE });
    events.emitBatched('fine', { bytes: Number.MAX_VALUE });
    events.flush();
    events.emitBatched('fine', { bytes: 1 });
    events.flush();
    expect(received.map((batch) => batch.metadata.clamped)).toEqual([['bytes'], undefined]);
    expect(received[1]?.metadata).toEqual({ batchKey: 'default', events: [{}], reason: 'interval' });
    expect(received[1]?.measurements).toEqual({ count: 1, bytes: 1 });
  });
});
