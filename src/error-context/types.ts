import type { Breadcrumb } from '../context/flowScope.js';

export type ContextFields = Record<string, unknown>;

/**
 * What enrichment sets as an error's `context`: the flow's fields (redacted and cut), the
 * error's own `context` keys over them, and where the error happened.
 */
export interface ErrorContext extends ContextFields {
  /** The trace and span active where the error was enriched, when a valid span was. */
  traceId?: string;
  spanId?: string;
  /** Names of the spans of the flow, root first. */
  spanPath?: string[];
  /** The flow's breadcrumbs, root scope first. */
  breadcrumbs?: Breadcrumb[];
}

/**
 * An error that `withSpan`, `withContext`, `enrichError` or `captureError` enriched.
 *
 * @example
 * catch (err) {
 *   const { requestId, traceId } = errorContextOf(err) ?? {};
 * }
 */
export type EnrichedError<E extends object = Error> = E & { context: ErrorContext };

/** A string record that carries a trace and its propagated context (HTTP headers, a queue message). */
export type Carrier = Record<string, string | string[] | undefined>;

/**
 * The headers `inject` may write into a carrier. A type alias, not an interface, so that the
 * result stays assignable to header records (`Record<string, string>`, `OutgoingHttpHeaders`).
 */
export type InjectedHeaders = {
  traceparent?: string;
  tracestate?: string;
  baggage?: string;
};

export interface ErrorContextApi {
  /**
   * Runs `fn` in a new scope holding a copy of `fields`, merged over the enclosing context,
   * and returns what `fn` returns. The enclosing context is untouched when `fn` ends
   * (sync, promise or throw). An error escaping `fn` is enriched here unless an inner
   * boundary enriched it already.
   *
   * @example
   * await telemetry.withContext({ requestId: req.id }, () => handle(req));
   */
  withContext<T>(fields: ContextFields, fn: () => T): T;
  /**
   * The merged context of this async flow, innermost keys winning, as a frozen object
   * (later writes do not change it); `{}` outside any scope. Not redacted.
   *
   * @example
   * telemetry.withContext({ requestId: 'r1' }, () => telemetry.getContext()); // { requestId: 'r1' }
   */
  getContext(): Readonly<ContextFields>;
  /**
   * Merges `fields` into the innermost scope (made by `withContext`, `withSpan` or
   * `extract`). Throws an `Error` outside any scope: there is no global fallback.
   *
   * @example
   * await telemetry.withSpan('checkout', async () => {
   *   telemetry.setContext({ userId: session.userId });
   * });
   */
  setContext(fields: ContextFields): void;
  /**
   * Empties the fields of the innermost scope (enclosing scopes and breadcrumbs stay).
   * Throws an `Error` outside any scope.
   *
   * @example
   * telemetry.withContext({ requestId: 'r1' }, () => {
   *   telemetry.withContext({ userId: 'u1' }, () => {
   *     telemetry.clearContext();
   *     telemetry.getContext(); // { requestId: 'r1' }
   *   });
   * });
   */
  clearContext(): void;
  /**
   * Sets `err.context` to the flow's context (redacted and cut) plus `traceId`, `spanId`,
   * `spanPath` and `breadcrumbs`; keys already in `err.context` win. Returns the same
   * value; non-objects and frozen errors are returned unchanged.
   *
   * @example
   * throw telemetry.enrichError(new Error('card declined')); // err.context = { requestId, traceId, spanId, spanPath }
   */
  enrichError<E>(err: E): E;
  /**
   * Appends `{ message, data, at }` to the innermost scope's breadcrumbs (at most
   * `maxBreadcrumbs` per scope, oldest dropped and counted). Throws outside any scope.
   *
   * @example
   * telemetry.addBreadcrumb('cart loaded', { items: 3 });
   */
  addBreadcrumb(message: string, data?: Record<string, unknown>): void;
  /**
   * Enriches `err`, adds an `exception` event to the active span and executes
   * `['error','captured']` with `{ count: 1 }` and `{ error, errorType, ...metadata }`;
   * returns `err`.
   *
   * @example
   * try { await charge(); } catch (err) { telemetry.captureError(err, { retrying: true }); }
   */
  captureError<E>(err: E, metadata?: Record<string, unknown>): E;
  /**
   * `{ trace_id, span_id, ...context }` of the active flow, redacted and cut, for a
   * logger mixin; the ids only while a valid span is active, `{}` outside any flow.
   *
   * @example
   * const logger = pino({ mixin: () => telemetry.logFields() });
   */
  logFields(): Record<string, unknown>;
  /**
   * Writes W3C `traceparent`/`tracestate` of the active span and, for the
   * `errorContext.propagateKeys` the flow has, W3C `baggage` into `carrier`; returns it.
   *
   * @example
   * await fetch(url, { headers: telemetry.inject({}) });
   */
  inject<C extends Carrier>(carrier: C): C & InjectedHeaders;
  /**
   * Runs `fn` with the carrier's remote span as parent and a new scope holding the
   * propagated keys found in its `baggage`; malformed headers are ignored, never thrown.
   *
   * @example
   * http.createServer((req, res) => telemetry.extract(req.headers, () => handle(req, res)));
   */
  extract<T>(carrier: Carrier, fn: () => T): T;
}

export interface ErrorContextHealth {
  /** Breadcrumbs dropped because a scope already held `maxBreadcrumbs` (oldest go first). */
  breadcrumbsDropped: number;
  /** Errors that could not be enriched (frozen, sealed, or a `context` property that cannot be set). */
  enrichFailed: number;
  /** Keys left out of redacted copies because an object had more than `maxKeys`. */
  keysDropped: number;
  /** Strings cut to `maxValueLength` in redacted copies. */
  valuesCut: number;
}

export type { Breadcrumb };
