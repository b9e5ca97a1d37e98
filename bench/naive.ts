// The dedup check and batch accumulate written the obvious way: one Map keyed by a
// concatenated string, Date.now() per call. These are the baselines of rows 6, 7 and 9.

type Measurements = Record<string, number>;

export interface NaiveDedup {
  emit(name: readonly string[], measurements: Measurements, metadata: { dedupKey: string | number }): boolean;
  size(): number;
  suppressed(): number;
}

/**
 * `clearAt` bounds the table only so a long benchmark run cannot reach the engine's Map
 * size limit; set it far above the keys a row uses so the row measures an unbounded Map.
 */
export function createNaiveDedup(windowMs: number, clearAt = Number.POSITIVE_INFINITY): NaiveDedup {
  const lastExecutedAt = new Map<string, number>();
  let suppressed = 0;
  return {
    emit(name, _measurements, metadata) {
      const key = name.join('.') + '|' + metadata.dedupKey;
      const now = Date.now();
      const last = lastExecutedAt.get(key);
      if (last !== undefined && now - last < windowMs) {
        suppressed++;
        return false;
      }
      if (lastExecutedAt.size >= clearAt) lastExecutedAt.clear();
      lastExecutedAt.set(key, now);
      return true;
    },
    size: () => lastExecutedAt.size,
    suppressed: () => suppressed,
  };
}

export interface NaiveBatcher {
  add(name: readonly string[], measurement: number, metadata: { batchKey: string }): void;
  delivered(): number;
}

/** Accumulates per key and hands a batch on when it reaches `maxBatchSize`, like the library's size flush. */
export function createNaiveBatcher(maxBatchSize: number): NaiveBatcher {
  const batches = new Map<string, { count: number; events: unknown[] }>();
  let delivered = 0;
  return {
    add(name, measurement, metadata) {
      const key = name.join('.') + '|' + metadata.batchKey;
      let batch = batches.get(key);
      if (batch === undefined) {
        batch = { count: 0, events: [] };
        batches.set(key, batch);
      }
      batch.count += measurement;
      batch.events.push(metadata);
      if (batch.events.length >= maxBatchSize) {
        batches.delete(key);
        delivered += batch.count;
      }
    },
    delivered: () => delivered,
  };
}
