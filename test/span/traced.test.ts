import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { createHarness, tick } from './harness.js';

describe('traced', () => {
  it('keeps this, arguments and the return value, and runs each call in a span', () => {
    const harness = createHarness();
    const account = {
      balance: 10,
      deposit: undefined as unknown as (amount: number, note: string) => string,
    };
    account.deposit = harness.spans.traced('account.deposit', function (this: typeof account, amount: number, note: string) {
      this.balance += amount;
      return `${note}:${this.balance}:${harness.spans.activeSpan()?.name}`;
    });
    expect(account.deposit(5, 'first')).toBe('first:15:account.deposit');
    expect(account.deposit(1, 'second')).toBe('second:16:account.deposit');
    expect(harness.finished().map((span) => span.name)).toEqual(['account.deposit', 'account.deposit']);
  });

  it('keeps the name and length of the wrapped function', () => {
    const { spans } = createHarness();
    function chargeCard(_id: string, _amount: number, _currency?: string): void {}
    const wrapped = spans.traced('charge', chargeCard);
    expect(wrapped.name).toBe('chargeCard');
    expect(wrapped.length).toBe(chargeCard.length);
  });

  it('does not depend on fn.length: rest parameters and extra arguments pass through', () => {
    const { spans } = createHarness();
    const sum = spans.traced('sum', (...values: number[]) => values.reduce((total, value) => total + value, 0));
    expect(sum.length).toBe(0);
    expect(sum(1, 2, 3, 4)).toBe(10);
  });

  it('computes attributes from the arguments of each call, with kind, links and root', async () => {
    const harness = createHarness();
    const cause = harness.spans.startSpan('cause');
    cause.end();
    const fetchOrder = harness.spans.traced('order.fetch', async (id: string) => ({ id }), {
      attributes: (id) => ({ 'order.id': id }),
      kind: SpanKind.CLIENT,
      links: [{ context: cause.otelSpan.spanContext() }],
      root: true,
    });
    let outerTraceId = '';
    const orders = await harness.spans.withSpan('request', (outer) => {
      outerTraceId = outer.traceId;
      return Promise.all([fetchOrder('a'), fetchOrder('b')]);
    });
    expect(orders).toEqual([{ id: 'a' }, { id: 'b' }]);
    await tick();
    const spans = harness.finished().filter((span) => span.name === 'order.fetch');
    expect(spans.map((span) => span.attributes['order.id']).sort()).toEqual(['a', 'b']);
    for (const span of spans) {
      expect(span.kind).toBe(SpanKind.CLIENT);
      expect(span.parentSpanContext).toBeUndefined();
      expect(span.spanContext().traceId).not.toBe(outerTraceId);
      expect(span.links.map((link) => link.context.spanId)).toEqual([cause.spanId]);
    }
  });

  it('takes links, like withSpan', () => {
    const harness = createHarness();
    const cause = harness.spans.startSpan('cause');
    cause.end();
    const handle = harness.spans.traced('linked', (n: number) => n + 1, { links: [{ context: cause.otelSpan.spanContext() }] });
    expect(handle(1)).toBe(2);
    expect(harness.finishedNamed('linked').links.map((link) => link.context.spanId)).toEqual([cause.spanId]);
    expect(() => harness.spans.traced('x', () => 1, { links: 'no' as never })).toThrow(/options.links must be an array/);
  });

  it('takes fixed attributes and root', () => {
    const harness = createHarness();
    const job = harness.spans.traced('job', () => harness.spans.activeSpan()?.traceId, { attributes: { queue: 'q1' }, root: true });
    harness.spans.withSpan('outer', (outer) => {
      expect(job()).not.toBe(outer.traceId);
    });
    expect(harness.finishedNamed('job').attributes).toEqual({ queue: 'q1' });
    expect(harness.finishedNamed('job').parentSpanContext).toBeUndefined();
  });

  it('an attributes function that throws costs the span its attributes, never the call', () => {
    const harness = createHarness();
    const wrapped = harness.spans.traced('fragile', (value: number) => value * 2, {
      attributes: () => {
        throw new Error('attribute bug');
      },
    });
    expect(wrapped(21)).toBe(42);
    expect(harness.finishedNamed('fragile').attributes).toEqual({});
  });

  it('records failures like withSpan and rethrows the same error', async () => {
    const harness = createHarness();
    const error = new Error('no stock');
    const reserve = harness.spans.traced('reserve', async () => {
      throw error;
    });
    await expect(reserve()).rejects.toBe(error);
    await tick();
    expect(harness.finishedNamed('reserve').status).toEqual({ code: SpanStatusCode.ERROR, message: 'no stock' });
  });

  it('rejects bad arguments with a TypeError', () => {
    const { spans } = createHarness();
    expect(() => spans.traced('', () => 1)).toThrow(/name must be a non-empty string/);
    expect(() => spans.traced('x', 5 as unknown as () => void)).toThrow(/fn must be a function, got 5/);
    expect(() => spans.traced('x', () => 1, { root: 'yes' as unknown as boolean })).toThrow(/options.root must be a boolean/);
    expect(() => spans.traced('x', () => 1, { attributes: 3 as never })).toThrow(/options.attributes must be/);
  });
});
