import {
  isSpanContextValid,
  trace,
  type Context,
  type TextMapGetter,
  type TextMapPropagator,
  type TextMapSetter,
} from '@opentelemetry/api';
import { isTracingSuppressed, parseTraceParent, TRACE_PARENT_HEADER, TRACE_STATE_HEADER } from '@opentelemetry/core';
import { parseTraceState } from './parseTraceState.js';

/** Two lowercase hex digits of the trace flags. */
function flagsHex(traceFlags: number): string {
  return (traceFlags & 0xff).toString(16).padStart(2, '0');
}

/**
 * W3C Trace Context propagation (`traceparent` and `tracestate`). `traceparent` is read as
 * `@opentelemetry/core`'s `W3CTraceContextPropagator` reads it; `tracestate` follows the
 * current W3C grammar and is kept whole or dropped whole (see `parseTraceState`), carried on
 * the span context as a `TraceStateList`. An invalid `tracestate` never invalidates a valid
 * `traceparent`, and `tracestate` is only read when `traceparent` is valid.
 */
export class TraceContextPropagator implements TextMapPropagator {
  inject(context: Context, carrier: unknown, setter: TextMapSetter): void {
    const spanContext = trace.getSpanContext(context);
    if (spanContext === undefined || isTracingSuppressed(context) || !isSpanContextValid(spanContext)) return;
    setter.set(carrier, TRACE_PARENT_HEADER, `00-${spanContext.traceId}-${spanContext.spanId}-${flagsHex(spanContext.traceFlags)}`);
    // An empty list is not sent: the spec asks senders to avoid empty `tracestate` headers.
    const traceState = spanContext.traceState?.serialize();
    if (traceState) setter.set(carrier, TRACE_STATE_HEADER, traceState);
  }

  extract(context: Context, carrier: unknown, getter: TextMapGetter): Context {
    const header = getter.get(carrier, TRACE_PARENT_HEADER);
    const traceParent = Array.isArray(header) ? header[0] : header;
    if (typeof traceParent !== 'string') return context;
    const spanContext = parseTraceParent(traceParent);
    if (spanContext === null) return context;
    spanContext.isRemote = true;
    const traceState = parseTraceState(getter.get(carrier, TRACE_STATE_HEADER));
    if (traceState !== undefined) spanContext.traceState = traceState;
    return trace.setSpanContext(context, spanContext);
  }

  fields(): string[] {
    return [TRACE_PARENT_HEADER, TRACE_STATE_HEADER];
  }
}
