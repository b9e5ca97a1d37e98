import { INVALID_SPAN_CONTEXT, trace, type Context, type Span } from '@opentelemetry/api';
import { childScope, contextWithScope, type FlowScope } from '../context/flowScope.js';

/**
 * The key a context-writing function sets, learnt by letting it write into a recorder:
 * the keys of the active span and of the flow scope stay private to their modules.
 */
function keyWrittenBy(write: (ctx: Context) => Context): symbol {
  let written: symbol | undefined;
  const recorder: Context = {
    getValue: () => undefined,
    setValue(key: symbol): Context {
      written = key;
      return recorder;
    },
    deleteValue: () => recorder,
  };
  write(recorder);
  if (written === undefined) throw new Error('could not learn a context key: the context API did not write one');
  return written;
}

const SPAN_KEY = keyWrittenBy((ctx) => trace.setSpan(ctx, trace.wrapSpanContext(INVALID_SPAN_CONTEXT)));
const SCOPE_KEY = keyWrittenBy((ctx) => contextWithScope(ctx, childScope(undefined, undefined, undefined)));

/**
 * The context a span runs in: its parent plus the span and its flow scope. Equivalent to
 * `contextWithScope(trace.setSpan(parent, span), scope)`, but one small object instead of
 * two copied maps, since every `withSpan` makes one. Writing to it (another library
 * setting its own key) first turns it into that ordinary context, once.
 */
export class SpanScopeContext implements Context {
  readonly #parent: Context;
  readonly #span: Span;
  readonly #scope: FlowScope;
  #written: Context | undefined;

  constructor(parent: Context, span: Span, scope: FlowScope) {
    this.#parent = parent;
    this.#span = span;
    this.#scope = scope;
  }

  getValue(key: symbol): unknown {
    if (key === SPAN_KEY) return this.#span;
    if (key === SCOPE_KEY) return this.#scope;
    return this.#parent.getValue(key);
  }

  setValue(key: symbol, value: unknown): Context {
    return this.#ordinary().setValue(key, value);
  }

  deleteValue(key: symbol): Context {
    return this.#ordinary().deleteValue(key);
  }

  #ordinary(): Context {
    this.#written ??= contextWithScope(trace.setSpan(this.#parent, this.#span), this.#scope);
    return this.#written;
  }
}
