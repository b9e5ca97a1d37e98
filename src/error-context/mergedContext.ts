import type { FlowScope, MergedFields } from '../context/flowScope.js';
import { frozenMerge } from '../context/fieldMerge.js';
import type { ContextFields } from './types.js';

/** The frozen empty context: what a flow without fields sees. */
export const EMPTY_CONTEXT: Readonly<ContextFields> = Object.freeze({});

function isFresh(entry: MergedFields, scope: FlowScope): boolean {
  let index = 0;
  for (let s: FlowScope | undefined = scope; s !== undefined; s = s.parent) {
    if (s.fields === undefined) continue;
    if (entry.layers[index] !== s.fields) return false;
    index += 1;
  }
  return index === entry.layers.length;
}

/**
 * The merged fields of a scope chain: root first, inner keys win, frozen. Scope fields are written
 * copy-on-write as frozen objects (see `scopes.ts`), so a chain with one set of fields
 * returns it as is, and a merged result (kept on the innermost scope, not in a table, so
 * it goes away with the flow) stays valid exactly as long as every scope of the chain
 * still holds the same `fields` object: no copy on a repeated `getContext`. The result
 * depends only on the chain, so instances sharing a flow may share it.
 *
 * @example
 * mergedContext(currentScope()); // { requestId: 'r1', userId: 'u1' }
 */
export function mergedContext(scope: FlowScope | undefined): Readonly<ContextFields> {
  let withFields = 0;
  let only: ContextFields | undefined;
  for (let s: FlowScope | undefined = scope; s !== undefined; s = s.parent) {
    if (s.fields !== undefined) {
      withFields += 1;
      only = s.fields;
    }
  }
  if (withFields === 0 || scope === undefined) return EMPTY_CONTEXT;
  if (withFields === 1 && Object.isFrozen(only)) return only as Readonly<ContextFields>;

  const cached = scope.merged;
  if (cached !== undefined && isFresh(cached, scope)) return cached.fields;

  const layers: ContextFields[] = [];
  for (let s: FlowScope | undefined = scope; s !== undefined; s = s.parent) {
    if (s.fields !== undefined) layers.push(s.fields);
  }
  const merged = frozenMerge(layers);
  scope.merged = { fields: merged, layers };
  return merged;
}
