import { isSpanContextValid, trace, type Context, type SpanContext } from '@opentelemetry/api';
import type { FlowScope } from '../context/flowScope.js';

/** The span context of `ctx` when it names a real span (local or remote), else undefined. */
export function validSpanContext(ctx: Context): SpanContext | undefined {
  const spanContext = trace.getSpanContext(ctx);
  return spanContext !== undefined && isSpanContextValid(spanContext) ? spanContext : undefined;
}

/** Names of the spans that made scopes of this chain, root first. */
export function spanPath(scope: FlowScope | undefined): string[] {
  const names: string[] = [];
  for (let s = scope; s !== undefined; s = s.parent) {
    if (s.span !== undefined) names.push(s.span.name);
  }
  return names.reverse();
}
