import { context, createContextKey, type Context } from '@opentelemetry/api';

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
 * One scope of an async flow, made by `withContext` or `withSpan`. Scopes link to their
 * parent and live in the OpenTelemetry context, so they follow the flow and vanish with
 * it. `fields` and `breadcrumbs` are created on first write and belong to the flow that
 * made the scope (the one deliberate mutation: `setContext`, `addBreadcrumb`).
 */
export interface FlowScope {
  readonly parent: FlowScope | undefined;
  /** Set when `withSpan` made the scope. */
  readonly span: SpanFrame | undefined;
  fields: Record<string, unknown> | undefined;
  breadcrumbs: Breadcrumb[] | undefined;
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
export function currentScope(ctx: Context = context.active()): FlowScope | undefined {
  return ctx.getValue(FLOW_SCOPE_KEY) as FlowScope | undefined;
}

/** Makes a child scope of the active one. */
export function childScope(
  parent: FlowScope | undefined,
  span: SpanFrame | undefined,
  fields: Record<string, unknown> | undefined,
): FlowScope {
  return { parent, span, fields, breadcrumbs: undefined, merged: undefined };
}
