import type { Attributes, Meter, MetricOptions } from '@opentelemetry/api';
import type { MetricDefinition } from '../config/options.js';
import { isNativePromise, thenIntrinsic } from '../untrustedValue.js';

/** The redaction rules of the instance, applied to metric attributes as to every other export. */
export interface MetricRedaction {
  /** True when values stored under `key` must not be exported. */
  isSecretKey(key: string): boolean;
  /** A string cut to the configured maximum length. */
  cutString(value: string): string;
}

/** What happened to the events that reached a metric (`health().metrics`). */
export interface MetricCounts {
  /** Events recorded on an instrument. */
  recorded: number;
  /** Events whose measurement was missing, not a finite number or out of range, or whose functions threw. */
  skipped: number;
}

type Measurements = Readonly<Record<string, number>>;
type Metadata = Readonly<Record<string, unknown>>;

/** One metric definition bound to its instrument: listens to `event`, records each one with `record`. */
export interface MetricRecorder {
  readonly name: string;
  readonly event: readonly string[];
  /** Records one event of `event`; never throws. */
  record(measurements: Measurements, metadata: Metadata): void;
}

/** What a value under a secret key becomes, as in the rest of the library's redaction. */
const REDACTED = '[REDACTED]';
// Shared by every event of a metric without tags: the SDK only reads attributes.
const NO_ATTRIBUTES: Attributes = Object.freeze({});
const hasOwnProperty = Object.prototype.hasOwnProperty;
const ignore = (): void => {};

type Write = (value: number, attributes: Attributes) => void;
type BuildAttributes = (metadata: Metadata) => Attributes;

/**
 * Creates one OpenTelemetry instrument per definition and the function that records an
 * event on it. Recording never throws: an event whose `keep`, `tagValues` or measurement
 * function throws, or whose measurement is missing, not a finite number or negative where
 * the instrument takes no negative value (a monotonic sum, a histogram), is counted in
 * `counts.skipped`; one that `keep` refuses is not counted.
 */
export function createMetricRecorders(
  definitions: readonly MetricDefinition[],
  meter: Meter,
  redaction: MetricRedaction,
  counts: MetricCounts,
): readonly MetricRecorder[] {
  return Object.freeze(definitions.map((definition) => createRecorder(definition, meter, redaction, counts)));
}

function createRecorder(definition: MetricDefinition, meter: Meter, redaction: MetricRedaction, counts: MetricCounts): MetricRecorder {
  const write = createInstrument(definition, meter);
  const buildAttributes = attributesBuilder(definition, redaction);
  const { keep, kind } = definition;
  // A counter counts executions: its value is always 1.
  const measurement = kind === 'counter' ? undefined : definition.measurement;
  const key = typeof measurement === 'string' ? measurement : undefined;
  const read = typeof measurement === 'function' ? measurement : undefined;
  // The SDK drops these silently; skipping them here keeps them counted.
  const refusesNegative = kind === 'histogram' || (kind === 'sum' && definition.monotonic);

  return Object.freeze({
    name: definition.name,
    event: definition.event,
    record(measurements: Measurements, metadata: Metadata): void {
      try {
        if (keep !== undefined) {
          const kept: unknown = keep(metadata);
          if (!kept) return;
          if (isDeferred(kept)) {
            counts.skipped += 1;
            return;
          }
        }
        const value: unknown = key !== undefined ? measurements[key] : read !== undefined ? read(measurements, metadata) : 1;
        if (typeof value !== 'number' || !Number.isFinite(value) || (refusesNegative && value < 0)) {
          isDeferred(value);
          counts.skipped += 1;
          return;
        }
        write(value, buildAttributes(metadata));
        counts.recorded += 1;
      } catch {
        counts.skipped += 1;
      }
    },
  });
}

function createInstrument(definition: MetricDefinition, meter: Meter): Write {
  const { name, unit, description, boundaries } = definition;
  const options: MetricOptions = {};
  if (unit !== undefined) options.unit = unit;
  if (description !== undefined) options.description = description;
  switch (definition.kind) {
    case 'counter': {
      const instrument = meter.createCounter(name, options);
      return (value, attributes) => instrument.add(value, attributes);
    }
    case 'sum': {
      const instrument = definition.monotonic ? meter.createCounter(name, options) : meter.createUpDownCounter(name, options);
      return (value, attributes) => instrument.add(value, attributes);
    }
    case 'lastValue': {
      const instrument = meter.createGauge(name, options);
      return (value, attributes) => instrument.record(value, attributes);
    }
    case 'histogram': {
      if (boundaries !== undefined) options.advice = { explicitBucketBoundaries: [...boundaries] };
      const instrument = meter.createHistogram(name, options);
      return (value, attributes) => instrument.record(value, attributes);
    }
  }
}

/**
 * The attributes of one event: the `tags` read from the metadata (a value that cannot be
 * read, or is not a string, number or boolean, is left out), then what `tagValues` returns
 * merged over them; strings cut, values under secret keys redacted.
 */
function attributesBuilder(definition: MetricDefinition, { isSecretKey, cutString }: MetricRedaction): BuildAttributes {
  const { tags, tagValues } = definition;
  if (tags.length === 0 && tagValues === undefined) return () => NO_ATTRIBUTES;
  const secretTags = tags.map((tag) => isSecretKey(tag));

  return (metadata) => {
    const attributes: Attributes = {};
    for (let index = 0; index < tags.length; index++) {
      const tag = tags[index] as string;
      let value: unknown;
      try {
        value = metadata[tag];
      } catch {
        // A getter or proxy trap that throws: the tag is left out, the event still counts.
        continue;
      }
      const attribute = attributeValue(value, cutString);
      if (attribute !== undefined) attributes[tag] = secretTags[index] ? REDACTED : attribute;
    }
    if (tagValues !== undefined) {
      const computed: unknown = tagValues(metadata);
      if (isDeferred(computed)) throw new TypeError('tagValues returned a promise');
      if (typeof computed === 'object' && computed !== null) {
        const record = computed as Record<string, unknown>;
        for (const key in record) {
          if (!hasOwnProperty.call(record, key)) continue;
          const attribute = attributeValue(record[key], cutString);
          if (attribute !== undefined) attributes[key] = isSecretKey(key) ? REDACTED : attribute;
        }
      }
    }
    return attributes;
  };
}

function attributeValue(value: unknown, cutString: (value: string) => string): string | number | boolean | undefined {
  switch (typeof value) {
    case 'string':
      return cutString(value);
    case 'number':
    case 'boolean':
      return value;
    default:
      return undefined;
  }
}

/**
 * True when a function meant to answer at once returned a native promise; its rejection is
 * handled, so it never surfaces as an unhandled rejection.
 */
function isDeferred(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || !isNativePromise(value)) return false;
  thenIntrinsic(value, undefined, ignore);
  return true;
}
