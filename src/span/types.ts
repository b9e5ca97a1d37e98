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
  root?: boolean;
}

export interface SpanStackEntry {
  name: string;
  spanId: string;
  traceId: string;
}

export interface SpansApi {
  withSpan<T>(name: string, fn: (span: SpanHandle) => T): T;
  withSpan<T>(name: string, attributesOrOptions: Attributes | SpanOptions, fn: (span: SpanHandle) => T): T;
  traced<Args extends unknown[], R, This = unknown>(
    name: string,
    fn: (this: This, ...args: Args) => R,
    options?: TracedOptions<Args>,
  ): (this: This, ...args: Args) => R;
  startSpan(name: string, attributesOrOptions?: Attributes | SpanOptions): SpanHandle;
  activeSpan(): SpanHandle | undefined;
  spanStack(): SpanStackEntry[];
  currentTraceId(): string | undefined;
}

export interface SpansHealth {
  started: number;
  ended: number;
  open: number;
  doubleEnded: number;
}
