import {
  diag,
  INVALID_SPAN_CONTEXT,
  trace,
  type Context,
  type Span,
  type SpanOptions as OtelSpanOptions,
  type Tracer,
} from '@opentelemetry/api';
import { activeContext, applyInContext, runInContext } from '../context/contextManager.js';
import { childScope, currentScope } from '../context/flowScope.js';
import { contextWithScope } from '../context/scopeContext.js';
import { isNativePromise, thenIntrinsic } from '../untrustedValue.js';
import { redactAttributes } from './attributeRedaction.js';
import { endWhenSettled } from './endWhenSettled.js';
import { TrackedSpanHandle, type SpanRuntime } from './spanHandle.js';
import type { SpanErrorHooks } from './spanSystem.js';
import type { SpanHandle } from './types.js';

/** Starts a span whose parent is the active span (none for `root`), not yet active itself. */
export function startTrackedSpan(
  runtime: SpanRuntime,
  tracer: Tracer,
  name: string,
  options: OtelSpanOptions | undefined,
): TrackedSpanHandle {
  const active = activeContext();
  // A root span keeps the flow's scopes (error context) but not the active span.
  const parentContext = options?.root === true ? trace.deleteSpan(active) : active;
  const attributes = options?.attributes;
  const redacted = attributes === undefined ? undefined : redactAttributes(attributes, runtime.isSecretKey);
  let span: Span;
  try {
    span = tracer.startSpan(name, redacted === attributes ? options : { ...options, attributes: redacted }, parentContext);
  } catch (error) {
    span = standInSpan(parentContext, error);
  }
  return new TrackedSpanHandle(runtime, name, span, parentContext, redacted);
}

/**
 * A non-recording span used when the tracer throws (a failing span processor's
 * `onStart` or sampler): the work still runs, and it carries the parent's ids so the
 * trace continues through it.
 */
function standInSpan(parentContext: Context, error: unknown): Span {
  diag.error('foundation-telemetry: the tracer failed to start a span', error);
  return trace.wrapSpanContext(trace.getSpanContext(parentContext) ?? INVALID_SPAN_CONTEXT);
}

/** Runs `fn(handle)` with the span active and ends the span by the shape of its result. */
export function runInSpan<T>(handle: TrackedSpanHandle, fn: (span: SpanHandle) => T): T {
  let result: T;
  try {
    result = runInContext(handle.context, fn, handle);
  } catch (error) {
    handle.fail(error);
    throw error;
  }
  return endWhenSettled(result, handle);
}

/** `runInSpan` for a traced function: keeps the caller's `this` and arguments. */
export function applyInSpan<This, Args extends unknown[], R>(
  handle: TrackedSpanHandle,
  fn: (this: This, ...args: Args) => R,
  thisArg: This,
  args: Args,
): R {
  let result: R;
  try {
    result = applyInContext(handle.context, fn, thisArg, args);
  } catch (error) {
    handle.fail(error);
    throw error;
  }
  return endWhenSettled(result, handle);
}

/**
 * Runs `fn` in a scope of its own but without a span (after `stop()`), so error context
 * calls inside it keep working and errors escaping it are still enriched. A native
 * promise comes back as a new promise that settles like it, its rejection enriched first
 * (and still unhandled if the caller does not handle it); other values as they are.
 */
export function applyWithoutSpan<This, Args extends unknown[], R>(
  errors: Pick<SpanErrorHooks, 'enrichEscaping'>,
  fn: (this: This, ...args: Args) => R,
  thisArg: This,
  args: Args,
): R {
  const active = activeContext();
  const scoped = contextWithScope(active, childScope(currentScope(active), undefined, undefined));
  const enrich = (error: unknown): void => runInContext(scoped, errors.enrichEscaping, error);
  let result: R;
  try {
    result = applyInContext(scoped, fn, thisArg, args);
  } catch (error) {
    enrich(error);
    throw error;
  }
  if (!isNativePromise(result)) return result;
  try {
    return thenIntrinsic(result, undefined, (error) => {
      enrich(error);
      throw error;
    }) as R;
  } catch {
    // Its `constructor` or species getter threw: it cannot be observed, so it goes back untouched.
    return result;
  }
}
