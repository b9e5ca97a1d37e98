import { defaultTextMapGetter, propagation, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';
import { createTelemetry, type Telemetry } from '../../src/index.js';

let telemetry: Telemetry | undefined;
afterEach(async () => {
  await telemetry?.shutdown();
  telemetry = undefined;
});

describe('the global propagator registered with registerGlobal', () => {
  it('reads tracestate as inject/extract do: keys with @ kept, an invalid list dropped whole', () => {
    telemetry = createTelemetry({ registerGlobal: true, flushOnExit: false });
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const valid = propagation.extract(ROOT_CONTEXT, { traceparent, tracestate: 'foo@=1,bar=2' }, defaultTextMapGetter);
    expect(trace.getSpanContext(valid)?.traceState?.serialize()).toBe('foo@=1,bar=2');
    const invalid = propagation.extract(ROOT_CONTEXT, { traceparent, tracestate: 'bar=2,@foo=1' }, defaultTextMapGetter);
    expect(trace.getSpanContext(invalid)?.spanId).toBe('b7ad6b7169203331');
    expect(trace.getSpanContext(invalid)?.traceState).toBeUndefined();
  });
});
