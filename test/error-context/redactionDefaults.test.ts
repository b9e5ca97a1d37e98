import { describe, expect, it } from 'vitest';
import '../../src/testing/vitest.js';
import { make } from '../support/testInstances.js';

type Enriched = Error & { context?: Record<string, unknown> };

/** Keys the default list hides, as applications spell them. */
const SECRET_KEYS = [
  'password',
  'userPwd',
  'passphrase',
  'aws.secret',
  'accessToken',
  'Authorization',
  'set-cookie',
  'api.key',
  'X-Api-Key',
  'privateKey',
  'private_key',
  'dbCredentials',
  'sessionId',
  'session.id',
  'jwt',
  'bearerToken',
] as const;

const secretFields = (): Record<string, string> => Object.fromEntries(SECRET_KEYS.map((key) => [key, `value-of-${key}`]));

/** Every output a context value can reach, as one JSON text per output. */
function everyOutput(redact?: RegExp[]): Record<string, string> {
  const t = make({ errorContext: { redact, propagateKeys: [...SECRET_KEYS, 'requestId'] } });
  const outputs: Record<string, string> = {};
  t.withContext({ ...secretFields(), requestId: 'r1' }, () => {
    t.addBreadcrumb('login', secretFields());
    outputs.logFields = JSON.stringify(t.logFields());
    outputs.baggage = decodeURIComponent(t.inject({}).baggage ?? '');
    const error = t.enrichError(new Error('declined')) as Enriched;
    outputs.errorContext = JSON.stringify(error.context);
    outputs.breadcrumbs = JSON.stringify(error.context?.breadcrumbs);
    t.withSpan('login', secretFields(), (span) => {
      span.setAttributes(secretFields());
      span.recordException(Object.assign(new Error('declined'), { context: secretFields() }));
    });
  });
  const [span] = t.spans();
  outputs.spanAttributes = JSON.stringify(span?.attributes);
  outputs.exceptionEvent = JSON.stringify(span?.events.map((event) => event.attributes));
  return outputs;
}

describe('the default redact list', () => {
  it('hides every default secret in errors, breadcrumbs, log fields, span attributes, exception events and baggage', () => {
    const outputs = everyOutput();
    for (const [output, text] of Object.entries(outputs)) {
      for (const key of SECRET_KEYS) expect(text, `${output} shows the value of ${key}: ${text}`).not.toContain(`value-of-${key}`);
      expect(text, `${output} has no redaction marker: ${text}`).toContain('[REDACTED]');
    }
    // Non-secret values still travel.
    expect(outputs.baggage).toContain('requestId=r1');
    expect(outputs.logFields).toContain('"requestId":"r1"');
  });

  it('keeps the defaults when patterns are added: adding /^internal_/ leaves passwords hidden', () => {
    const t = make({ errorContext: { redact: [/^internal_/] } });
    t.withContext({ password: 'p', internal_id: 'i', note: 'n' }, () => {
      expect(t.logFields()).toEqual({ password: '[REDACTED]', internal_id: '[REDACTED]', note: 'n' });
    });
  });

  it('drops the defaults with redactDefaults: false', () => {
    const t = make({ errorContext: { redact: [/^internal_/], redactDefaults: false } });
    t.withContext({ password: 'p', internal_id: 'i' }, () => {
      expect(t.logFields()).toEqual({ password: 'p', internal_id: '[REDACTED]' });
    });
  });

  it('counts dots as separators: api.key, session.id and private.key match', () => {
    const t = make();
    t.withContext({ 'api.key': 'a', 'session.id': 's', 'private.key': 'k', 'key.id': 'visible' }, () => {
      expect(t.logFields()).toEqual({ 'api.key': '[REDACTED]', 'session.id': '[REDACTED]', 'private.key': '[REDACTED]', 'key.id': 'visible' });
    });
  });
});
