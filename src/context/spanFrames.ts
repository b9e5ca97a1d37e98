import type { FlowScope, SpanFrame } from './flowScope.js';

/**
 * How many span frames `spanStack()` and `spanPath` name at most: the innermost ones. A
 * flow nested deeper (a poll loop re-arming itself inside `withSpan`) loses its oldest
 * names, so both stay bounded however long the flow runs.
 */
export const MAX_SPAN_FRAMES = 128;

/**
 * The span frames of the chain ending at `scope`, root first: at most `MAX_SPAN_FRAMES`,
 * the innermost ones, including those a compact copy kept of the ancestry it replaced.
 *
 * @example
 * spanFrames(currentScope()).map((frame) => frame.name); // ['http.request', 'checkout.charge']
 */
export function spanFrames(scope: FlowScope | undefined): SpanFrame[] {
  const frames: SpanFrame[] = [];
  for (let s = scope; s !== undefined && frames.length < MAX_SPAN_FRAMES; s = s.parent) {
    if (s.span !== undefined) frames.push(s.span);
    const ancestors = s.ancestorSpans;
    if (ancestors === undefined) continue;
    for (let i = ancestors.length - 1; i >= 0 && frames.length < MAX_SPAN_FRAMES; i -= 1) frames.push(ancestors[i] as SpanFrame);
  }
  return frames.reverse();
}
