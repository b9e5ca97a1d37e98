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

  it('prefers the header named exactly over one that differs only in case', () => {
    const { errors } = createHarness();
    const otherTrace = '11111111111111111111111111111111';
    const seen = errors.extract(
      { Traceparent: `00-${otherTrace}-${spanId}-01`, traceparent: `00-${traceId}-${spanId}-01` },
      () => errors.logFields(),
    );
    expect(seen).toEqual({ trace_id: traceId, span_id: spanId });
  });

  it('runs fn without a remote parent when reading the traceparent header throws, keeping the propagated keys', () => {
    const { errors } = createHarness({ propagateKeys: ['requestId'] });
    const carrier = {
      get traceparent(): string {
        throw new Error('header getter failed');
      },
      baggage: 'requestId=r1',
    };
    const seen = errors.extract(carrier, () => ({ context: errors.getContext(), log: errors.logFields() }));
    expect(seen).toEqual({ context: { requestId: 'r1' }, log: { requestId: 'r1' } });
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

describe('inject: header limits and types', () => {
  it('types the injected headers, so inject({}).traceparent needs no cast', () => {
    const { errors, spans } = createHarness();
    const headers = spans.withSpan('call', () => errors.inject({}));
    const traceparent: string | undefined = headers.traceparent;
    expect(traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
  });

  it('cuts a value whose percent-encoded form would exceed the W3C entry limit, rather than drop the key', () => {
    const { errors } = createHarness({ propagateKeys: ['requestId', 'note'] });
    // 1,000 'ä' encode to 6,000 characters: beyond the 4,096 a baggage entry may have.
    const note = 'ä'.repeat(1000);
    const carrier = errors.withContext({ requestId: 'r1', note }, () => errors.inject({}));
    const entries = (carrier.baggage ?? '').split(',');
    const noteEntry = entries.find((entry) => entry.startsWith('note='));
    expect(noteEntry).toBeDefined();
    expect(noteEntry?.length).toBeLessThanOrEqual(4096);
    const received = createHarness({ propagateKeys: ['requestId', 'note'] }).errors;
    const seen = received.extract(carrier, () => received.getContext());
    expect(seen.requestId).toBe('r1');
    expect(note.startsWith(String(seen.note))).toBe(true);
    expect(String(seen.note).length).toBeGreaterThan(600);
  });

  it('fills the W3C total header limit in propagateKeys order, cutting the value that reaches it', () => {
    const keys = Array.from({ length: 4 }, (_, i) => `k${i}`);
    const { errors } = createHarness({ propagateKeys: keys });
    const fields = Object.fromEntries(keys.map((key) => [key, '%'.repeat(1000)]));
    const carrier = errors.withContext(fields, () => errors.inject({}));
    // Each value encodes to 3,000 characters: four of them would be 12,000 > 8,192.
    expect(carrier.baggage?.length).toBe(8192);
    const received = createHarness({ propagateKeys: keys }).errors;
    const seen = received.extract(carrier, () => received.getContext());
    expect(Object.keys(seen)).toEqual(['k0', 'k1', 'k2']);
    expect(seen.k1).toBe('%'.repeat(1000));
    expect(String(seen.k2).length).toBe((8192 - 2 * 3003 - 2 - 3) / 3);
  });

  it('sends a value with a lone surrogate (U+FFFD in its place) along with the other keys', () => {
    const { errors } = createHarness({ propagateKeys: ['requestId', 'note'] });
    const carrier = errors.withContext({ requestId: 'r1', note: 'a\uD800b' }, () => errors.inject({}));
    const received = createHarness({ propagateKeys: ['requestId', 'note'] }).errors;
    expect(received.extract(carrier, () => received.getContext())).toEqual({ requestId: 'r1', note: 'a\uFFFDb' });
  });
});
