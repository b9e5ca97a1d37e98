import { frozenMerge } from './fieldMerge.js';
import type { Breadcrumb, FlowScope, SpanFrame } from './flowScope.js';
import { spanFrames } from './spanFrames.js';

/**
 * One root scope that stands for the whole chain ending at `scope`, holding nothing of it
 * by reference but frozen values: the chain's merged fields as they are now, its innermost
 * span frames as plain `{ name, spanId, traceId }` records (so no span, handle or context
 * of the ancestry stays reachable), and the flow's latest breadcrumbs, as many as the
 * largest `maxBreadcrumbs` that wrote them. A scope deeper than the bound starts on it, so
 * a chain never grows past the bound and its history can be collected.
 *
 * What a flow started on it no longer sees: the oldest span names beyond the bound, the
 * oldest breadcrumbs beyond the limit, and writes (`setContext`, `clearContext`,
 * `addBreadcrumb`) that scopes of the replaced chain make after the copy.
 *
 * @example
 * compactAncestry(deepScope).fields; // { requestId: 'r1', attempt: 3 } (frozen)
 */
export function compactAncestry(scope: FlowScope): FlowScope {
  const layers: Readonly<Record<string, unknown>>[] = [];
  const trails: Breadcrumb[][] = [];
  let breadcrumbLimit = 0;
  for (let s: FlowScope | undefined = scope; s !== undefined; s = s.parent) {
    if (s.fields !== undefined) layers.push(s.fields);
    if (s.breadcrumbs !== undefined && s.breadcrumbs.length > 0) trails.push(s.breadcrumbs);
    if (s.breadcrumbLimit > breadcrumbLimit) breadcrumbLimit = s.breadcrumbLimit;
  }
  return {
    parent: undefined,
    depth: 1,
    span: undefined,
    ancestorSpans: spanFrames(scope).map(plainFrame),
    fields: layers.length === 0 ? undefined : frozenMerge(layers),
    breadcrumbs: latestBreadcrumbs(trails, breadcrumbLimit),
    breadcrumbLimit,
    merged: undefined,
  };
}

/** A span frame that refers to nothing: a tracked handle would keep its span and context alive. */
function plainFrame(frame: SpanFrame): SpanFrame {
  return Object.freeze({ name: frame.name, spanId: frame.spanId, traceId: frame.traceId });
}

/** The last `limit` breadcrumbs of `trails` (innermost scope first), oldest first. */
function latestBreadcrumbs(trails: readonly Breadcrumb[][], limit: number): Breadcrumb[] | undefined {
  const kept: Breadcrumb[] = [];
  for (const trail of trails) {
    for (let i = trail.length - 1; i >= 0 && kept.length < limit; i -= 1) kept.push(trail[i] as Breadcrumb);
  }
  return kept.length === 0 ? undefined : kept.reverse();
}
