import { ROOT_CONTEXT, context as contextApi, type Attributes, type Context } from '@opentelemetry/api';
import { SeverityNumber, type LogAttributes, type Logger } from '@opentelemetry/api-logs';

/** The redaction rules of the instance (`errorContext`), as log record attributes follow them. */
export interface LogRedaction {
  isSecretKey(key: string): boolean;
  cutString(value: string): string;
  /** At most this many metadata attributes per record. */
  readonly maxKeys: number;
}

export interface EventLogDeps {
  logger: Logger;
  redaction: LogRedaction;
  /** `exception.*` (and `error.context.*`) attributes of a thrown value, redacted. */
  exceptionAttributes(error: unknown): Attributes;
}

/** A severity of `metadata.severity`, as its OpenTelemetry number. */
const SEVERITY_NUMBERS: Readonly<Record<string, SeverityNumber>> = Object.freeze({
  trace: SeverityNumber.TRACE,
  debug: SeverityNumber.DEBUG,
  info: SeverityNumber.INFO,
  warn: SeverityNumber.WARN,
  error: SeverityNumber.ERROR,
  fatal: SeverityNumber.FATAL,
});

export type Severity = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';

const REDACTED = '[REDACTED]';
type Metadata = Readonly<Record<string, unknown>>;
type Measurements = Readonly<Record<string, number>>;

/**
 * Writes bus events as OpenTelemetry log records (the event model: a record with
 * `eventName`), with the attributes the OpenTelemetry Collector's log deduplication
 * processor writes: `log_count` on every record, so that summing it over an event's
 * records gives its executed plus suppressed occurrences, and `first_observed_timestamp`
 * / `last_observed_timestamp` (RFC 3339) on suppression summaries. Severity comes from
 * `metadata.severity`, the body from `metadata.message` (else the event name); metadata
 * strings, numbers and booleans become attributes, redacted and cut. An occurrence is
 * emitted in the caller's context, so it carries its flow's trace and span ids; a summary or
 * batch stands for occurrences of many flows and carries none.
 * Nothing here throws: a value that cannot be read is left out.
 */
export class EventLog {
  readonly #logger: Logger;
  readonly #redaction: LogRedaction;
  readonly #exceptionAttributes: (error: unknown) => Attributes;

  constructor(deps: EventLogDeps) {
    this.#logger = deps.logger;
    this.#redaction = deps.redaction;
    this.#exceptionAttributes = deps.exceptionAttributes;
  }

  /**
   * An occurrence `emitEvent` let through. `log_count` is 1 plus the occurrences suppressed
   * before it, as the dedup window counted them.
   */
  occurrence(eventName: string, measurements: Measurements, metadata: Metadata, at: number, severity: Severity, suppressed: number): void {
    this.#single(eventName, measurements, metadata, at, severity, 1 + suppressed);
  }

  /** An `execute`, a captured error or a failure: it suppressed nothing, whatever its metadata says, so `log_count` is 1. */
  execution(eventName: string, measurements: Measurements, metadata: Metadata, at: number, severity: Severity): void {
    this.#single(eventName, measurements, metadata, at, severity, 1);
  }

  /**
   * The occurrences of `(event, dedupKey)` suppressed in a window that closed with no new one.
   * `occurrence`, when known, is the last suppressed occurrence's metadata: the summary
   * takes its severity and message.
   */
  summary(eventName: string, count: number, metadata: Metadata, at: number, occurrence: Metadata | undefined): void {
    const attributes: LogAttributes = {};
    const dedupKey = read(metadata, 'dedupKey');
    if (typeof dedupKey === 'string' || typeof dedupKey === 'number') attributes['dedup.key'] = this.#value('dedup.key', dedupKey);
    attributes.first_observed_timestamp = rfc3339(read(metadata, 'firstAt'));
    attributes.last_observed_timestamp = rfc3339(read(metadata, 'lastAt'));
    attributes.log_count = count;
    // Occurrences of many flows: the record belongs to none of them, whoever ran the flush.
    this.#emit(eventName, attributes, occurrence, at, 'info', ROOT_CONTEXT);
  }

