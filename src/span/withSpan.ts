import { context as contextApi, trace, type SpanOptions as OtelSpanOptions, type Tracer } from '@opentelemetry/api';
import { childScope, currentScope } from '../context/flowScope.js';
import { contextWithScope } from '../context/scopeContext.js';
import { redactAttributes } from './attributeRedaction.js';
import { endWhenSettled } from './endWhenSettled.js';
import { TrackedSpanHandle, type SpanRuntime } from './spanHandle.js';
import type { SpanHandle } from './types.js';

/** Starts a span whose parent is the active span (none for `root`), not yet active itself. */
export function startTrackedSpan(
  runtime: SpanRuntime,
  tracer: Tracer,
  name: string,
  options: OtelSpanOptions | undefined,
): TrackedSpanHandle {
  const active = contextApi.active();
  // A root span keeps the flow's scopes (error context) but not the active span.
  const parentContext = options?.root === true ? trace.deleteSpan(active) : active;
  const attributes = options?.attributes;
  const redacted = attributes === undefined ? undefined : redactAttributes(attributes, runtime.isSecretKey);
  const span = tracer.startSpan(name, redacted === attributes ? options : { ...options, attributes: redacted }, parentContext);
  return new TrackedSpanHandle(runtime, name, span, parentContext, redacted);
}

/** Runs `fn(handle)` with the span active and ends the span by the shape of its result. */
export function runInSpan<T>(handle: TrackedSpanHandle, fn: (span: SpanHandle) => T): T {
  let result: T;
  try {
    result = contextApi.with(handle.context, fn, undefined, handle);
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
    result = contextApi.with(handle.context, fn, thisArg, ...args);
  } catch (error) {
    handle.fail(error);
    throw error;
  }
  return endWhenSettled(result, handle);
}

/**
 * Runs `fn` in a scope of its own but without a span (after `stop()`), so error context
 * calls inside it keep working.
 */
export function applyWithoutSpan<This, Args extends unknown[], R>(
  fn: (this: This, ...args: Args) => R,
  thisArg: This,
  args: Args,
): R {
  const active = contextApi.active();
  return contextApi.with(contextWithScope(active, childScope(currentScope(active), undefined, undefined)), fn, thisArg, ...args);
}
