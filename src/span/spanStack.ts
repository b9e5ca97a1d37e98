import { context as contextApi, isSpanContextValid, trace } from '@opentelemetry/api';
import { currentScope } from '../context/flowScope.js';
import { activeSpanFrame } from '../context/scopeContext.js';
import { spanFrames } from '../context/spanFrames.js';
import { TrackedSpanHandle } from './spanHandle.js';
import type { SecretKeyTest } from './attributeRedaction.js';
import type { SpanErrorHooks } from './spanSystem.js';
import type { SpanHandle, SpanStackEntry } from './types.js';
import { UntrackedSpanHandle } from './untrackedSpanHandle.js';

/** The spans of this async flow's scope chain, root first: the innermost `MAX_SPAN_FRAMES` (128). */
export function spanStack(): SpanStackEntry[] {
  return spanFrames(currentScope()).map((frame) => ({ name: frame.name, spanId: frame.spanId, traceId: frame.traceId }));
}

/**
 * The handle of the active span: ours when the active OpenTelemetry span is one we
 * started, otherwise a handle around whatever span is active (another instrumentation's,
 * or a remote parent), or `undefined` when no span is active.
 */
export function activeSpan(errors: SpanErrorHooks, isSecretKey: SecretKeyTest): SpanHandle | undefined {
  const active = contextApi.active();
  const otelSpan = trace.getSpan(active);
  if (otelSpan === undefined) return undefined;
  const frame = activeSpanFrame(active);
  if (frame instanceof TrackedSpanHandle && frame.otelSpan === otelSpan) return frame;
  return new UntrackedSpanHandle(otelSpan, errors, isSecretKey);
}

/** The trace id of the active span, if it has a valid one. */
export function currentTraceId(): string | undefined {
  const spanContext = trace.getActiveSpan()?.spanContext();
  return spanContext !== undefined && isSpanContextValid(spanContext) ? spanContext.traceId : undefined;
}
