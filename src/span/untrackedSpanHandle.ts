import {
  context as contextApi,
  trace,
  type Attributes,
  type AttributeValue,
  type Link,
  type Span,
  type SpanStatus,
} from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { REDACTED, redactAttributes, type SecretKeyTest } from './attributeRedaction.js';
import { readStatus } from './spanStatus.js';
import type { SpanErrorHooks } from './spanSystem.js';
import type { SpanHandle } from './types.js';
import { assertFunction } from './spanArguments.js';

/**
 * A handle on a span this instance does not account for: the active span of another
 * instrumentation, or the no-op span handed out after `stop()`. Its calls go straight
 * to the OpenTelemetry span (secret attribute values redacted); nothing is counted or emitted.
 */
export class UntrackedSpanHandle implements SpanHandle {
  readonly name: string;
  readonly otelSpan: Span;
  readonly #errors: SpanErrorHooks;
  readonly #isSecretKey: SecretKeyTest;
  #ended = false;

  constructor(otelSpan: Span, errors: SpanErrorHooks, isSecretKey: SecretKeyTest, name?: string) {
    this.otelSpan = otelSpan;
    this.#errors = errors;
    this.#isSecretKey = isSecretKey;
    this.name = name ?? (otelSpan as Partial<ReadableSpan>).name ?? '';
  }

  get spanId(): string {
    return this.otelSpan.spanContext().spanId;
  }

  get traceId(): string {
    return this.otelSpan.spanContext().traceId;
  }

  setAttribute(key: string, value: AttributeValue): this {
    this.otelSpan.setAttribute(key, this.#isSecretKey(key) ? REDACTED : value);
    return this;
  }

  setAttributes(attributes: Attributes): this {
    this.otelSpan.setAttributes(redactAttributes(attributes, this.#isSecretKey));
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
    if (read !== undefined) this.otelSpan.setStatus(read);
    return this;
  }

  recordException(error: unknown): this {
    if (this.otelSpan.isRecording()) this.otelSpan.addEvent('exception', this.#errors.exceptionAttributes(error));
    return this;
  }

  end(): void {
    if (this.#ended) return;
    this.#ended = true;
    this.otelSpan.end();
  }

  isEnded(): boolean {
    return this.#ended || (this.otelSpan as Partial<ReadableSpan>).ended === true;
  }

  run<T>(fn: () => T): T {
    assertFunction(fn, 'fn', 'SpanHandle.run');
    // The no-op span after `stop()` has nothing to propagate.
    if (!trace.isSpanContextValid(this.otelSpan.spanContext())) return fn();
    return contextApi.with(trace.setSpan(contextApi.active(), this.otelSpan), fn);
  }
}
