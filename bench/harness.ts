// Same-process comparison harness on tinybench.
//
// Every comparison runs its candidates interleaved: R rounds, and in each round every
// candidate runs one short tinybench task (order reversed every other round), so that
// drift of the machine (other processes, thermal state, GC pressure) hits all candidates
// alike. A tinybench sample is one batch of `n` calls timed as a whole, so that ops of a
// few nanoseconds are not drowned by the cost of reading the timer; the round's value is
// the median of its samples, and the reported value the median of the round values.

import { performance } from 'node:perf_hooks';
import { Bench, type FnReturnedObject } from 'tinybench';

/** A measured operation. `op(i)` is one call; `i` counts calls, for ops that need distinct keys. */
export interface Candidate {
  name: string;
  op: (i: number) => unknown;
  /** `op` returns a promise that the loop awaits. */
  async?: boolean;
}

/** A ceiling for `ours / baseline`; `inclusive: false` means strictly below. */
export interface Target {
  maxRatio: number;
  inclusive: boolean;
}

export interface PairSpec {
  label: string;
  ours: string;
  baseline: string;
  /** No target: the row is shown for information. */
  target?: Target;
}

export interface ComparisonSpec {
  group: string;
  candidates: Candidate[];
  pairs: PairSpec[];
}

export interface Measurement {
  name: string;
  /** Median of the round medians. */
  median: number;
  /** (max - min) / median of the round medians, in percent. */
  spreadPct: number;
  rounds: number[];
  /** Calls per timed sample. */
  callsPerSample?: number;
}

export type Verdict = 'PASS' | 'MISS' | 'info' | 'n/a';

export interface RowResult {
  group: string;
  label: string;
  unit: 'ns/op' | 'MiB';
  ours: Measurement | undefined;
  baseline: Measurement;
  ratio: number | undefined;
  /** Median over rounds of ours/baseline in the same round: robust to drift between rounds. */
  pairedRatio: number | undefined;
  target: Target | undefined;
  verdict: Verdict;
  note?: string;
}

export interface HarnessSettings {
  quick: boolean;
  rounds: number;
  /** tinybench time budget per candidate per round. */
  roundMs: number;
  warmupMs: number;
  /** Wall time one timed sample aims for. */
  sampleTargetMs: number;
}

export function harnessSettings(quick: boolean): HarnessSettings {
  return quick
    ? { quick, rounds: 5, roundMs: 60, warmupMs: 200, sampleTargetMs: 0.1 }
    : { quick, rounds: 12, roundMs: 250, warmupMs: 500, sampleTargetMs: 0.1 };
}

/** Holds the last result of every loop so the optimizer cannot drop the calls. */
const sink: { value: unknown } = { value: undefined };

type Loop = (n: number, start: number) => unknown;

