import { createContextKey, type Context } from '@opentelemetry/api';
import { activeContext } from './contextManager.js';
import { compactAncestry } from './compactAncestry.js';

/** A breadcrumb recorded with `addBreadcrumb`. */
export interface Breadcrumb {
  message: string;
  data: Record<string, unknown> | undefined;
  at: number;
}

/** The part of a span a scope needs to name it in `spanStack()` and `spanPath`. */
export interface SpanFrame {
  readonly name: string;
  readonly spanId: string;
  readonly traceId: string;
}

/**
 * How many scopes one chain holds at most. A scope that would be deeper starts on a
 * compact copy of its ancestry instead (see `compactAncestry.ts`), so a flow that
 * re-arms itself from inside its own scope (a poll loop) keeps a bounded chain.
 */
export const MAX_SCOPE_DEPTH = 128;

/**
 * One scope of an async flow, made by `withContext` or `withSpan`. Scopes link to their
 * parent and live in the OpenTelemetry context, so they follow the flow and vanish with
 * it. `fields` and `breadcrumbs` are created on first write and belong to the flow that
 * made the scope (the one deliberate mutation: `setContext`, `addBreadcrumb`).
 */
export interface FlowScope {
  readonly parent: FlowScope | undefined;
  /** Scopes in the chain from its root to this one, this one included; at most `MAX_SCOPE_DEPTH`. */
  readonly depth: number;
  /** Set when `withSpan` made the scope. */
  readonly span: SpanFrame | undefined;
  /** Only on a compact copy: the span frames of the ancestry it stands for, root first, innermost kept. */
  readonly ancestorSpans: readonly SpanFrame[] | undefined;
  fields: Record<string, unknown> | undefined;
  breadcrumbs: Breadcrumb[] | undefined;
  /** The largest `maxBreadcrumbs` of the instances that added breadcrumbs here: how many of the flow's latest a compact copy keeps. */
  breadcrumbLimit: number;
  /** The chain's merged fields as last computed by `getContext`; stale once any `fields` of the chain is replaced. */
  merged: MergedFields | undefined;
}

/** Merged fields of a scope chain and the `fields` objects (innermost first) they were built from. */
export interface MergedFields {
  readonly fields: Readonly<Record<string, unknown>>;
  readonly layers: ReadonlyArray<Readonly<Record<string, unknown>>>;
}

/** The context key of the innermost scope; `scopeContext.ts` writes it, `currentScope` reads it. */
export const FLOW_SCOPE_KEY = createContextKey('foundation-telemetry.flow-scope');

/** The innermost scope of the given (default: active) context, if any. */
export function currentScope(ctx: Context = activeContext()): FlowScope | undefined {
  return ctx.getValue(FLOW_SCOPE_KEY) as FlowScope | undefined;
}

/** Makes a child scope of `parent`; past `MAX_SCOPE_DEPTH`, of a compact copy of `parent`'s chain. */
export function childScope(
  parent: FlowScope | undefined,
  span: SpanFrame | undefined,
  fields: Record<string, unknown> | undefined,
): FlowScope {
  let depth = 1;
  if (parent !== undefined) {
    if (parent.depth >= MAX_SCOPE_DEPTH) parent = compactAncestry(parent);
    depth = parent.depth + 1;
  }
  return { parent, depth, span, ancestorSpans: undefined, fields, breadcrumbs: undefined, breadcrumbLimit: 0, merged: undefined };
}
