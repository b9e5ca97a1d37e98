import type { Batch, BatchKey } from './batches.js';
import type { DedupEntry, DedupKey } from './dedupWindow.js';
import type { EventListener } from './eventTap.js';
import type { AttachedHandler } from './handlerTable.js';
import type { Sampler } from './sampling/rules.js';

/** Calls of `emitEvent` for an event that has a sampling rule, as `samplingStats()` shows them. */
export interface SampledEvent {
  readonly sampler: Sampler;
  total: number;
  sampled: number;
}

const NO_HANDLERS: readonly AttachedHandler[] = Object.freeze([]);
const NO_LISTENERS: readonly EventListener[] = Object.freeze([]);

/**
 * Everything one instance keeps about one event, so that a single name lookup serves a
 * whole `execute`/`emitEvent`/`emitBatched` call. `parts` is the canonical (split, frozen)
 * name handlers receive; `key` its dotted form. Every field is set in the constructor so
 * all nodes share one shape.
 */
export class EventNode {
  readonly parts: readonly string[];
  readonly key: string;
  /** Replaced on every attach/detach, never mutated: a dispatch in progress iterates a stable snapshot. */
  handlers: readonly AttachedHandler[] = NO_HANDLERS;
  /** The instance's own listeners of this event (metric definitions); they pin the node. */
  listeners: readonly EventListener[] = NO_LISTENERS;
  /** Whether plain executions of this event reach the instance's tap; decided when the node is made. */
  tapped = false;
  /** Held for the life of the instance (the instance's own events): never forgotten. */
  pinned = false;
  /** Set when the node was forgotten as idle: a prepared event holding it looks its name up again. */
  forgotten = false;
  sampling: SampledEvent | undefined = undefined;
  /** Open dedup windows by `dedupKey`; created on first use. */
  dedupWindows: Map<DedupKey, DedupEntry> | undefined = undefined;
  /** Open batches by `batchKey`; created on first use. */
  batches: Map<BatchKey, Batch> | undefined = undefined;

  constructor(parts: readonly string[], key: string) {
    this.parts = parts;
    this.key = key;
  }

  /** Whether forgetting this node would lose anything (otherwise it is only a lookup result). */
  get holdsState(): boolean {
    return (
      this.handlers.length > 0 ||
      this.pinned ||
      this.sampling !== undefined ||
      (this.dedupWindows !== undefined && this.dedupWindows.size > 0) ||
      (this.batches !== undefined && this.batches.size > 0)
    );
  }
}
