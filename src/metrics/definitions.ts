import type { Attributes } from '@opentelemetry/api';
import type { MeasurementReader, MetricDefinition, MetricKind } from '../config/options.js';
import { DefinitionChecks } from './definitionChecks.js';

/** The options every kind of metric takes. */
export interface MetricDefinitionOptions {
  /**
   * The event the metric listens to (`'pool.status'` or `['pool', 'status']`); default: the
   * metric's name without its last segment.
   */
  event?: string | readonly string[];
  /**
   * The measurement key, or a function of the event's measurements and metadata that returns
   * the number to record (`undefined` skips the event); default: the last segment of the name.
   * A counter counts events and ignores it.
   */
  measurement?: string | MeasurementReader;
  /** Metadata keys whose values (strings, numbers, booleans) become attributes. */
  tags?: readonly string[];
  /**
   * Attributes computed from the metadata, merged over the `tags`; values that are not
   * strings, numbers or booleans are left out, keys that `errorContext.redact` matches are redacted.
   */
  tagValues?: (metadata: Readonly<Record<string, unknown>>) => Attributes;
  /** Records the event only when it returns a truthy value. */
  keep?: (metadata: Readonly<Record<string, unknown>>) => boolean;
  /** The unit, as UCUM says (`'ms'`, `'By'`, `'{request}'`): at most 63 ASCII characters. */
  unit?: string;
  description?: string;
}

export type CounterOptions = MetricDefinitionOptions;

export interface SumOptions extends MetricDefinitionOptions {
  /** `true` (default): the sum only grows, negative values are skipped (a Counter); `false`: an UpDownCounter. */
  monotonic?: boolean;
}

export type LastValueOptions = MetricDefinitionOptions;

export interface HistogramOptions extends MetricDefinitionOptions {
  /** Explicit bucket boundaries, strictly increasing; default the OpenTelemetry SDK's. */
  boundaries?: readonly number[];
}

const COMMON_KEYS = Object.freeze(['event', 'measurement', 'tags', 'tagValues', 'keep', 'unit', 'description']);
const KEYS: Readonly<Record<MetricKind, readonly string[]>> = Object.freeze({
  counter: COMMON_KEYS,
  sum: Object.freeze([...COMMON_KEYS, 'monotonic']),
  lastValue: COMMON_KEYS,
  histogram: Object.freeze([...COMMON_KEYS, 'boundaries']),
});
// Where the options that only one kind takes belong, for the error given to another kind.
const KIND_OF_OPTION: Readonly<Record<string, string>> = Object.freeze({ monotonic: 'sum', boundaries: 'histogram' });

function define(kind: MetricKind, name: unknown, options: unknown): MetricDefinition {
  const checks = new DefinitionChecks(kind, name);
  const checkedName = checks.name(name);
  const opts = checks.options(options);
  checks.knownKeys(opts, KEYS[kind], KIND_OF_OPTION);

  const segments = checkedName.split('.');
  const event = opts.event === undefined ? segments.slice(0, -1) : checks.event(opts.event);
  if (event.length === 0) throw checks.singleSegment(checkedName);
  const measurement = checks.measurement<MeasurementReader>(opts.measurement) ?? segments[segments.length - 1];

  return Object.freeze({
    kind,
    name: checkedName,
    event: Object.freeze(event),
    // A counter counts executions, whatever the event measured (as in Telemetry.Metrics).
    measurement: kind === 'counter' ? undefined : measurement,
    tags: checks.tags(opts.tags),
    tagValues: checks.optionalFunction<MetricDefinition['tagValues']>(
      'opts.tagValues',
      opts.tagValues,
      'a function (metadata) => attributes',
    ),
    keep: checks.optionalFunction<MetricDefinition['keep']>('opts.keep', opts.keep, 'a function (metadata) => boolean'),
    unit: checks.unit(opts.unit),
    description: checks.description(opts.description),
    boundaries: checks.boundaries(opts.boundaries),
    monotonic: kind === 'sum' ? checks.monotonic(opts.monotonic) : kind === 'counter',
  });
}

/**
 * A metric that counts the executions of an event (an OpenTelemetry Counter). The event is
 * the name without its last segment; the last segment names the metric only, since a counter
 * counts events whatever they measured.
 *
 * @param name the instrument name, as exported (`'db.query.count'`: counts `db.query`).
 * @throws TypeError for a bad name or option, naming it and what is allowed.
 * @example
 * createTelemetry({
 *   metrics: { definitions: [counter('db.query.count', { tags: ['table'] })] },
 * });
 * telemetry.execute('db.query', { duration: 12 }, { table: 'orders' }); // db.query.count{table="orders"} += 1
 */
export function counter(name: string, opts?: CounterOptions): MetricDefinition {
  return define('counter', name, opts);
}

/**
 * A metric that adds up a measurement of an event: an OpenTelemetry Counter, or an
 * UpDownCounter with `monotonic: false`. A monotonic sum skips negative values (and counts
 * them in `health().metrics.skipped`).
 *
 * @param name the instrument name; without `opts.event` and `opts.measurement`, its last segment is
 *   the measurement and the rest the event (`'batched.cache.miss.count'`: `count` of `batched.cache.miss`).
 * @throws TypeError for a bad name or option, naming it and what is allowed.
 * @example
 * sum('batched.cache.miss.count');                               // the occurrences of every cache.miss batch
 * sum('queue.depth.change', { event: 'queue.moved', measurement: 'delta', monotonic: false });
 */
export function sum(name: string, opts?: SumOptions): MetricDefinition {
  return define('sum', name, opts);
}

/**
 * A metric that keeps the last value of a measurement (an OpenTelemetry Gauge).
 *
 * @param name the instrument name; without `opts.event` and `opts.measurement`, its last segment is
 *   the measurement and the rest the event.
 * @throws TypeError for a bad name or option, naming it and what is allowed.
 * @example
 * lastValue('pool.size', { event: 'pool.status', measurement: 'idle' });
 * telemetry.execute('pool.status', { idle: 4, busy: 6 });        // pool.size = 4
 */
export function lastValue(name: string, opts?: LastValueOptions): MetricDefinition {
  return define('lastValue', name, opts);
}

/**
 * A metric that records the distribution of a measurement (an OpenTelemetry Histogram, with
 * `opts.boundaries` as its explicit bucket boundaries). Negative values are skipped, as the
 * OpenTelemetry histogram takes none.
 *
 * @param name the instrument name; without `opts.event` and `opts.measurement`, its last segment is
 *   the measurement and the rest the event (`'db.query.duration'`: `duration` of `db.query`).
 * @throws TypeError for a bad name or option, naming it and what is allowed.
 * @example
 * histogram('db.query.duration', { unit: 'ms', tags: ['table'], boundaries: [1, 5, 10, 50, 100, 500] });
 * histogram('span.stop.duration', { unit: 'ms', tags: ['name'] }); // every span's duration
 */
export function histogram(name: string, opts?: HistogramOptions): MetricDefinition {
  return define('histogram', name, opts);
}