  /** A batch: its summed measurements, and `log_count` = its occurrences. */
  batch(eventName: string, sums: Measurements, metadata: Metadata, at: number): void {
    const attributes: LogAttributes = {};
    copyMeasurements(attributes, sums);
    const batchKey = read(metadata, 'batchKey');
    if (typeof batchKey === 'string' || typeof batchKey === 'number') attributes['batch.key'] = this.#value('batch.key', batchKey);
    const reason = read(metadata, 'reason');
    if (typeof reason === 'string') attributes['batch.reason'] = reason;
    const events = read(metadata, 'events');
    const occurrences = Array.isArray(events) ? events : [];
    attributes.log_count = occurrences.length;
    // The batch says what its occurrences say: the first one's severity and message.
    const template: unknown = occurrences[0];
    // Occurrences of many flows, as for a summary.
    this.#emit(eventName, attributes, isRecord(template) ? template : undefined, at, 'info', ROOT_CONTEXT);
  }

  #single(eventName: string, measurements: Measurements, metadata: Metadata, at: number, severity: Severity, logCount: number): void {
    const attributes: LogAttributes = {};
    copyMeasurements(attributes, measurements);
    this.#copyMetadata(attributes, metadata);
    attributes.log_count = logCount;
    // The caller's context: the record carries the trace and span ids of the flow that emitted it.
    this.#emit(eventName, attributes, metadata, at, severity, contextApi.active());
  }

  #emit(
    eventName: string,
    attributes: LogAttributes,
    metadata: Metadata | undefined,
    at: number,
    severity: Severity,
    context: Context,
  ): void {
    const given = metadata === undefined ? undefined : read(metadata, 'severity');
    // An own key only: `'constructor'` or `'toString'` is no severity.
    const severityText = typeof given === 'string' && Object.hasOwn(SEVERITY_NUMBERS, given) ? (given as Severity) : severity;
    const message = metadata === undefined ? undefined : read(metadata, 'message');
    try {
      this.#logger.emit({
        eventName,
        timestamp: at,
        context,
        severityNumber: SEVERITY_NUMBERS[severityText],
        severityText,
        body: typeof message === 'string' ? this.#redaction.cutString(message) : eventName,
        attributes,
      });
    } catch {
      // A failing log processor must not reach the code that emitted the event.
    }
  }

  /** Metadata strings, numbers and booleans, redacted and cut, at most `maxKeys`; an error's `exception.*`. */
  #copyMetadata(attributes: LogAttributes, metadata: Metadata): void {
    let keys: string[];
    try {
      keys = Object.keys(metadata);
    } catch {
      return;
    }
    let kept = 0;
    for (const key of keys) {
      if (kept >= this.#redaction.maxKeys) break;
      const value = read(metadata, key);
      if (key === 'error' && value !== undefined) {
        Object.assign(attributes, this.#exceptionAttributes(value));
        continue;
      }
      if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') continue;
      attributes[key] = this.#value(key, value);
      kept++;
    }
  }

  #value(key: string, value: string | number | boolean): string | number | boolean {
    if (this.#redaction.isSecretKey(key)) return REDACTED;
    return typeof value === 'string' ? this.#redaction.cutString(value) : value;
  }
}

function copyMeasurements(attributes: LogAttributes, measurements: Measurements): void {
  for (const key of Object.keys(measurements)) {
    const value = measurements[key];
    if (typeof value === 'number') attributes[key] = value;
  }
}

/** A property of a value the application handed over, or `undefined` when reading it throws. */
function read(record: Metadata, key: string): unknown {
  try {
    return record[key];
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Metadata {
  return typeof value === 'object' && value !== null;
}

/** RFC 3339 text of a clock time in ms (`2026-01-01T00:00:00.000Z`), as the Collector writes it. */
function rfc3339(at: unknown): string | undefined {
  return typeof at === 'number' && Number.isFinite(at) ? new Date(at).toISOString() : undefined;
}
