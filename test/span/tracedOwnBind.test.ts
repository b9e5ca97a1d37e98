import { describe, expect, it } from 'vitest';
import { make } from '../support/testInstances.js';

describe('traced and withSpan with functions that have a `bind` of their own', () => {
  it('calls a traced method with its `this`, never calling the function object\'s own `bind` (an Express app has one)', () => {
    const t = make();
    const handler = Object.assign(
      function (this: { prefix: string }, id: string) {
        return `${this.prefix}${id}`;
      },
      {
        bind() {
          throw new Error('the function object\'s own bind was called');
        },
      },
    );
    const service = { prefix: 'order-', load: t.traced('orders.load', handler) };
    expect(service.load('7')).toBe('order-7');
    expect(t.spans().map((span) => span.name)).toEqual(['orders.load']);
  });
});
