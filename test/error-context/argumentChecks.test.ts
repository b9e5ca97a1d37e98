import { describe, expect, it } from 'vitest';
import { make } from '../support/testInstances.js';

// The error-context functions name themselves (with their parameters) and show the value
// once: `got undefined`, `got 5`, never `got undefined undefined` or `got number 5`.
describe('error-context argument errors', () => {
  it.each([
    ['withContext without fields', (t: ReturnType<typeof make>) => t.withContext(undefined as never, () => 1), 'withContext(fields, fn): fields must be a plain object of fields, got undefined'],
    ['withContext without fn', (t: ReturnType<typeof make>) => t.withContext({}, undefined as never), 'withContext(fields, fn): fn must be a function, got undefined'],
    ['setContext with a number', (t: ReturnType<typeof make>) => t.withContext({}, () => t.setContext(5 as never)), 'setContext(fields): fields must be a plain object of fields, got 5'],
    ['addBreadcrumb with a number', (t: ReturnType<typeof make>) => t.withContext({}, () => t.addBreadcrumb(5 as never)), 'addBreadcrumb(message, data): message must be a string, got 5'],
    ['captureError with bad metadata', (t: ReturnType<typeof make>) => t.captureError(new Error('x'), true as never), 'captureError(err, metadata): metadata must be a plain object of fields, got true'],
    ['inject without a carrier', (t: ReturnType<typeof make>) => t.inject(undefined as never), 'inject(carrier): carrier must be an object of string headers, got undefined'],
    ['extract without fn', (t: ReturnType<typeof make>) => t.extract({}, undefined as never), 'extract(carrier, fn): fn must be a function, got undefined'],
    ['http.handler without fn', (t: ReturnType<typeof make>) => t.http.handler(undefined as never), 'http.handler(fn, options): fn must be a function, got undefined'],
    ['http.express with a symbol', (t: ReturnType<typeof make>) => t.http.express(Symbol('o') as never), 'http.express(options): options must be an object, got Symbol(o)'],
  ])('%s', (_case, call, message) => {
    const t = make();
    expect(() => call(t)).toThrow(expect.objectContaining({ name: 'TypeError', message }));
  });
});
