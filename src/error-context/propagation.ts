import {
  context,
  propagation,
  ROOT_CONTEXT,
  type Context,
  type TextMapGetter,
  type TextMapSetter,
} from '@opentelemetry/api';
import { W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { currentScope } from '../context/flowScope.js';
import { baggageEntries } from './baggageEntries.js';
import { describeValue, requireFunction } from './argumentChecks.js';
import { mergedContext } from './mergedContext.js';
import type { Carrier, ContextFields, InjectedHeaders } from './types.js';

export interface Propagation {
  inject<C extends Carrier>(carrier: C): C & InjectedHeaders;
  extract<T>(carrier: Carrier, fn: () => T): T;
}

export interface PropagationDeps {
  propagateKeys: readonly string[];
  cutString(value: string): string;
  /** Whether values under a key are secret: they travel redacted. */
  isSecretKey(key: string): boolean;
  runInScope<T>(parent: Context, fields: Readonly<ContextFields> | undefined, fn: () => T): T;
}

/** Reads a header by exact name, else case-insensitively (HTTP header names are case-insensitive). */
const carrierGetter = Object.freeze<TextMapGetter<Carrier>>({
  keys: (carrier) => Object.keys(carrier),
  get(carrier, key) {
    const exact = carrier[key];
    if (exact !== undefined) return exact;
    for (const name of Object.keys(carrier)) {
      if (name.toLowerCase() === key) return carrier[name];
    }
    return undefined;
  },
});

const carrierSetter = Object.freeze<TextMapSetter<Carrier>>({
  set(carrier, key, value) {
    carrier[key] = value;
  },
});

function requireCarrier(call: string, carrier: unknown): asserts carrier is Carrier {
  if (typeof carrier !== 'object' || carrier === null || Array.isArray(carrier)) {
    throw new TypeError(`${call}: carrier must be an object of string headers, got ${describeValue(carrier)}`);
  }
}

/**
 * Creates `inject`/`extract` of one instance, with its own W3C trace-context and baggage
 * propagators (the global OpenTelemetry propagator is neither used nor changed). Only
 * the keys in `propagateKeys` travel in `baggage`; values are percent-encoded by the
 * baggage propagator, after being cut to fit its limits. Malformed incoming headers are
 * ignored.
 *
 * @example
 * const headers = telemetry.inject({});                 // { traceparent, baggage? }
 * telemetry.extract(req.headers, () => handle(req));    // remote parent + propagated keys
 */
export function createPropagation({ propagateKeys, cutString, isSecretKey, runInScope }: PropagationDeps): Propagation {
  const traceContext = new W3CTraceContextPropagator();
  const baggage = new W3CBaggagePropagator();

  /** `ctx` with its baggage replaced by the propagated keys of the flow (or removed), so nothing else crosses. */
  function withPropagatedBaggage(ctx: Context): Context {
    if (propagateKeys.length === 0) return propagation.deleteBaggage(ctx);
    const entries = baggageEntries(mergedContext(currentScope(ctx)), propagateKeys, cutString, isSecretKey);
    return entries === undefined
      ? propagation.deleteBaggage(ctx)
      : propagation.setBaggage(ctx, propagation.createBaggage(entries));
  }

  /** The propagated keys found in the carrier's `baggage`, or undefined. */
  function propagatedFields(carrier: Carrier): ContextFields | undefined {
    if (propagateKeys.length === 0) return undefined;
    const incoming = propagation.getBaggage(baggage.extract(ROOT_CONTEXT, carrier, carrierGetter));
    if (incoming === undefined) return undefined;
    let fields: ContextFields | undefined;
    for (const key of propagateKeys) {
      const entry = incoming.getEntry(key);
      if (entry !== undefined) (fields ??= {})[key] = cutString(entry.value);
    }
    return fields;
  }

  return {
    inject(carrier) {
      requireCarrier('inject(carrier)', carrier);
      try {
        const ctx = withPropagatedBaggage(context.active());
        traceContext.inject(ctx, carrier, carrierSetter);
        baggage.inject(ctx, carrier, carrierSetter);
      } catch {
        // Propagation is best effort: the request goes out without (some) headers.
      }
      return carrier as typeof carrier & InjectedHeaders;
    },

    extract(carrier, fn) {
      requireCarrier('extract(carrier, fn)', carrier);
      requireFunction('extract(carrier, fn)', 'fn', fn);
      const active = context.active();
      let parent = active;
      let fields: ContextFields | undefined;
      try {
        parent = traceContext.extract(active, carrier, carrierGetter);
      } catch {
        parent = active;
      }
      try {
        fields = propagatedFields(carrier);
      } catch {
        fields = undefined;
      }
      return runInScope(parent, fields === undefined ? undefined : Object.freeze(fields), fn);
    },
  };
}
