// Rows 5-7: the event bus against Node's own EventEmitter and diagnostics_channel, and the
// dedup window and batches against the obvious Map-based implementations.

import dc from 'node:diagnostics_channel';
import { EventEmitter } from 'node:events';
import { measure, type Candidate, type HarnessSettings, type RowResult } from './harness.js';
import type { Library } from './library.js';
import { createNaiveBatcher, createNaiveDedup } from './naive.js';

// Event names and measurements are constants, as an application defines them once;
// metadata is a literal per call, as it carries the call's key.
const UNOBSERVED = ['bench', 'unobserved'] as const;
const OBSERVED = ['bench', 'observed'] as const;
const DEDUPED = ['bench', 'deduped'] as const;
const BATCHED = ['bench', 'batched'] as const;
const MEASUREMENTS = { count: 1 };
const METADATA = { table: 'orders' };
const DEFAULT_DEDUP_WINDOW_MS = 5000;
const DEFAULT_MAX_BATCH_SIZE = 100;

// Distinct keys for the new-key rows, built once so the string building is not measured.
// Far more keys than the default cap of 10,000, so every call of the library's dedup is a
// new key; the naive Map is cleared when the ring wraps, so every call is new for it too.
const KEY_RING_SIZE = 1 << 18;

export async function eventComparisons(lib: Library | Error, settings: HarnessSettings): Promise<RowResult[]> {
  const unavailable = lib instanceof Error ? lib.message : undefined;
  const keys = Array.from({ length: KEY_RING_SIZE }, (_, i) => `key-${i}`);
  const keyMask = KEY_RING_SIZE - 1;

  let observedTotal = 0;
  const handler = (_event: readonly string[], measurements: Record<string, number>): void => {
    observedTotal += measurements.count ?? 0;
  };

  const naiveSuppressed = createNaiveDedup(DEFAULT_DEDUP_WINDOW_MS);
  const naiveNewKey = createNaiveDedup(DEFAULT_DEDUP_WINDOW_MS, KEY_RING_SIZE);
  const naiveBatcher = createNaiveBatcher(DEFAULT_MAX_BATCH_SIZE);

  // Node's own primitives, as a Node developer would use them for the same event.
  const unobservedEmitter = new EventEmitter();
  const observedEmitter = new EventEmitter();
  observedEmitter.on('bench.observed', (measurements: Record<string, number>) => {
    observedTotal += measurements.count ?? 0;
  });
  const unobservedChannel = dc.channel('bench.unobserved');
  const busCandidates: Candidate[] = [
    { name: 'EventEmitter.emit, no listener', op: () => unobservedEmitter.emit('bench.unobserved', MEASUREMENTS, METADATA) },
    { name: 'EventEmitter.emit, one listener', op: () => observedEmitter.emit('bench.observed', MEASUREMENTS, METADATA) },
    { name: 'diagnostics_channel publish, no subscriber', op: () => unobservedChannel.publish(MEASUREMENTS) },
  ];
  const suppressedCandidates: Candidate[] = [
    { name: 'naive Map, suppressed', op: () => naiveSuppressed.emit(DEDUPED, MEASUREMENTS, { dedupKey: 'same' }) },
  ];
  const newKeyCandidates: Candidate[] = [
    { name: 'naive Map, new key', op: (i) => naiveNewKey.emit(DEDUPED, MEASUREMENTS, { dedupKey: keys[i & keyMask]! }) },
  ];
  const batchCandidates: Candidate[] = [
    { name: 'naive Map accumulate', op: () => naiveBatcher.add(BATCHED, 1, { batchKey: 'orders' }) },
  ];

  // One instance per comparison, so the new-key flood cannot evict the suppressed row's key.
  // The quiet instance has no handler at all; the busy one has a handler on another event.
  const instances =
    lib instanceof Error ? [] : [0, 1, 2, 3, 4].map(() => lib.createTelemetry({ serviceName: 'bench', exporter: 'none' }));
  const [quiet, busy, suppressing, newKeys, batching] = instances;
  if (quiet && busy && suppressing && newKeys && batching) {
    busy.attach('bench-handler', OBSERVED, handler);
    const preparedUnobserved = quiet.event(UNOBSERVED);
    const preparedObserved = busy.event(OBSERVED);
    busCandidates.push(
      { name: 'execute, no handler', op: () => quiet.execute(UNOBSERVED, MEASUREMENTS, METADATA) },
      { name: 'execute, one handler', op: () => busy.execute(OBSERVED, MEASUREMENTS, METADATA) },
      { name: 'event(name).execute, no handler', op: () => preparedUnobserved.execute(MEASUREMENTS, METADATA) },
      { name: 'event(name).execute, one handler', op: () => preparedObserved.execute(MEASUREMENTS, METADATA) },
    );
    suppressedCandidates.push({ name: 'emitEvent, suppressed', op: () => suppressing.emitEvent(DEDUPED, MEASUREMENTS, { dedupKey: 'same' }) });
    newKeyCandidates.push({
      name: 'emitEvent, new key',
      op: (i) => newKeys.emitEvent(DEDUPED, MEASUREMENTS, { dedupKey: keys[i & keyMask]! }),
    });
    batchCandidates.push({ name: 'emitBatched', op: () => batching.emitBatched(BATCHED, 1, { batchKey: 'orders' }) });
  }

  const rows: RowResult[] = [];
  try {
    rows.push(
      ...(await measure(
        {
          group: '5',
          candidates: busCandidates,
          pairs: [
            {
              label: 'execute(name), no handler',
              ours: 'execute, no handler',
              baseline: 'EventEmitter.emit, no listener',
              target: { maxRatio: 1.5, inclusive: true },
            },
            {
              label: 'event(name).execute, no handler',
              ours: 'event(name).execute, no handler',
              baseline: 'diagnostics_channel publish, no subscriber',
              target: { maxRatio: 1, inclusive: true },
            },
            {
              label: 'event(name).execute, one handler',
              ours: 'event(name).execute, one handler',
              baseline: 'EventEmitter.emit, one listener',
              target: { maxRatio: 1, inclusive: true },
            },
            {
              label: 'execute(name), one handler',
              ours: 'execute, one handler',
              baseline: 'EventEmitter.emit, one listener',
            },
          ],
        },
        settings,
        unavailable,
      )),
      ...(await measure(
        {
          group: '6',
          candidates: suppressedCandidates,
          pairs: [
            {
              label: 'emitEvent, suppressed (same key in window)',
              ours: 'emitEvent, suppressed',
              baseline: 'naive Map, suppressed',
              target: { maxRatio: 0.2, inclusive: true },
            },
          ],
        },
        settings,
        unavailable,
      )),
      ...(await measure(
        {
          group: '6',
          candidates: newKeyCandidates,
          pairs: [
            {
              label: 'emitEvent, new key (cap evicting)',
              ours: 'emitEvent, new key',
              baseline: 'naive Map, new key',
              target: { maxRatio: 1, inclusive: true },
            },
          ],
        },
        settings,
        unavailable,
      )),
      ...(await measure(
        {
          group: '7',
          candidates: batchCandidates,
          pairs: [
            {
              label: 'emitBatched (size flush every 100)',
              ours: 'emitBatched',
              baseline: 'naive Map accumulate',
              target: { maxRatio: 0.3, inclusive: true },
            },
          ],
        },
        settings,
        unavailable,
      )),
    );
  } finally {
    await Promise.all(instances.map((instance) => instance.shutdown()));
  }
  if (observedTotal === 0) throw new Error('the handler was never called: the one-handler row measured nothing');
  return rows;
}
