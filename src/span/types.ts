import type { Attributes, AttributeValue, Link, Span, SpanKind, SpanStatus } from '@opentelemetry/api';

/** Our view of one span: the OpenTelemetry span plus ending that can be counted. */
export interface SpanHandle {
  readonly name: string;
  readonly spanId: string;
  readonly traceId: string;
  /** The underlying OpenTelemetry span. */
  readonly otelSpan: Span;
  setAttribute(key: string, value: AttributeValue): this;
  setAttributes(attributes: Attributes): this;
  addEvent(name: string, attributes?: Attributes): this;
  addLink(link: Link): this;
  setStatus(status: SpanStatus): this;
  recordException(error: unknown): this;
  /** Ends the span; a second call is counted in `health().spans.doubleEnded`, never thrown. */
  end(): void;
  isEnded(): boolean;
  /** Runs `fn` with this span active. */
  run<T>(fn: () => T): T;
}

export interface SpanOptions {
  attributes?: Attributes;
  kind?: SpanKind;
  links?: Link[];
  /** Start a new trace, ignoring the active span. */
  root?: boolean;
}

export interface TracedOptions<Args extends unknown[]> {
  attributes?: Attributes | ((...args: Args) => Attributes);
  kind?: SpanKind;
  links?: Link[];
  root?: boolean;
}

export interface SpanStackEntry {
  name: string;
  spanId: string;
  traceId: string;
}

export interface SpansApi {
  /**
   * Runs `fn` in a new span, active for everything `fn` does, and returns what `fn`
   * returns. The span ends when a sync `fn` returns, when a returned promise or thenable
   * settles, or when a returned async iterable (given back wrapped) finishes, throws or is
   * abandoned. For a native promise the caller gets a new promise that settles with the
   * same value or reason once the span has ended, so a rejection nobody handles is still
   * reported as unhandled; any other thenable comes back as is. Failures are recorded
   * (`exception` event, status ERROR unless `fn` set one), the error is enriched, and the
   * same value is rethrown, whatever it is.
   *
   * @example
   * const total = await telemetry.withSpan('checkout.charge', { 'order.id': id }, async (span) => {
   *   span.setAttribute('amount', 42);
   *   return charge(id);
   * });
   */
  withSpan<T>(name: string, fn: (span: SpanHandle) => T): T;
  withSpan<T>(name: string, attributesOrOptions: Attributes | SpanOptions, fn: (span: SpanHandle) => T): T;
  /**
   * Wraps `fn` so that each call runs in `withSpan(name, ...)`, with the caller's `this`,
   * arguments and return value.
   *
   * @example
   * const fetchOrder = telemetry.traced('order.fetch', (id: string) => db.get(id), {
   *   attributes: (id) => ({ 'order.id': id }),
   * });
   */
  traced<Args extends unknown[], R, This = unknown>(
    name: string,
    fn: (this: This, ...args: Args) => R,
    options?: TracedOptions<Args>,
  ): (this: This, ...args: Args) => R;
  /**
   * Starts a span that is not active; `run(fn)` activates it, `end()` ends it.
   *
   * @example
   * const span = telemetry.startSpan('queue.consume', { queue: 'emails' });
   * span.run(() => handle(message));
   * span.end();
   */
  startSpan(name: string, attributesOrOptions?: Attributes | SpanOptions): SpanHandle;
  /**
   * The handle of the active span, or `undefined` outside any span.
   *
   * @example
   * telemetry.activeSpan()?.setAttribute('cache.hit', true);
   */
  activeSpan(): SpanHandle | undefined;
  /**
   * The spans of this async flow, root first: at most the innermost 128 (a deeper flow,
   * such as a poll loop re-arming itself inside `withSpan`, loses its oldest entries).
   *
   * @example
   * telemetry.spanStack().map((entry) => entry.name); // ['http.request', 'checkout.charge']
   */
  spanStack(): SpanStackEntry[];
  /**
   * The trace id of the active span, or `undefined`.
   *
   * @example
   * res.setHeader('x-trace-id', telemetry.currentTraceId() ?? '');
   */
  currentTraceId(): string | undefined;
}

export interface SpansHealth {
  started: number;
  ended: number;
  open: number;
  doubleEnded: number;
}
