import {
  propagation,
  ROOT_CONTEXT,
  type Context,
  type TextMapGetter,
  type TextMapSetter,
} from '@opentelemetry/api';
import { W3CBaggagePropagator } from '@opentelemetry/core';
import { activeContext } from '../context/contextManager.js';
import { currentScope } from '../context/flowScope.js';
import { baggageEntries } from './baggageEntries.js';
import { describeValue, requireFunction } from './argumentChecks.js';
import { mergedContext } from './mergedContext.js';
import { TraceContextPropagator } from '../traceContext/traceContextPropagator.js';
import type { Carrier, ContextFields, InjectedHeaders } from './types.js';

export interface Propagation {
  inject<C extends Carrier>(carrier: C): C & InjectedHeaders;
  extract<T>(carrier: Carrier, fn: () => T): T;
  /**
   * The context `extract` would run in, for the headers of an incoming `node:http` request
   * (names in lower case), with `fields` added to its scope. Without `continueTrace` the
   * active span stays the parent (another instrumentation already continued the trace).
   */
  requestContext(headers: Carrier, fields: Readonly<ContextFields>, continueTrace: boolean): Context;
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

/** `node:http` names every incoming header in lower case: a missing one needs no second search. */
const requestHeaderGetter = Object.freeze<TextMapGetter<Carrier>>({
  keys: (headers) => Object.keys(headers),
  get: (headers, key) => headers[key],
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
 * ignored; an incoming `tracestate` travels on whole, or not at all when any member is invalid.
 *
 * @example
 * const headers = telemetry.inject({});                 // { traceparent, baggage? }
 * telemetry.extract(req.headers, () => handle(req));    // remote parent + propagated keys
 */
export function createPropagation({ propagateKeys, cutString, isSecretKey, runInScope }: PropagationDeps): Propagation {
  const traceContext = new TraceContextPropagator();
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
  function propagatedFields(carrier: Carrier, getter: TextMapGetter<Carrier>): ContextFields | undefined {
    if (propagateKeys.length === 0) return undefined;
    const incoming = propagation.getBaggage(baggage.extract(ROOT_CONTEXT, carrier, getter));
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
        const ctx = withPropagatedBaggage(activeContext());
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
      const active = activeContext();
      const fields = incomingFields(carrier, carrierGetter);
      return runInScope(remoteParent(active, carrier, carrierGetter), fields === undefined ? undefined : Object.freeze(fields), fn);
    },

    requestContext(headers, fields, continueTrace) {
      const active = activeContext();
      const parent = continueTrace ? remoteParent(active, headers, requestHeaderGetter) : active;
      const propagated = incomingFields(headers, requestHeaderGetter);
      const scopeFields = propagated === undefined ? fields : Object.freeze(Object.assign(propagated, fields));
      return runInScope(parent, scopeFields, activeContext);
    },
  };

  /** `active` with the carrier's remote span as parent; `active` itself when the headers are missing or malformed. */
  function remoteParent(active: Context, carrier: Carrier, getter: TextMapGetter<Carrier>): Context {
    try {
      return traceContext.extract(active, carrier, getter);
    } catch {
      return active;
    }
  }

  function incomingFields(carrier: Carrier, getter: TextMapGetter<Carrier>): ContextFields | undefined {
    try {
      return propagatedFields(carrier, getter);
    } catch {
      return undefined;
    }
  }
}