// Each candidate gets a loop compiled from its own source, so its call site only ever
// sees that candidate's op (monomorphic, inlinable), as it would in the user's code.
function compileLoop(candidate: Candidate): Loop {
  const body = candidate.async
    ? 'return async function loop(n, start) { let r; for (let i = start; i < start + n; i++) r = await op(i); sink.value = r; }'
    : 'return function loop(n, start) { let r; for (let i = start; i < start + n; i++) r = op(i); sink.value = r; }';
  const factory = new Function('op', 'sink', `/* ${candidate.name.replace(/\*\//g, '')} */ ${body}`) as (
    op: Candidate['op'],
    s: typeof sink,
  ) => Loop;
  return factory(candidate.op, sink);
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function spreadPercent(values: readonly number[]): number {
  const mid = median(values);
  return mid > 0 ? ((Math.max(...values) - Math.min(...values)) / mid) * 100 : 0;
}

export function verdictOf(ratio: number | undefined, target: Target | undefined): Verdict {
  if (ratio === undefined || Number.isNaN(ratio)) return 'n/a';
  if (!target) return 'info';
  const ok = target.inclusive ? ratio <= target.maxRatio : ratio < target.maxRatio;
  return ok ? 'PASS' : 'MISS';
}

interface LiveCandidate {
  candidate: Candidate;
  loop: Loop;
  callsPerSample: number;
  calls: number;
  rounds: number[];
}

async function timeLoop(live: LiveCandidate, n: number): Promise<number> {
  const start = performance.now();
  const pending = live.loop(n, live.calls);
  if (live.candidate.async) await pending;
  live.calls += n;
  return performance.now() - start;
}

// Finds how many calls fill one sample of about `sampleTargetMs`. Each size is timed a
// few times and the fastest kept, so one slow call (an export, a GC) cannot stop the search early.
async function calibrate(live: LiveCandidate, settings: HarnessSettings): Promise<void> {
  for (let n = 1; ; n *= 2) {
    let fastest = Number.POSITIVE_INFINITY;
    for (let attempt = 0; attempt < 3; attempt++) fastest = Math.min(fastest, await timeLoop(live, n));
    if (fastest >= settings.sampleTargetMs / 2 || n >= 1 << 22) {
      live.callsPerSample = Math.max(1, Math.round((n * settings.sampleTargetMs) / Math.max(fastest, 1e-6)));
      return;
    }
  }
}

async function runRound(live: LiveCandidate, settings: HarnessSettings, warmup: boolean) {
  const bench = new Bench({
    time: warmup ? settings.warmupMs : settings.roundMs,
    iterations: 10,
    warmup: false,
    throws: true,
  });
  const n = live.callsPerSample;
  bench.add(live.candidate.name, async (): Promise<FnReturnedObject> => {
    // Awaited per sample, so promise callbacks (the batch processor's exports) run between samples.
    const elapsed = await timeLoop(live, n);
    return { overriddenDuration: elapsed / n, overriddenIterationCost: elapsed };
  });
  await bench.run();
  const task = bench.tasks[0]!;
  const result = task.result;
  if (result.state !== 'completed') {
    throw new Error(`benchmark task ${live.candidate.name} ended in state ${result.state}`);
  }
  if (!warmup) live.rounds.push(result.latency.p50 * 1e6);
}

/** Runs all candidates of one comparison interleaved and pairs them into rows. */
export async function compare(spec: ComparisonSpec, settings: HarnessSettings): Promise<RowResult[]> {
  const lives: LiveCandidate[] = spec.candidates.map((candidate) => ({
    candidate,
    loop: compileLoop(candidate),
    callsPerSample: 1,
    calls: 0,
    rounds: [],
  }));
  for (const live of lives) {
    await calibrate(live, settings);
    await runRound(live, settings, true);
    await calibrate(live, settings);
  }
  for (let round = 0; round < settings.rounds; round++) {
    const order = round % 2 === 0 ? lives : [...lives].reverse();
    for (const live of order) await runRound(live, settings, false);
  }
  const byName = new Map(
    lives.map((live): [string, Measurement] => [
      live.candidate.name,
      {
        name: live.candidate.name,
        median: median(live.rounds),
        spreadPct: spreadPercent(live.rounds),
        rounds: live.rounds,
        callsPerSample: live.callsPerSample,
      },
    ]),
  );
  return spec.pairs.map((pair) => {
    const ours = byName.get(pair.ours);
    const baseline = byName.get(pair.baseline);
    if (!ours || !baseline) throw new Error(`comparison ${pair.label} names an unknown candidate`);
    const ratio = ours.median / baseline.median;
    const pairedRatio = median(ours.rounds.map((value, i) => value / baseline.rounds[i]!));
    return {
      group: spec.group,
      label: pair.label,
      unit: 'ns/op',
      ours,
      baseline,
      ratio,
      pairedRatio,
      target: pair.target,
      verdict: verdictOf(ratio, pair.target),
    };
  });
}

/** Runs a comparison, or only its baselines when the library could not be loaded (`unavailable` says why). */
export function measure(spec: ComparisonSpec, settings: HarnessSettings, unavailable: string | undefined): Promise<RowResult[]> {
  return unavailable === undefined ? compare(spec, settings) : baselinesOnly(spec, settings, unavailable);
}

async function baselinesOnly(spec: ComparisonSpec, settings: HarnessSettings, note: string): Promise<RowResult[]> {
  const baselineNames = new Set(spec.pairs.map((pair) => pair.baseline));
  const candidates = spec.candidates.filter((candidate) => baselineNames.has(candidate.name));
  const measured = await compare(
    { ...spec, candidates, pairs: candidates.map((c) => ({ label: c.name, ours: c.name, baseline: c.name })) },
    settings,
  );
  const byName = new Map(measured.map((row) => [row.baseline.name, row.baseline]));
  return spec.pairs.map((pair) => ({
    group: spec.group,
    label: pair.label,
    unit: 'ns/op',
    ours: undefined,
    baseline: byName.get(pair.baseline)!,
    ratio: undefined,
    pairedRatio: undefined,
    target: pair.target,
    verdict: 'n/a',
    note,
  }));
}

export function targetText(target: Target | undefined): string {
  if (!target) return '—';
  return `${target.inclusive ? '≤' : '<'} ${target.maxRatio}x`;
}

function formatValue(value: number, unit: RowResult['unit']): string {
  if (unit === 'MiB') return `${value.toFixed(2)} MiB`;
  if (value >= 1000) return `${(value / 1000).toFixed(2)} µs`;
  return `${value.toFixed(value >= 100 ? 0 : 1)} ns`;
}

function formatMeasurement(m: Measurement | undefined, unit: RowResult['unit']): string {
  if (!m) return 'n/a';
  return `${formatValue(m.median, unit)} ±${m.spreadPct.toFixed(1)}%`;
}

// Three significant digits: enough to tell 1.052x from a 1.05x target.
function formatRatio(ratio: number): string {
  return `${ratio < 0.1 ? ratio.toFixed(4) : ratio < 10 ? ratio.toFixed(3) : ratio.toFixed(1)}x`;
}

/** The printed table: also the Markdown table of docs/performance.md (it is valid Markdown). */
export function formatTable(rows: readonly RowResult[]): string {
  const header = ['#', 'comparison', 'ours', 'baseline', 'baseline value', 'ratio', 'target', 'result'];
  const lines = rows.map((row) => [
    row.group,
    row.label,
    formatMeasurement(row.ours, row.unit),
    row.baseline.name,
    formatMeasurement(row.baseline, row.unit),
    row.ratio === undefined ? 'n/a' : formatRatio(row.ratio),
    targetText(row.target),
    row.verdict,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((line) => line[i]!.length)));
  const format = (cells: string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')} |`;
  return [format(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...lines.map(format)].join('\n');
}
