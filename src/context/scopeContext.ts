import { createContextKey, trace, type Context, type Span } from '@opentelemetry/api';
import { FLOW_SCOPE_KEY, type FlowScope } from './flowScope.js';

/**
 * The key `trace.setSpan` writes. `createContextKey` is `Symbol.for(description)` so that
 * several copies of `@opentelemetry/api` in one process share keys; making the same call
 * gives the same symbol. A test checks `trace.getSpan` still finds our span.
 */
const SPAN_KEY = createContextKey('OpenTelemetry Context Key SPAN');

/**
 * An OpenTelemetry `Context` that is its parent plus a flow scope and, for `withSpan`, the
 * active span. Equivalent to `trace.setSpan(parent, span).setValue(scope key, scope)`, but
 * one small object instead of one or two copied maps (`setValue` copies the whole map),
 * since every `withSpan` and `withContext` makes one. Other keys are looked up in the
 * parent. Writing to it (another library setting its own key) builds that ordinary
 * context once and writes there, so such writes behave as on any context.
 */
class ScopeContext implements Context {
  readonly #parent: Context;
  readonly #scope: FlowScope;
  readonly #span: Span | undefined;
  #ordinary: Context | undefined;

  constructor(parent: Context, scope: FlowScope, span: Span | undefined) {
    this.#parent = parent;
    this.#scope = scope;
    this.#span = span;
  }

  getValue(key: symbol): unknown {
    if (key === FLOW_SCOPE_KEY) return this.#scope;
    if (key === SPAN_KEY && this.#span !== undefined) return this.#span;
    return this.#parent.getValue(key);
  }

  setValue(key: symbol, value: unknown): Context {
    return this.#asOrdinary().setValue(key, value);
  }

  deleteValue(key: symbol): Context {
    return this.#asOrdinary().deleteValue(key);
  }

  #asOrdinary(): Context {
    if (this.#ordinary === undefined) {
      const withSpan = this.#span === undefined ? this.#parent : trace.setSpan(this.#parent, this.#span);
      this.#ordinary = withSpan.setValue(FLOW_SCOPE_KEY, this.#scope);
    }
    return this.#ordinary;
  }
}

/**
 * A context whose innermost flow scope is `scope` and, when given, whose active span is
 * `span`; everything else comes from `parent`.
 *
 * @example
 * const scope = childScope(currentScope(), undefined, Object.freeze({ requestId: 'r1' }));
 * context.with(contextWithScope(context.active(), scope), () => currentScope() === scope); // true
 */
export function contextWithScope(parent: Context, scope: FlowScope, span?: Span): Context {
  return new ScopeContext(parent, scope, span);
}
