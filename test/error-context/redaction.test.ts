import { describe, expect, it } from 'vitest';
import { createHarness } from './harness.js';

describe('redaction and limits', () => {
  it('redacts password, Authorization, apiKey variants and a custom RegExp, case-insensitively', () => {
    const { errors } = createHarness({
      redact: ['password', 'authorization', 'api key', /^ssn$/i, /card/g],
    });
    const err = errors.withContext(
      {
        password: 'hunter2',
        userPassword: 'x',
        Authorization: 'Bearer abc',
        apiKey: 'k1',
        api_key: 'k2',
        'X-Api-Key': 'k3',
        SSN: '123-45-6789',
        ssnHint: 'kept',
        cardNumber: '4111',
        giftcard: '9',
        Cardholder: 'Ada',
        requestId: 'r1',
      },
      () => errors.enrichError(new Error('x')),
    );
    expect((err as any).context).toEqual({
      password: '[REDACTED]',
      userPassword: '[REDACTED]',
      Authorization: '[REDACTED]',
      apiKey: '[REDACTED]',
      api_key: '[REDACTED]',
      'X-Api-Key': '[REDACTED]',
      SSN: '[REDACTED]',
      ssnHint: 'kept',
      cardNumber: '[REDACTED]',
      giftcard: '[REDACTED]',
      Cardholder: 'Ada', // RegExps are tested as given: /card/ is case-sensitive
      requestId: 'r1',
    });
  });

  it('uses the default list: secret, token, cookie, passwd', () => {
    const { errors } = createHarness();
    const fields = errors.withContext(
      { clientSecret: 's', accessToken: 't', Cookie: 'c', passwd: 'p', user: 'ada' },
      () => errors.logFields(),
    );
    expect(fields).toEqual({ clientSecret: '[REDACTED]', accessToken: '[REDACTED]', Cookie: '[REDACTED]', passwd: '[REDACTED]', user: 'ada' });
  });

  it('redacts nested keys without changing the context itself', () => {
    const { errors } = createHarness();
    errors.withContext({ request: { headers: { authorization: 'Bearer abc', host: 'a' } } }, () => {
      const err = errors.enrichError(new Error('x')) as any;
      expect(err.context.request).toEqual({ headers: { authorization: '[REDACTED]', host: 'a' } });
      expect(errors.getContext()).toEqual({ request: { headers: { authorization: 'Bearer abc', host: 'a' } } });
    });
  });

  it('cuts a 1 MB string to maxValueLength and counts it', () => {
    const { errors } = createHarness();
    const huge = 'x'.repeat(1024 * 1024);
    const err = errors.withContext({ body: huge }, () => errors.enrichError(new Error('x'))) as any;
    expect(err.context.body).toBe(huge.slice(0, 1024));
    expect(errors.health().valuesCut).toBe(1);
  });

  it('never splits a surrogate pair when cutting', () => {
    const { errors } = createHarness({ maxValueLength: 4 });
    const fields = errors.withContext({ text: 'abc😀def' }, () => errors.logFields());
    expect(fields.text).toBe('abc');
  });

  it('keeps at most maxKeys keys and counts the rest', () => {
    const { errors } = createHarness({ maxKeys: 3 });
    const fields = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`k${i}`, i]));
    const err = errors.withContext(fields, () => errors.enrichError(new Error('x'))) as any;
    expect(err.context).toEqual({ k0: 0, k1: 1, k2: 2 });
    expect(errors.health().keysDropped).toBe(7);
  });

  it('survives circular values, BigInt, symbols, functions, dates and throwing getters', () => {
    const { errors } = createHarness();
    const circular: Record<string, unknown> = { name: 'loop' };
    circular.self = circular;
    const shared = { id: 1 };
    const hostile = Object.defineProperty({}, 'boom', {
      enumerable: true,
      get() {
        throw new Error('getter');
      },
    });
    const at = new Date(0);
    const err = errors.withContext(
      { circular, pair: [shared, shared], amount: 12345678901234567890n, tag: Symbol('t'), fn: function handler() {}, at, hostile },
      () => errors.enrichError(new Error('x')),
    ) as any;
    expect(err.context).toEqual({
      circular: { name: 'loop', self: '[Circular]' },
      pair: [{ id: 1 }, { id: 1 }],
      amount: '12345678901234567890',
      tag: 'Symbol(t)',
      fn: '[Function handler]',
      at: new Date(0),
      hostile: { boom: '[Unreadable]' },
    });
    expect(() => JSON.stringify(err.context)).not.toThrow();
  });

  it('cuts very deep nesting', () => {
    const { errors } = createHarness();
    let deep: Record<string, unknown> = { leaf: true };
    for (let i = 0; i < 20; i += 1) deep = { next: deep };
    const fields = errors.withContext({ deep }, () => errors.logFields());
    expect(JSON.stringify(fields)).toContain('[MaxDepth]');
  });

  it('applies to breadcrumb data and log fields too', () => {
    const { errors } = createHarness({ maxValueLength: 5 });
    errors.withContext({ token: 't', note: 'a long note' }, () => {
      errors.addBreadcrumb('login', { password: 'p', user: 'ada lovelace' });
      expect(errors.logFields()).toEqual({ token: '[REDACTED]', note: 'a lon' });
      const err = errors.enrichError(new Error('x')) as any;
      expect(err.context.breadcrumbs[0].data).toEqual({ password: '[REDACTED]', user: 'ada l' });
    });
  });
});

describe('a redact entry made only of separators', () => {
  it('redacts nothing, instead of matching every key', () => {
    const { errors } = createHarness({ redact: ['-', ' _ '], redactDefaults: false });
    const err = errors.withContext({ requestId: 'r1', userId: 'u1' }, () => errors.enrichError(new Error('x')));
    expect((err as { context?: unknown }).context).toEqual({ requestId: 'r1', userId: 'u1' });
  });
});
