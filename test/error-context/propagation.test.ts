import { context, propagation, ROOT_CONTEXT } from '@opentelemetry/api';
import { W3CBaggagePropagator } from '@opentelemetry/core';
import { describe, expect, it } from 'vitest';
import { createHarness } from './harness.js';

describe('inject', () => {
  it('writes traceparent of the active span and baggage with only the propagated keys, percent-encoded', async () => {
    const { errors, spans } = createHarness({ propagateKeys: ['requestId', 'tenant', 'missing'] });
    await errors.withContext({ requestId: 'r 1/ä,x', tenant: 'acme', userEmail: 'ada@example.com' }, () =>
      spans.withSpan('call', (span) => {
        const carrier = errors.inject<Record<string, string>>({ existing: 'kept' });
        expect(carrier.existing).toBe('kept');
        expect(carrier.traceparent).toBe(`00-${span.traceId}-${span.spanId}-01`);
        expect(carrier.baggage).toBe(`requestId=${encodeURIComponent('r 1/ä,x')},tenant=acme`);
      }),
    );
  });

  it('writes no baggage when no key is configured, and only baggage outside a span', () => {
    const { errors } = createHarness({ propagateKeys: ['requestId'] });
    expect(errors.inject({})).toEqual({});
    expect(errors.withContext({ requestId: 'r1' }, () => errors.inject({}))).toEqual({ baggage: 'requestId=r1' });
    const none = createHarness().errors;
    expect(none.withContext({ requestId: 'r1' }, () => none.inject({}))).toEqual({});
  });

  it('does not forward OpenTelemetry baggage of the flow that is not in propagateKeys', () => {
    const { errors } = createHarness({ propagateKeys: ['requestId'] });
    const withForeign = propagation.setBaggage(ROOT_CONTEXT, propagation.createBaggage({ internal: { value: 'x' } }));
    const carrier = context.with(withForeign, () => errors.withContext({ requestId: 'r1' }, () => errors.inject({})));
    expect(carrier).toEqual({ baggage: 'requestId=r1' });
  });

  it('rejects a carrier that is not an object', () => {
    const { errors } = createHarness();
    expect(() => errors.inject('headers' as any)).toThrow(/inject\(carrier\): carrier must be an object/);
  });
});

describe('extract', () => {
  const traceId = '0af7651916cd43dd8448eb211c80319c';
  const spanId = 'b7ad6b7169203331';

  it('runs fn with the remote span as parent and the propagated keys in a new scope', async () => {
    const { errors, spans, exporter } = createHarness({ propagateKeys: ['requestId', 'tenant'] });
    const carrier = {
      traceparent: `00-${traceId}-${spanId}-01`,
      baggage: 'requestId=r%201,tenant=acme,userEmail=ada%40example.com',
    };
    const seen = await errors.extract(carrier, () =>
      spans.withSpan('handle', async () => {
        errors.setContext({ local: true });
        return { context: errors.getContext(), log: errors.logFields() };
      }),
    );
    const [span] = exporter.spans();
    expect(span?.spanContext().traceId).toBe(traceId);
    expect(span?.parentSpanContext?.spanId).toBe(spanId);
    expect(seen.context).toEqual({ requestId: 'r 1', tenant: 'acme', local: true });
    expect(seen.log).toMatchObject({ trace_id: traceId, requestId: 'r 1', tenant: 'acme' });
    expect(errors.getContext()).toEqual({});
  });

  it('reads header arrays and header names in any case', () => {
    const { errors } = createHarness({ propagateKeys: ['requestId', 'tenant'] });
    const seen = errors.extract(
      { Traceparent: [`00-${traceId}-${spanId}-01`, 'ignored'], BAGGAGE: ['requestId=r1', 'tenant=acme'] },
      () => ({ context: errors.getContext(), log: errors.logFields() }),
    );
    expect(seen.context).toEqual({ requestId: 'r1', tenant: 'acme' });
    expect(seen.log).toMatchObject({ trace_id: traceId, span_id: spanId });
  });

  it('ignores malformed traceparent and baggage without throwing', () => {
    const { errors } = createHarness({ propagateKeys: ['requestId'] });
    for (const carrier of [
      { traceparent: 'not-a-traceparent', baggage: 'requestId=%E0%A4%A' },
      { traceparent: `00-${'0'.repeat(32)}-${spanId}-01`, baggage: ';;;==,requestId' },
      { traceparent: `ff-${traceId}-${spanId}-01`, baggage: 'x'.repeat(10_000) },
    ]) {
      const seen = errors.extract(carrier, () => ({ context: errors.getContext(), log: errors.logFields() }));
      expect(seen).toEqual({ context: {}, log: {} });
    }
  });

  it('round-trips through inject, including values that need encoding', async () => {
    const sender = createHarness({ propagateKeys: ['requestId'] });
    const receiver = createHarness({ propagateKeys: ['requestId'] });
    const carrier = await sender.errors.withContext({ requestId: 'a=b; c,d%' }, () =>
      sender.spans.withSpan('send', () => sender.errors.inject({})),
    );
    // The header is what any W3C baggage reader sees.
    const decoded = propagation.getBaggage(new W3CBaggagePropagator().extract(ROOT_CONTEXT, carrier, { get: (c, k) => c[k], keys: Object.keys }));
    expect(decoded?.getEntry('requestId')?.value).toBe('a=b; c,d%');
    expect(receiver.errors.extract(carrier, () => receiver.errors.getContext())).toEqual({ requestId: 'a=b; c,d%' });
  });

  it('enriches errors escaping fn like withContext does', () => {
    const { errors } = createHarness({ propagateKeys: ['requestId'] });
    let thrown: any;
    try {
      errors.extract({ baggage: 'requestId=r9' }, () => {
        throw new Error('handler failed');
      });
    } catch (error) {
      thrown = error;
    }
    expect(thrown.context).toEqual({ requestId: 'r9' });
  });
});
