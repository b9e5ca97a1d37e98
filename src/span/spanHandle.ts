import {
  diag,
  isSpanContextValid,
  ROOT_CONTEXT,
  SpanStatusCode,
  trace,
  type Attributes,
  type AttributeValue,
  type Context,
  type Link,
  type Span,
  type SpanStatus,
} from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { runInContext } from '../context/contextManager.js';
import { childScope, currentScope } from '../context/flowScope.js';
import { contextWithScope } from '../context/scopeContext.js';
import { errorMessage } from '../untrustedValue.js';
import { REDACTED, redactAttributes, type SecretKeyTest } from './attributeRedaction.js';
import { OpenSpanLink, type OpenSpans } from './openSpans.js';
import type { SpanEvents } from './spanEvents.js';
import { readStatus } from './spanStatus.js';
import type { SpanErrorHooks } from './spanSystem.js';
import type { SpanHandle } from './types.js';
import { assertFunction } from './spanArguments.js';

/** What every span of one instance shares: its accounting, its bus events, its error hooks. */
export interface SpanRuntime {
  readonly openSpans: OpenSpans<TrackedSpanHandle>;
  readonly spanEvents: SpanEvents;
  readonly errors: SpanErrorHooks;
  readonly isSecretKey: SecretKeyTest;
}

/** Attribute set on spans that were still open when the instance shut down. */
export const ABANDONED_ATTRIBUTE = 'telemetry.span.abandoned';

const OPEN = 0;
const ENDED = 1;
const ABANDONED = 2;

/**
 * A span started by this instance: counted while open, ended once, observable on the
 * bus. It is also the span frame of the flow scope it runs in, so `spanStack()` and
 * error context name it.
 */
export class TrackedSpanHandle extends OpenSpanLink implements SpanHandle {
  readonly name: string;
  readonly otelSpan: Span;
  readonly #runtime: SpanRuntime;
  /** Needed until the span's own context is built, then let go (see `context`). */
  #parentContext: Context;
  #context: Context | undefined;
  #state = OPEN;
  #statusSet = false;
  /** `spanEvents.now()` at start when the span's events were observed, else NaN. */
  #startedAt = Number.NaN;
  #parentSpanId: string | undefined;
  readonly #startAttributes: Attributes | undefined;

  constructor(runtime: SpanRuntime, name: string, otelSpan: Span, parentContext: Context, startAttributes: Attributes | undefined) {
    super();
    this.name = name;
    this.otelSpan = otelSpan;
    this.#runtime = runtime;
    this.#parentContext = parentContext;
    this.#startAttributes = startAttributes;
    runtime.openSpans.opened(this);
    if (runtime.spanEvents.observed()) this.#emitStart();
  }

  get spanId(): string {
    return this.otelSpan.spanContext().spanId;
  }

  get traceId(): string {
    return this.otelSpan.spanContext().traceId;
  }

  /** The context in which this span is active, with its own flow scope; built on first use. */
  get context(): Context {
    if (this.#context === undefined) {
      const parent = this.#parentContext;
      this.#context = contextWithScope(parent, childScope(currentScope(parent), this, undefined), this.otelSpan);
      // The span's context holds what it needs of the parent's. Keeping the parent too would
      // keep, in a flow that re-arms itself, every earlier context alive through each span.
      this.#parentContext = ROOT_CONTEXT;
    }
    return this.#context;
  }

