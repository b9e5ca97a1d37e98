import type { Context } from '@opentelemetry/api';
import { activeContext, runInContext } from '../context/contextManager.js';
import { childScope, currentScope } from '../context/flowScope.js';
import { contextWithScope } from '../context/scopeContext.js';
import { isNativePromise, thenIntrinsic } from '../untrustedValue.js';
import { requireFields, requireFunction } from './argumentChecks.js';
import { frozenFields } from './frozenFields.js';
import { mergedContext } from './mergedContext.js';
import { requireScope } from './requireScope.js';
import type { ContextFields } from './types.js';

export interface Scopes {
  withContext<T>(fields: ContextFields, fn: () => T): T;
  getContext(): Readonly<ContextFields>;
  setContext(fields: ContextFields): void;
  clearContext(): void;
  /** Runs `fn` in a new scope (holding `fields`) under `parent`; escaping errors are enriched there. */
  runInScope<T>(parent: Context, fields: Readonly<ContextFields> | undefined, fn: () => T): T;
}

export interface ScopesDeps {
  /** Enriches an error escaping a scope with the flow of that scope, unless an inner boundary did. */
  enrichEscaping(err: unknown, ctx: Context): void;
}

/**
 * Creates the scope functions of one instance. Scopes are values in the OpenTelemetry
 * context (shared with spans), so they follow the async flow and are gone when it ends.
 * A scope's `fields` object is frozen and replaced on every write (copy-on-write), which
 * is what lets `getContext` hand it out or cache merged results without copying.
 *
 * @example
 * await scopes.withContext({ requestId: 'r1' }, async () => {
 *   scopes.setContext({ userId: 'u1' });
 *   scopes.getContext(); // { requestId: 'r1', userId: 'u1' }
 * });
 */
export function createScopes({ enrichEscaping }: ScopesDeps): Scopes {
  function runInScope<T>(parent: Context, fields: Readonly<ContextFields> | undefined, fn: () => T): T {
    const scoped = contextWithScope(parent, childScope(currentScope(parent), undefined, fields));
    let result: T;
    try {
      result = runInContext(scoped, fn);
    } catch (error) {
      enrichEscaping(error, scoped);
      throw error;
    }
    // Enriching a rejection means observing it: the caller gets a new promise that settles
    // like `result`, with the rejection reason enriched first and still unhandled if the
    // caller leaves it so. Other thenables are not touched (calling `then` on a lazy query
    // builder would run it).
    if (!isNativePromise(result)) return result;
    try {
      return thenIntrinsic(result, undefined, (error) => {
        enrichEscaping(error, scoped);
        throw error;
      }) as T;
    } catch {
      // Its `constructor` or species getter threw: it cannot be observed, so it goes back untouched.
      return result;
    }
  }

  return {
    runInScope,

    withContext(fields, fn) {
      requireFields('withContext(fields, fn)', 'fields', fields);
      requireFunction('withContext(fields, fn)', 'fn', fn);
      return runInScope(activeContext(), frozenFields(fields), fn);
    },

    getContext() {
      return mergedContext(currentScope());
    },

    setContext(fields) {
      requireFields('setContext(fields)', 'fields', fields);
      const scope = requireScope('setContext');
      scope.fields = frozenFields(scope.fields, fields);
    },

    clearContext() {
      requireScope('clearContext').fields = undefined;
    },
  };
}
