/** An event name: `['db', 'query']`, or the dotted string `'db.query'`. */
export type EventName = readonly string[] | string;

export type Measurements = Record<string, number>;
export type Metadata = Record<string, unknown>;

/** Called synchronously for each matching `execute`; `event` is the normalized array form. */
export type EventHandler = (
  event: readonly string[],
  measurements: Measurements,
  metadata: Metadata,
) => void | Promise<unknown>;

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
  execute(event: EventName, measurements?: Measurements, metadata?: Metadata): void;
  emitEvent(event: EventName, measurements?: Measurements, metadata?: Metadata): boolean;
  emitBatched(event: EventName, measurement?: number | Measurements, metadata?: Metadata): void;
  prefixed(prefix: EventName): EventEmitterApi;
}

export interface EventsApi extends EventEmitterApi {
  attach(id: string, eventOrEvents: EventName | readonly EventName[], handler: EventHandler, options?: AttachOptions): void;
  detach(id: string): boolean;
  handlers(): HandlerInfo[];
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
