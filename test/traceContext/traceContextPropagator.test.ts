import { ROOT_CONTEXT, trace, type TextMapGetter, type TextMapSetter } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import { describe, expect, it } from 'vitest';
import { TraceContextPropagator } from '../../src/traceContext/traceContextPropagator.js';

type Headers = Record<string, string | string[] | undefined>;
const getter: TextMapGetter<Headers> = { keys: Object.keys, get: (carrier, key) => carrier[key] };
const setter: TextMapSetter<Headers> = { set: (carrier, key, value) => void (carrier[key] = value) };

describe('TraceContextPropagator', () => {
  const propagator = new TraceContextPropagator();
  const spanContext = { traceId: '12345678901234567890123456789012', spanId: '1234567890123456', traceFlags: 0 };

  it('names the headers it reads and writes', () => {
    expect(propagator.fields()).toEqual(['traceparent', 'tracestate']);
  });

  it('writes the trace flags as two hex digits, and nothing when tracing is suppressed or the context is invalid', () => {
    const carrier: Headers = {};
    propagator.inject(trace.setSpanContext(ROOT_CONTEXT, spanContext), carrier, setter);
    expect(carrier).toEqual({ traceparent: `00-${spanContext.traceId}-${spanContext.spanId}-00` });

    const suppressed: Headers = {};
    propagator.inject(suppressTracing(trace.setSpanContext(ROOT_CONTEXT, spanContext)), suppressed, setter);
    propagator.inject(trace.setSpanContext(ROOT_CONTEXT, { ...spanContext, traceId: '0'.repeat(32) }), suppressed, setter);
    propagator.inject(ROOT_CONTEXT, suppressed, setter);
    expect(suppressed).toEqual({});
  });

  it('reads the first traceparent of an array and a remote parent with its tracestate', () => {
    const extracted = propagator.extract(
      ROOT_CONTEXT,
      { traceparent: [`00-${spanContext.traceId}-${spanContext.spanId}-01`, 'ignored'], tracestate: ['a=1', 'b=2'] },
      getter,
    );
    const remote = trace.getSpanContext(extracted);
    expect(remote).toMatchObject({ ...spanContext, traceFlags: 1, isRemote: true });
    expect(remote?.traceState?.serialize()).toBe('a=1,b=2');
    expect(propagator.extract(ROOT_CONTEXT, { traceparent: 'nonsense', tracestate: 'a=1' }, getter)).toBe(ROOT_CONTEXT);
  });
});
