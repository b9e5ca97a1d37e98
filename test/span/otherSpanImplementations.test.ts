import {
  context,
  SpanStatusCode,
  trace,
  type Attributes,
  type AttributeValue,
  type Link,
  type Span,
  type SpanContext,
  type SpanStatus,
  type Tracer,
  type TracerProvider,
} from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';
import { createTelemetry, type Telemetry } from '../../src/index.js';

/**
 * A span of a tracer that is not the OpenTelemetry SDK's: it exposes none of the SDK's
 * readable fields (`name`, `status`, `ended`), and it writes down every call it gets.
 */
class PlainSpan implements Span {
  readonly calls: string[] = [];
  ends = 0;
  readonly #context: SpanContext;
  readonly #recording: boolean;

  constructor(recording: boolean, spanId: string) {
    this.#recording = recording;
    this.#context = { traceId: '0af7651916cd43dd8448eb211c80319c', spanId, traceFlags: recording ? 1 : 0 };
  }

  spanContext(): SpanContext {
    return this.#context;
  }
  setAttribute(key: string, _value: AttributeValue): this {
    this.calls.push(`setAttribute ${key}`);
    return this;
  }
  setAttributes(attributes: Attributes): this {
    this.calls.push(`setAttributes ${Object.keys(attributes).join(',')}`);
    return this;
  }
  addEvent(name: string): this {
    this.calls.push(`addEvent ${name}`);
    return this;
  }
  addLink(_link: Link): this {
    this.calls.push('addLink');
    return this;
  }
  addLinks(_links: Link[]): this {
    this.calls.push('addLinks');
    return this;
  }
  setStatus(status: SpanStatus): this {
    this.calls.push(`setStatus ${SpanStatusCode[status.code]}`);
    return this;
  }
  updateName(name: string): this {
    this.calls.push(`updateName ${name}`);
    return this;
  }
  end(): void {
    this.ends += 1;
  }
  isRecording(): boolean {
    return this.#recording;
  }
  recordException(): void {
    this.calls.push('recordException');
  }
}

/** A tracer provider whose spans are `PlainSpan`s, recording or not. */
function plainProvider(recording: boolean): { provider: TracerProvider; started: PlainSpan[] } {
  const started: PlainSpan[] = [];
  const startSpan = (): PlainSpan => {
    const span = new PlainSpan(recording, (started.length + 1).toString(16).padStart(16, '0'));
    started.push(span);
    return span;
  };
  const tracer = { startSpan, startActiveSpan: () => undefined } as unknown as Tracer;
  return { provider: { getTracer: () => tracer }, started };
}

const owned: Telemetry[] = [];
afterEach(async () => {
  await Promise.all(owned.splice(0).map((telemetry) => telemetry.shutdown({ timeoutMs: 200 })));
});

function telemetryOn(recording: boolean): { t: Telemetry; started: PlainSpan[] } {
  const { provider, started } = plainProvider(recording);
  const t = createTelemetry({ tracerProvider: provider, flushOnExit: false });
  owned.push(t);
  return { t, started };
}

describe('spans of a tracer provider other than the OpenTelemetry SDK', () => {
  it('a failure marks the span ERROR and the caller gets its own error', () => {
    const { t, started } = telemetryOn(true);
    const error = new Error('declined');
    expect(() =>
      t.withSpan('charge', () => {
        throw error;
      }),
    ).toThrow(error);
    expect(started[0]?.calls).toEqual(['addEvent exception', 'setStatus ERROR']);
    expect(started[0]?.ends).toBe(1);
  });

  it.each([
    ['OK', SpanStatusCode.OK, ['setStatus OK', 'addEvent exception']],
    ['ERROR', SpanStatusCode.ERROR, ['setStatus ERROR', 'addEvent exception']],
    ['UNSET (then the failure sets ERROR)', SpanStatusCode.UNSET, ['setStatus UNSET', 'addEvent exception', 'setStatus ERROR']],
  ])('a status %s set through the handle before a failure is kept', (_status, code, calls) => {
    const { t, started } = telemetryOn(true);
    expect(() =>
      t.withSpan('refund', (span) => {
        span.setStatus({ code });
        throw new Error('after the status');
      }),
    ).toThrow('after the status');
    expect(started[0]?.calls).toEqual(calls);
  });

  it('nothing is written to a span that does not record, through the handle or on failure', () => {
    const { t, started } = telemetryOn(false);
    expect(() =>
      t.withSpan('sampled.out', (span) => {
        span.setAttribute('route', '/pay').setAttributes({ step: 1 }).recordException(new Error('noted'));
        throw new Error('failed');
      }),
    ).toThrow('failed');
    expect(started[0]?.calls).toEqual([]);
    expect(started[0]?.ends).toBe(1);
  });
});

describe('the handle activeSpan() gives on a span of another tracer', () => {
  function handleOn(span: PlainSpan) {
    const { t } = telemetryOn(true);
    const handle = context.with(trace.setSpan(context.active(), span), () => t.activeSpan());
    if (handle === undefined) throw new Error('no handle for the active span');
    return handle;
  }

  it('has an empty name when the span exposes none', () => {
    expect(handleOn(new PlainSpan(true, 'a'.repeat(16))).name).toBe('');
  });

  it('ends the span once, and knows it ended', () => {
    const span = new PlainSpan(true, 'b'.repeat(16));
    const handle = handleOn(span);
    handle.end();
    expect(handle.isEnded()).toBe(true);
    handle.end();
    expect(span.ends).toBe(1);
  });

  it('records an exception only on a span that records', () => {
    const recording = new PlainSpan(true, 'c'.repeat(16));
    const notRecording = new PlainSpan(false, 'd'.repeat(16));
    handleOn(recording).recordException(new Error('seen'));
    handleOn(notRecording).recordException(new Error('unseen'));
    expect(recording.calls).toEqual(['addEvent exception']);
    expect(notRecording.calls).toEqual([]);
  });
});
