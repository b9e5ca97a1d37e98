import { type Context } from '@opentelemetry/api';
import { currentScope } from '../context/flowScope.js';
import { isError, readProperty } from '../untrustedValue.js';
import { isFieldRecord } from './argumentChecks.js';
import type { BreadcrumbTrail } from './breadcrumbs.js';
import type { ErrorContextCounters } from './counters.js';
import { spanPath, validSpanContext } from './flowTrace.js';
import { mergedContext } from './mergedContext.js';
import type { Redactor } from './redaction.js';

// A cause chain or AggregateError tree larger than this is not walked further.
const MAX_CHAIN_ERRORS = 256;

export interface ErrorEnricher {
  /** Sets `err.context` (and that of its causes and aggregated errors) from the flow of `ctx`; keys already there win. */
  enrich<E>(err: E, ctx: Context): E;
  /** The boundary rule: like `enrich`, but errors enriched before (at an inner boundary) are left as they are. */
  enrichEscaping(err: unknown, ctx: Context): void;
}

export interface ErrorEnricherDeps {
  redactor: Redactor;
  breadcrumbs: BreadcrumbTrail;
  counters: ErrorContextCounters;
}

/**
 * Creates the enricher of one instance. Errors it has enriched are remembered in a
 * WeakSet, so `withSpan` and `withContext` boundaries further out never overwrite the
 * context captured at the innermost one.
 *
 * @example
 * enricher.enrich(new Error('card declined'), context.active()).context;
 * // { requestId: 'r1', traceId: '…', spanId: '…', spanPath: ['checkout', 'charge'] }
 */
export function createErrorEnricher({ redactor, breadcrumbs, counters }: ErrorEnricherDeps): ErrorEnricher {
  const enriched = new WeakSet<object>();

  /** The context an error gets from the flow of `ctx`: redacted fields, then trace position. */
  function flowContext(ctx: Context): Record<string, unknown> {
    const scope = currentScope(ctx);
    const fields = redactor.redactFields(mergedContext(scope));
    const spanContext = validSpanContext(ctx);
    if (spanContext !== undefined) {
      fields.traceId = spanContext.traceId;
      fields.spanId = spanContext.spanId;
    }
    const path = spanPath(scope);
    if (path.length > 0) fields.spanPath = path;
    const trail = breadcrumbs.collect(scope);
    if (trail.length > 0) fields.breadcrumbs = trail;
    return fields;
  }

  /** Merges `base` under the error's own context; a non-object `context` is kept as `context.original`. */
  function applyTo(err: object, base: Record<string, unknown>): void {
    try {
      const own = (err as { context?: unknown }).context;
      let next: Record<string, unknown>;
      if (own === undefined || own === null) next = { ...base };
      else if (isFieldRecord(own)) next = { ...base, ...own };
      else next = { ...base, original: own };
      (err as { context: unknown }).context = next;
    } catch {
      // Frozen or sealed errors, or a `context` that cannot be set: leave the error as it is.
      counters.enrichFailed += 1;
    }
  }

  /** The error itself, then its `cause` chain and `AggregateError` members (errors only), each once. */
  function enrichTree(root: object, ctx: Context, skipEnriched: boolean): void {
    let base: Record<string, unknown> | undefined;
    const pending: object[] = [root];
    const visited = new Set<object>();
    while (pending.length > 0 && visited.size < MAX_CHAIN_ERRORS) {
      const err = pending.pop() as object;
      if (visited.has(err)) continue;
      visited.add(err);
      if (!(skipEnriched && enriched.has(err))) {
        base ??= flowContext(ctx);
        applyTo(err, base);
        enriched.add(err);
      }
      const cause = readProperty(err, 'cause');
      if (isError(cause)) pending.push(cause);
      // Any error with an `errors` array: AggregateError of any realm, and libraries' look-alikes.
      const members = isError(err) ? readProperty(err, 'errors') : undefined;
      try {
        if (Array.isArray(members)) {
          for (let i = members.length - 1; i >= 0; i -= 1) {
            const member: unknown = members[i];
            if (isError(member)) pending.push(member);
          }
        }
      } catch {
        // An `errors` array whose members cannot be read ends the walk for this error only.
      }
    }
  }

  return {
    enrich(err, ctx) {
      if (typeof err === 'object' && err !== null) {
        try {
          enrichTree(err, ctx, false);
        } catch {
          counters.enrichFailed += 1;
        }
      }
      return err;
    },

    enrichEscaping(err, ctx) {
      if (typeof err !== 'object' || err === null || enriched.has(err)) return;
      try {
        enrichTree(err, ctx, true);
      } catch {
        counters.enrichFailed += 1;
      }
    },
  };
}
