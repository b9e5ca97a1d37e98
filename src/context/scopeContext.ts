import { createContextKey, trace, type Context, type Span } from '@opentelemetry/api';
import { FLOW_SCOPE_KEY, type FlowScope, type SpanFrame } from './flowScope.js';

/**
 * The key `trace.setSpan` writes. `createContextKey` is `Symbol.for(description)` so that
 * several copies of `@opentelemetry/api` in one process share keys; making the same call
 * gives the same symbol. A test checks `trace.getSpan` still finds our span.
 */
const SPAN_KEY = createContextKey('OpenTelemetry Context Key SPAN');

/** The span frame (our handle) of the active span, when one of our scopes made that span active. */
const ACTIVE_FRAME_KEY = createContextKey('foundation-telemetry.active-span-frame');

/**
 * An OpenTelemetry `Context` that is its parent plus a flow scope and, for `withSpan`, the
 * active span. Equivalent to `trace.setSpan(parent, span).setValue(scope key, scope)`, but
 * one small object instead of one or two copied maps (`setValue` copies the whole map),
 * since every `withSpan` and `withContext` makes one.
 *
 * It answers for the keys scopes set (the flow scope, the active span and its frame) and
 * looks every other key up in `#base`, the nearest ordinary context below it, which it
 * refers to directly: a flow that nests scopes without end (a poll loop re-arming itself
 * inside `withContext`) still looks any key up in constant time, and a scope context keeps
 * no enclosing scope context alive. Writing to it (another library setting its own key)
 * builds that ordinary context once and writes there, so such writes behave as on any
 * context.
 */
class ScopeContext implements Context {
  readonly #base: Context;
  readonly #scope: FlowScope;
  /** The span this context or an enclosing scope context made active; undefined: the base's. */
  readonly #span: Span | undefined;
  /** The frame of `#span` (meaningful only while `#span` is set). */
  readonly #frame: SpanFrame | undefined;
  #ordinary: Context | undefined;

  constructor(parent: Context, scope: FlowScope, span: Span | undefined) {
    this.#scope = scope;
    if (parent instanceof ScopeContext) {
      this.#base = parent.#base;
      this.#span = span ?? parent.#span;
      this.#frame = span === undefined ? parent.#frame : scope.span;
    } else {
      this.#base = parent;
      this.#span = span;
      this.#frame = scope.span;
    }
  }

  getValue(key: symbol): unknown {
    if (key === FLOW_SCOPE_KEY) return this.#scope;
    if (key === SPAN_KEY) return this.#span ?? this.#base.getValue(key);
    if (key === ACTIVE_FRAME_KEY) return this.#span === undefined ? this.#base.getValue(key) : this.#frame;
    return this.#base.getValue(key);
  }

  setValue(key: symbol, value: unknown): Context {
    return this.#asOrdinary().setValue(key, value);
  }

  deleteValue(key: symbol): Context {
    return this.#asOrdinary().deleteValue(key);
  }

  /** The same context as an ordinary one: at most three map copies, whatever the depth of scopes. */
  #asOrdinary(): Context {
    if (this.#ordinary === undefined) {
      const span = this.#span;
      const withSpan = span === undefined ? this.#base : trace.setSpan(this.#base, span).setValue(ACTIVE_FRAME_KEY, this.#frame);
      this.#ordinary = withSpan.setValue(FLOW_SCOPE_KEY, this.#scope);
    }
    return this.#ordinary;
  }
}

/**
 * A context whose innermost flow scope is `scope` and, when given, whose active span is
 * `span` (with `scope.span` as its frame); everything else comes from `parent`.
 *
 * @example
 * const scope = childScope(currentScope(), undefined, Object.freeze({ requestId: 'r1' }));
 * context.with(contextWithScope(context.active(), scope), () => currentScope() === scope); // true
 */
export function contextWithScope(parent: Context, scope: FlowScope, span?: Span): Context {
  return new ScopeContext(parent, scope, span);
}

/**
 * The frame a scope gave the active span of `ctx` (for `withSpan`, its tracked handle), or
 * undefined when no scope made a span active. The caller checks it still goes with the
 * active span: other code may have set another one since.
 */
export function activeSpanFrame(ctx: Context): SpanFrame | undefined {
  return ctx.getValue(ACTIVE_FRAME_KEY) as SpanFrame | undefined;
}
