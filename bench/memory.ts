// Row 9: heap retained after 1,000,000 distinct dedup keys, library (default cap of
// 10,000 keys) against the naive Map, measured after full garbage collections.

import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { median, spreadPercent, verdictOf, type HarnessSettings, type Measurement, type RowResult } from './harness.js';
import type { Library } from './library.js';
import { createNaiveDedup } from './naive.js';

const DISTINCT_KEYS = 1_000_000;
const EVENT = ['bench', 'memory'] as const;
const MEASUREMENTS = { count: 1 };
const MIB = 1024 * 1024;

// `node --expose-gc` gives `gc`; without the flag it can still be switched on at run time.
function obtainGc(): () => void {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed) return exposed;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

function heapAfterGc(gc: () => void): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/** Heap growth, in MiB, caused by what `fill` keeps reachable through the value it returns. */
function retainedBy(gc: () => void, fill: () => unknown): number {
  const before = heapAfterGc(gc);
  const kept = fill();
  const after = heapAfterGc(gc);
  // Read after the measurement so the filled structure is reachable until then.
  if (kept === undefined) throw new Error('fill returned nothing to keep');
  return (after - before) / MIB;
}

function measurement(name: string, rounds: number[]): Measurement {
  return { name, median: median(rounds), spreadPct: spreadPercent(rounds), rounds };
}

export async function memoryComparison(lib: Library | Error, settings: HarnessSettings): Promise<RowResult[]> {
  const gc = obtainGc();
  const roundCount = settings.quick ? 1 : 3;
  const oursRounds: number[] = [];
  const naiveRounds: number[] = [];
  let note = '';

  const measureNaive = () =>
    naiveRounds.push(
      retainedBy(gc, () => {
        const naive = createNaiveDedup(5000);
        for (let i = 0; i < DISTINCT_KEYS; i++) naive.emit(EVENT, MEASUREMENTS, { dedupKey: `key-${i}` });
        return naive;
      }),
    );

  const measureOurs = async (library: Library) => {
    // The instance itself (provider, processor, timers) is not what this row is about.
    const telemetry = library.createTelemetry({ serviceName: 'bench', exporter: 'none' });
    telemetry.emitEvent(EVENT, MEASUREMENTS, { dedupKey: 'warm-up' });
    oursRounds.push(
      retainedBy(gc, () => {
        for (let i = 0; i < DISTINCT_KEYS; i++) telemetry.emitEvent(EVENT, MEASUREMENTS, { dedupKey: `key-${i}` });
        return telemetry;
      }),
    );
    const { dedupKeys, dedupEvictions } = telemetry.health().events;
    note = `library table after the run: ${dedupKeys} keys, ${dedupEvictions} evictions`;
    await telemetry.shutdown();
  };

  for (let round = 0; round < roundCount; round++) {
    if (lib instanceof Error) {
      measureNaive();
    } else if (round % 2 === 0) {
      await measureOurs(lib);
      measureNaive();
    } else {
      measureNaive();
      await measureOurs(lib);
    }
  }

  const baseline = measurement('naive Map<string, number>', naiveRounds);
  const ours = oursRounds.length > 0 ? measurement('emitEvent, default cap', oursRounds) : undefined;
  const ratio = ours ? ours.median / baseline.median : undefined;
  const target = { maxRatio: 0.02, inclusive: false };
  return [
    {
      group: '9',
      label: `heap after ${DISTINCT_KEYS.toLocaleString('en-US')} distinct dedup keys`,
      unit: 'MiB',
      ours,
      baseline,
      ratio,
      pairedRatio: ours ? median(ours.rounds.map((value, i) => value / naiveRounds[i]!)) : undefined,
      target,
      verdict: verdictOf(ratio, target),
      note: lib instanceof Error ? lib.message : note,
    },
  ];
}
