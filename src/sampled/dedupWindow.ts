import type { EventNode } from './eventNode.js';
import type { Metadata } from './types.js';

export type DedupKey = string | number;

/** Occurrences of one `(event, dedupKey)` suppressed and not yet reported. */
export interface SuppressionSummary {
  readonly name: EventNode;
  readonly dedupKey: DedupKey;
  readonly count: number;
  readonly firstAt: number;
  readonly lastAt: number;
  /** The metadata of the last suppressed occurrence, when it was kept (see `offer`). */
  readonly lastOccurrence: Metadata | undefined;
}

/** The window of one `(event, dedupKey)`, kept in its event's node. */
export interface DedupEntry {
  readonly node: EventNode;
  readonly dedupKey: DedupKey;
  lastExecutedAt: number;
  suppressed: number;
  firstSuppressedAt: number;
  lastSuppressedAt: number;
  lastOccurrence: Metadata | undefined;
  // Intrusive list across all events, least recently executed first: O(1) eviction and
  // refresh without a second index.
  older: DedupEntry | undefined;
  newer: DedupEntry | undefined;
}

/** Result of `offer` for a suppressed occurrence. */
export const SUPPRESSED = -1;

/**
 * The dedup table: one window per `(event, dedupKey)`, opened by an executed occurrence and
 * lasting `windowMs`. Bounded to `maxKeys` windows; the least recently executed is evicted.
 */
export class DedupWindow {
  readonly #windowMs: number;
  readonly #maxKeys: number;
  readonly #onEvicted: (summary: SuppressionSummary) => void;
  #oldest: DedupEntry | undefined;
  #newest: DedupEntry | undefined;
  #size = 0;
  #evictions = 0;

  /** @param onEvicted receives the pending count of an evicted window, so it is never lost. */
  constructor(windowMs: number, maxKeys: number, onEvicted: (summary: SuppressionSummary) => void) {
    this.#windowMs = windowMs;
    this.#maxKeys = Math.max(1, maxKeys);
    this.#onEvicted = onEvicted;
  }

  get size(): number {
    return this.#size;
  }

  get evictions(): number {
    return this.#evictions;
  }

  /**
   * Records an occurrence at `now`. Returns `SUPPRESSED` when it falls inside the window of
   * the last executed one; otherwise it is to be executed, and the return value is how many
   * occurrences were suppressed since the previous execution. `metadata`, when given, is
   * kept as the window's last suppressed occurrence, for its summary.
   */
  offer(node: EventNode, dedupKey: DedupKey, now: number, metadata: Metadata | undefined): number {
    const windows = node.dedupWindows;
    const entry = windows === undefined ? undefined : windows.get(dedupKey);
    if (entry !== undefined) {
      if (now - entry.lastExecutedAt < this.#windowMs) {
        if (entry.suppressed === 0) entry.firstSuppressedAt = now;
        entry.suppressed++;
        entry.lastSuppressedAt = now;
        entry.lastOccurrence = metadata;
        return SUPPRESSED;
      }
      const suppressed = entry.suppressed;
      entry.suppressed = 0;
      entry.lastOccurrence = undefined;
      entry.lastExecutedAt = now;
      this.#unlink(entry);
      this.#append(entry);
      return suppressed;
    }
    const evicted = this.#size >= this.#maxKeys ? this.#evictOldest() : undefined;
    this.#insert(node, dedupKey, now);
    // Reported only once the table is consistent: the summary's handlers may emit again.
    if (evicted !== undefined && evicted.suppressed > 0) this.#onEvicted(summarize(evicted));
    return 0;
  }

  /**
   * Removes the windows closed by `now` (every window when `all`), and returns the
   * summaries of those that hold suppressed occurrences.
   */
  closeWindows(now: number, all: boolean): SuppressionSummary[] {
    const summaries: SuppressionSummary[] = [];
    let entry = this.#oldest;
    while (entry !== undefined) {
      const next = entry.newer;
      if (all || now - entry.lastExecutedAt >= this.#windowMs) {
        this.#remove(entry);
        if (entry.suppressed > 0) summaries.push(summarize(entry));
      }
      entry = next;
    }
    return summaries;
  }

  #insert(node: EventNode, dedupKey: DedupKey, now: number): void {
    const entry: DedupEntry = {
      node,
      dedupKey,
      lastExecutedAt: now,
      suppressed: 0,
      firstSuppressedAt: 0,
      lastSuppressedAt: 0,
      lastOccurrence: undefined,
      older: undefined,
      newer: undefined,
    };
    if (node.dedupWindows === undefined) node.dedupWindows = new Map();
    node.dedupWindows.set(dedupKey, entry);
    this.#append(entry);
    this.#size++;
  }

  #evictOldest(): DedupEntry | undefined {
    const oldest = this.#oldest;
    if (oldest === undefined) return undefined;
    this.#remove(oldest);
    this.#evictions++;
    return oldest;
  }

  #remove(entry: DedupEntry): void {
    const windows = entry.node.dedupWindows;
    if (windows !== undefined && windows.get(entry.dedupKey) === entry) windows.delete(entry.dedupKey);
    this.#unlink(entry);
    this.#size--;
  }

  #append(entry: DedupEntry): void {
    entry.older = this.#newest;
    entry.newer = undefined;
    if (this.#newest === undefined) this.#oldest = entry;
    else this.#newest.newer = entry;
    this.#newest = entry;
  }

  #unlink(entry: DedupEntry): void {
    if (entry.older === undefined) this.#oldest = entry.newer;
    else entry.older.newer = entry.newer;
    if (entry.newer === undefined) this.#newest = entry.older;
    else entry.newer.older = entry.older;
    entry.older = undefined;
    entry.newer = undefined;
  }
}

function summarize(entry: DedupEntry): SuppressionSummary {
  return {
    name: entry.node,
    dedupKey: entry.dedupKey,
    count: entry.suppressed,
    firstAt: entry.firstSuppressedAt,
    lastAt: entry.lastSuppressedAt,
    lastOccurrence: entry.lastOccurrence,
  };
}
