import type { EventNode } from './eventNode.js';
import type { BatchReason, Measurements, Metadata } from './types.js';

export type BatchKey = string | number;

/** The occurrences of one `(event, batchKey)` accumulated since the last time it was executed. */
export interface Batch {
  readonly name: EventNode;
  readonly batchKey: BatchKey;
  /** Summed measurements; `count` is always present. */
  readonly sums: Measurements & { count: number };
  /** Each occurrence's metadata, in order. */
  readonly events: Metadata[];
  /** The fields whose sum went beyond ±`Number.MAX_VALUE` and is held there; set on the first. */
  clamped: string[] | undefined;
}

/**
 * Open batches per `(event, batchKey)`. A batch is handed to `onReady` when it reaches
 * `maxBatchSize` occurrences, or when a new key would exceed `maxBatchKeys` (the oldest
 * batch goes, early). Nothing is dropped.
 */
export class Batches {
  readonly #maxBatchSize: number;
  readonly #maxBatchKeys: number;
  readonly #onReady: (batch: Batch, reason: BatchReason) => void;
  // Every open batch, oldest first (Set keeps insertion order).
  readonly #open = new Set<Batch>();
  #pendingOccurrences = 0;

  constructor(maxBatchSize: number, maxBatchKeys: number, onReady: (batch: Batch, reason: BatchReason) => void) {
    this.#maxBatchSize = Math.max(1, maxBatchSize);
    this.#maxBatchKeys = Math.max(1, maxBatchKeys);
    this.#onReady = onReady;
  }

  /** Open batches. */
  get size(): number {
    return this.#open.size;
  }

  /** Occurrences waiting in open batches. */
  get pendingOccurrences(): number {
    return this.#pendingOccurrences;
  }

  /**
   * Adds one occurrence. A number is summed into `count`; a record has each field summed,
   * and adds 1 to `count` unless it carries its own `count`, which is summed instead.
   * Input must already be validated.
   */
  add(node: EventNode, batchKey: BatchKey, measurement: number | Measurements, metadata: Metadata): void {
    let byKey = node.batches;
    let batch = byKey === undefined ? undefined : byKey.get(batchKey);
    let overflowed: Batch | undefined;
    if (batch === undefined) {
      if (this.#open.size >= this.#maxBatchKeys) {
        overflowed = this.#open.values().next().value as Batch;
        this.#remove(overflowed);
      }
      batch = { name: node, batchKey, sums: { count: 0 }, events: [], clamped: undefined };
      if (byKey === undefined) {
        byKey = new Map();
        node.batches = byKey;
      }
      byKey.set(batchKey, batch);
      this.#open.add(batch);
    }
    accumulate(batch, measurement);
    batch.events.push(metadata);
    this.#pendingOccurrences++;
    const full = batch.events.length >= this.#maxBatchSize;
    if (full) this.#remove(batch);
    // Handed out only once the table is consistent: the batch's handlers may emit again.
    if (overflowed !== undefined) this.#onReady(overflowed, 'overflow');
    if (full) this.#onReady(batch, 'size');
  }

  /** Removes and returns every open batch, oldest first. */
  takeAll(): Batch[] {
    const all = [...this.#open];
    for (const batch of all) this.#remove(batch);
    return all;
  }

  #remove(batch: Batch): void {
    const byKey = batch.name.batches;
    if (byKey !== undefined && byKey.get(batch.batchKey) === batch) byKey.delete(batch.batchKey);
    this.#open.delete(batch);
    this.#pendingOccurrences -= batch.events.length;
  }
}

/**
 * Sums are own fields of a plain object (what handlers expect), so a field named like an
 * `Object.prototype` member (`constructor`, `valueOf`, `__proto__`) must be read and written
 * as an own field, never through the prototype. Inherited fields of `measurement` are not summed.
 */
function accumulate(batch: Batch, measurement: number | Measurements): void {
  const sums = batch.sums;
  if (typeof measurement === 'number') {
    sums.count = finiteSum(batch, 'count', sums.count + measurement);
    return;
  }
  let hasCount = false;
  for (const field in measurement) {
    if (!Object.prototype.hasOwnProperty.call(measurement, field)) continue;
    const value = measurement[field] as number;
    const sum: unknown = sums[field];
    // A number is a sum already (Object.prototype holds none); anything else but `undefined`
    // is an inherited member, which an own field must shadow.
    if (typeof sum === 'number') sums[field] = finiteSum(batch, field, sum + value);
    else if (sum === undefined) sums[field] = value;
    else Object.defineProperty(sums, field, { value, writable: true, enumerable: true, configurable: true });
    if (field === 'count') hasCount = true;
  }
  if (!hasCount) sums.count = finiteSum(batch, 'count', sums.count + 1);
}

/** `sum`, or ±`Number.MAX_VALUE` where it overflowed (two finite numbers never add up to `NaN`). */
function finiteSum(batch: Batch, field: string, sum: number): number {
  return Number.isFinite(sum) ? sum : clamp(batch, field, sum);
}

/** Holds an overflowed sum at ±`Number.MAX_VALUE` and lists `field` in `batch.clamped`. */
function clamp(batch: Batch, field: string, sum: number): number {
  if (batch.clamped === undefined) batch.clamped = [field];
  else if (!batch.clamped.includes(field)) batch.clamped.push(field);
  return sum > 0 ? Number.MAX_VALUE : -Number.MAX_VALUE;
}
