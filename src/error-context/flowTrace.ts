import { isSpanContextValid, trace, type Context, type SpanContext } from '@opentelemetry/api';
import type { FlowScope } from '../context/flowScope.js';
import { spanFrames } from '../context/spanFrames.js';

/** The span context of `ctx` when it names a real span (local or remote), else undefined. */
export function validSpanContext(ctx: Context): SpanContext | undefined {
  const spanContext = trace.getSpanContext(ctx);
  return spanContext !== undefined && isSpanContextValid(spanContext) ? spanContext : undefined;
}

/** Names of the spans that made scopes of this chain, root first: the innermost `MAX_SPAN_FRAMES` (128). */
export function spanPath(scope: FlowScope | undefined): string[] {
  return spanFrames(scope).map((frame) => frame.name);
}
