import { describe, expect, it } from 'vitest';
import { checkMetricDefinitions } from '../../src/metrics/checkMetricDefinitions.js';
import { counter, histogram } from '../../src/metrics/definitions.js';

const isSecretKey = (key: string) => /token|password|api_?key/i.test(key);

describe('checkMetricDefinitions', () => {
  it('accepts definitions whose tags match no secret pattern', () => {
    expect(() => checkMetricDefinitions([counter('db.query.count', { tags: ['table'] }), histogram('a.b')], isSecretKey)).not.toThrow();
    expect(() => checkMetricDefinitions([], isSecretKey)).not.toThrow();
  });

  it('refuses a tag that matches a secret pattern, naming the definition, its index and the tag', () => {
    const definitions = [histogram('http.request.duration', { tags: ['route'] }), counter('db.query.count', { tags: ['table', 'token'] })];
    expect(() => checkMetricDefinitions(definitions, isSecretKey)).toThrow(
      new TypeError(
        `createTelemetry: metrics.definitions[1] ('db.query.count'): tag "token" matches errorContext.redact; its values would be exported. ` +
          'Remove it from tags (tagValues can export a value derived from it under another key).',
      ),
    );
  });

  it('asks the redaction rules given about every tag', () => {
    const asked: string[] = [];
    const definitions = [counter('a.count', { tags: ['x', 'y'] }), counter('b.count', { tags: ['z'] })];
    checkMetricDefinitions(definitions, (key) => {
      asked.push(key);
      return false;
    });
    expect(asked).toEqual(['x', 'y', 'z']);
    expect(() => checkMetricDefinitions(definitions, (key) => key === 'z')).toThrow(/metrics\.definitions\[1\] \('b\.count'\): tag "z"/);
  });
});