  setAttribute(key: string, value: AttributeValue): this {
    const span = this.otelSpan;
    if (span.isRecording()) span.setAttribute(key, this.#runtime.isSecretKey(key) ? REDACTED : value);
    return this;
  }

  setAttributes(attributes: Attributes): this {
    const span = this.otelSpan;
    if (span.isRecording()) span.setAttributes(redactAttributes(attributes, this.#runtime.isSecretKey));
    return this;
  }

  addEvent(name: string, attributes?: Attributes): this {
    this.otelSpan.addEvent(name, attributes);
    return this;
  }

  addLink(link: Link): this {
    this.otelSpan.addLink(link);
    return this;
  }

  setStatus(status: SpanStatus): this {
    const read = readStatus(status);
    if (read === undefined) return this;
    if (read.code !== SpanStatusCode.UNSET) this.#statusSet = true;
    this.otelSpan.setStatus(read);
    return this;
  }

  /** Adds an `exception` event (with the error's context keys); the status is left alone. */
  recordException(error: unknown): this {
    if (this.otelSpan.isRecording()) this.otelSpan.addEvent('exception', this.#runtime.errors.exceptionAttributes(error));
    return this;
  }

  end(): void {
    if (this.#state === OPEN) this.#finish(undefined, false);
    else if (this.#state === ENDED) this.#runtime.openSpans.endedTwice();
    // A span abandoned at shutdown was ended for its owner; the owner's own end is not a double end.
  }

  isEnded(): boolean {
    return this.#state !== OPEN;
  }

  run<T>(fn: () => T): T {
    assertFunction(fn, 'fn', 'SpanHandle.run');
    return runInContext(this.context, fn);
  }

  /** Ends the span when the work it wraps is done; silent when the work ended it already. */
  endSettled(): void {
    if (this.#state === OPEN) this.#finish(undefined, false);
  }

  /**
   * The wrapped work failed with `error`: enriches the error in this span's context,
   * records it (`exception` event, status ERROR unless a status was set) and ends the span.
   */
  fail(error: unknown): void {
    const { errors } = this.#runtime;
    runInContext(this.context, errors.enrichEscaping, error);
    if (this.#state !== OPEN) return;
    const span = this.otelSpan;
    if (span.isRecording()) {
      span.addEvent('exception', errors.exceptionAttributes(error));
      if (!this.#statusSet && !statusSetOn(span)) span.setStatus({ code: SpanStatusCode.ERROR, message: errorMessage(error) });
    }
    this.#finish(error, true);
  }

  /** Ends a span still open at shutdown, marked so that it is exported rather than lost. */
  abandon(): void {
    if (this.#state !== OPEN) return;
    this.otelSpan.setAttribute(ABANDONED_ATTRIBUTE, true);
    this.otelSpan.setStatus({ code: SpanStatusCode.ERROR, message: 'span was still open at shutdown' });
    this.#finish(undefined, false);
    this.#state = ABANDONED;
  }

  #finish(error: unknown, failed: boolean): void {
    this.#state = ENDED;
    const { openSpans, spanEvents } = this.#runtime;
    const observedSince = this.#startedAt;
    const duration = observedSince === observedSince ? spanEvents.now() - observedSince : 0;
    // Accounting first: a span processor that throws must not leave the span counted open.
    openSpans.closed(this);
    endOtelSpan(this.otelSpan);
    // NaN: nobody listened when the span started, so there is no start to pair a stop with.
    if (observedSince !== observedSince) return;
    const attributes = (this.otelSpan as Partial<ReadableSpan>).attributes ?? this.#startAttributes;
    if (failed) spanEvents.exception(this, this.#parentSpanId, attributes, duration, error);
    else spanEvents.stop(this, this.#parentSpanId, attributes, duration);
  }

  #emitStart(): void {
    this.#startedAt = this.#runtime.spanEvents.now();
    // The parent context of a `root` span has no span (see startTrackedSpan).
    const parent = trace.getSpan(this.#parentContext)?.spanContext();
    this.#parentSpanId = parent && isSpanContextValid(parent) ? parent.spanId : undefined;
    this.#runtime.spanEvents.start(this, this.#parentSpanId, this.#startAttributes, this.#startedAt);
  }
}

/**
 * Ends the OpenTelemetry span. A span processor's `onEnd` runs inside `end()`; if it
 * throws, that must not replace `fn`'s result or error, nor become an unhandled rejection
 * when the span ends after a promise settled.
 */
function endOtelSpan(span: Span): void {
  try {
    span.end();
  } catch (error) {
    diag.error('foundation-telemetry: a span processor failed while ending a span', error);
  }
}

/** Whether `fn` set a status directly on the OpenTelemetry span (SDK spans expose it). */
function statusSetOn(span: Span): boolean {
  const status = (span as Partial<ReadableSpan>).status;
  return status !== undefined && status.code !== SpanStatusCode.UNSET;
}
