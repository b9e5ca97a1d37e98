import { afterEach, describe, expect, it } from 'vitest';
import { createTestTelemetry, type TestTelemetry } from '../../src/testing/index.js';

describe('span attributes under errorContext.redact, through createTelemetry', () => {
  let telemetry: TestTelemetry | undefined;
  afterEach(async () => {
    await telemetry?.shutdown();
  });

  function attributesOf(t: TestTelemetry, name: string): Record<string, unknown> {
    const span = t.spans().find((s) => s.name === name);
    expect(span, `span ${name} was exported`).toBeDefined();
    return { ...span?.attributes };
  }

  it('hides default secret keys set at start, by setAttribute and by setAttributes', () => {
    telemetry = createTestTelemetry();
    const t = telemetry;
    t.withSpan('login', { attributes: { 'user.id': 'u1', password: 'hunter2' } }, (span) => {
      span.setAttribute('auth.token', 'abc');
      span.setAttribute('http.method', 'POST');
      span.setAttributes({ 'Api-Key': 'k', cookie: 'c', retries: 2 });
    });
    expect(attributesOf(t, 'login')).toEqual({
      'user.id': 'u1',
      password: '[REDACTED]',
      'auth.token': '[REDACTED]',
      'http.method': 'POST',
      'Api-Key': '[REDACTED]',
      cookie: '[REDACTED]',
      retries: 2,
    });
  });

  it('follows a configured redact list (strings and RegExps) for withSpan attributes, startSpan and traced', () => {
    telemetry = createTestTelemetry({ errorContext: { redact: ['card number', /^ssn$/i] } });
    const t = telemetry;
    t.withSpan('pay', { cardNumber: '4111', SSN: '123', password: 'p' }, () => undefined);
    t.startSpan('manual', { card_number: '4111', amount: 5 }).end();
    const charge = t.traced('charge', (ssn: string) => ssn.length, { attributes: (ssn) => ({ ssn, region: 'eu' }) });
    expect(charge('123-45')).toBe(6);

    // The configured patterns add to the defaults: `password` stays secret.
    expect(attributesOf(t, 'pay')).toEqual({ cardNumber: '[REDACTED]', SSN: '[REDACTED]', password: '[REDACTED]' });
    expect(attributesOf(t, 'manual')).toEqual({ card_number: '[REDACTED]', amount: 5 });
    expect(attributesOf(t, 'charge')).toEqual({ ssn: '[REDACTED]', region: 'eu' });
  });

  it('drops the defaults with redactDefaults: false, keeping only the configured patterns', () => {
    telemetry = createTestTelemetry({ errorContext: { redact: ['card number'], redactDefaults: false } });
    telemetry.withSpan('pay', { cardNumber: '4111', password: 'p' }, () => undefined);
    expect(attributesOf(telemetry, 'pay')).toEqual({ cardNumber: '[REDACTED]', password: 'p' });
  });

  it('leaves the caller\'s attribute object untouched', () => {
    telemetry = createTestTelemetry();
    const attributes = { token: 't', route: '/login' };
    telemetry.withSpan('request', attributes, () => undefined);
    expect(attributes).toEqual({ token: 't', route: '/login' });
    expect(attributesOf(telemetry, 'request')).toEqual({ token: '[REDACTED]', route: '/login' });
  });
});
