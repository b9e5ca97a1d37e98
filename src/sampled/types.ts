/** An event name: `['db', 'query']`, or the dotted string `'db.query'`. */
export type EventName = readonly string[] | string;

export type Measurements = Record<string, number>;
export type Metadata = Record<string, unknown>;

/** The severities a log record of an event can have (`metadata.severity`). */
export type Severity = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';

/**
 * Metadata of `emitEvent`: any fields, with the ones the library reads typed, so that a
 * `dedupKey` that is neither a string nor a number, or an unknown `severity`, fails to compile.
 */
export type EmitMetadata = Metadata & {
  /** Occurrences with the same key within `dedupWindowMs` are suppressed and counted. */
  dedupKey?: string | number;
  /** Severity of the event's log record; default `'info'`. */
  severity?: Severity;
  /** Body of the event's log record; default the event name. */
  message?: string;
};

/** Metadata of `emitBatched`: any fields, with the batch key typed. */
export type BatchMetadata = Metadata & {
  /** The batch the occurrence joins; default `'default'`. */
  batchKey?: string | number;
};

/**
 * Called synchronously for each matching `execute`; `event` is the normalized array form.
 * The return value is ignored, except that a returned promise (or thenable) that rejects
 * counts as a failure of the handler.
 */
export type EventHandler = (event: readonly string[], measurements: Measurements, metadata: Metadata) => unknown;

export interface AttachOptions {
  /** Detach at the n-th failure within a minute instead of the first. */
  maxFailures?: number;
  /** Opaque value kept with the handler and shown by `handlers()`. */
  config?: unknown;
}

export interface HandlerInfo {
  id: string;
  events: (readonly string[])[];
  maxFailures: number;
  config: unknown;
}

export interface SamplingStats {
  total: number;
  sampled: number;
  rule: string;
}

/** What the event part of `telemetry` offers; `prefixed()` returns the emitting subset. */
export interface EventEmitterApi {
  /**
   * Calls every handler attached to `event`, synchronously; no sampling, no dedup.
   * @example telemetry.execute(['db', 'query'], { duration: 12 }, { sql });
   */
  execute(event: EventName, measurements?: Measurements, metadata?: Metadata): void;
  /**
   * Executes `event` unless its sampling rule drops it or `metadata.dedupKey` was executed
   * less than `dedupWindowMs` ago (then it is counted). Returns whether it was executed.
   * @example telemetry.emitEvent('db.error', { count: 1 }, { dedupKey: err.code });
   */
  emitEvent(event: EventName, measurements?: Measurements, metadata?: EmitMetadata): boolean;
  /**
   * Adds an occurrence to the batch of `(event, metadata.batchKey ?? 'default')`, executed
   * later as `['batched', ...event]` with summed measurements.
   * @example telemetry.emitBatched('http.request', 1, { batchKey: route });
   */
  emitBatched(event: EventName, measurement?: number | Measurements, metadata?: BatchMetadata): void;
  /**
   * An emitter that puts `prefix` before every event name.
   * @example telemetry.prefixed('app.db').execute('query'); // ['app', 'db', 'query']
   */
  prefixed(prefix: EventName): EventEmitterApi;
}

/**
 * An event whose name was validated and looked up once (`telemetry.event(name)`): the
 * hot-path form of `execute`, `emitEvent` and `emitBatched`, in the way
 * `diagnostics_channel.channel(name)` is used.
 */
export interface PreparedEvent {
  /** The name in array form, as handlers receive it. */
  readonly name: readonly string[];
  /** As `execute(name, measurements, metadata)`. */
  execute(measurements?: Measurements, metadata?: Metadata): void;
  /** As `emitEvent(name, measurements, metadata)`: returns whether it was executed. */
  emit(measurements?: Measurements, metadata?: EmitMetadata): boolean;
  /** As `emitBatched(name, measurement, metadata)`. */
  emitBatched(measurement?: number | Measurements, metadata?: BatchMetadata): void;
  /**
   * Whether executing the event now would reach anyone: a handler, a metric definition or
   * the log bridge. Skip building expensive measurements when it is `false`.
   */
  hasHandlers(): boolean;
}

export interface EventsApi extends EventEmitterApi {
  /**
   * The prepared form of an event: its name is validated and looked up once, and its
   * methods cost a direct call.
   * @example
   * const queried = telemetry.event('db.query');
   * if (queried.hasHandlers()) queried.execute({ duration: elapsed() }, { table });
   */
  event(name: EventName): PreparedEvent;
  /**
   * Attaches `handler` under a unique `id` to one event name, or to several
   * (`[['db', 'query'], 'http.request']` or `['db.query', 'http.request']`; an array of
   * strings is one name unless every string is dotted).
   * @example telemetry.attach('slow-queries', 'db.query', (event, { duration }) => { if (duration > 100) warn(event); });
   */
  attach(id: string, eventOrEvents: EventName | readonly EventName[], handler: EventHandler, options?: AttachOptions): void;
  /**
   * Detaches the handler with `id`; returns whether it was attached.
   * @example telemetry.detach('slow-queries');
   */
  detach(id: string): boolean;
  /**
   * The attached handlers, in attach order.
   * @example telemetry.handlers().map((handler) => handler.id);
   */
  handlers(): HandlerInfo[];
  /**
   * Per event with a sampling rule (dotted name): calls, calls that passed, and the rule.
   * @example telemetry.samplingStats()['cache.miss']; // { total: 100, sampled: 10, rule: 'random(0.1)' }
   */
  samplingStats(): Record<string, SamplingStats>;
}

export interface EventsHealth {
  executed: number;
  suppressed: number;
  sampledOut: number;
  dedupKeys: number;
  dedupEvictions: number;
  batches: number;
  batchedEvents: number;
  dropped: number;
  lastFlushAt: number | undefined;
}

export interface HandlersHealth {
  attached: number;
  failures: number;
  detached: number;
}

/**
 * Why a `['batched', ...event]` was executed: `'size'` (it reached `maxBatchSize`),
 * `'interval'` (the flusher ran: on its timer, on `flush()` or at `shutdown()`),
 * `'overflow'` (a new batch key beyond `maxBatchKeys` pushed out the oldest batch).
 */
export type BatchReason = 'size' | 'interval' | 'overflow';
