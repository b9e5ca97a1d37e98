// `npm run soak` (60 s) or `npm run soak -- --seconds 10`: a server-like loop of
// withContext + withSpan + emitEvent + emitBatched with the OTLP exporter pointed at a
// port where nothing listens. It prints the heap after each 10% of the run, then checks:
// the heap is flat, every span is counted (exported + failed + dropped = ended), and
// shutdown ends within its budget. Exits 1 if a check fails.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { createTelemetry } from '../src/index.js';

const secondsArgument = process.argv.indexOf('--seconds');
const seconds = secondsArgument === -1 ? 60 : Number(process.argv[secondsArgument + 1]);
const SHUTDOWN_BUDGET_MS = 2000;
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with node --expose-gc (npm run soak does)');

async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}/v1/traces`;
}

function heapMb(): number {
  gc?.();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

const url = await closedPortUrl();
const telemetry = createTelemetry({ serviceName: 'soak', exporter: 'otlp', otlp: { url, timeoutMs: 1000 }, warnings: false });

/** One request: a scope, a server span with two children, an event deduplicated per route, a batched count. */
async function request(id: number): Promise<void> {
  const route = `/items/${id % 50}`;
  await telemetry.withContext({ requestId: `r-${id}`, route }, () =>
    telemetry.withSpan('request', { 'http.route': route }, async () => {
      await telemetry.withSpan('db.query', async () => nextTurn());
      telemetry.withSpan('render', () => telemetry.getContext().requestId);
      telemetry.emitEvent('request.slow', { durationMs: id % 7 }, { dedupKey: route });
      telemetry.emitBatched('request.done', { bytes: id % 1000 }, { batchKey: route });
    }),
  );
}

const started = Date.now();
const deadline = started + seconds * 1000;
const samples: Array<{ at: number; heapMb: number; requests: number }> = [];
let requests = 0;
let nextSample = started;
while (Date.now() < deadline) {
  // 64 concurrent requests per turn, like a busy server.
  await Promise.all(Array.from({ length: 64 }, () => request(requests++)));
  if (Date.now() >= nextSample) {
    samples.push({ at: (Date.now() - started) / 1000, heapMb: heapMb(), requests });
    console.log(`${samples.at(-1)?.at.toFixed(1)} s: ${requests} requests, heap ${samples.at(-1)?.heapMb.toFixed(1)} MB`);
    nextSample += (seconds * 1000) / 10;
  }
}

const shutdownStarted = Date.now();
await telemetry.shutdown({ timeoutMs: SHUTDOWN_BUDGET_MS });
const shutdownMs = Date.now() - shutdownStarted;
const { spans, export: exported, events } = telemetry.health();
// Warm-up is over once the processor's queue and the retrying exports are full: 30% in.
const warmHeap = samples[Math.min(3, samples.length - 1)]?.heapMb ?? 0;
const endHeap = samples.at(-1)?.heapMb ?? 0;
const accounted = exported.exported + exported.failed + exported.dropped;

console.log();
console.log(`requests: ${requests} in ${seconds} s (${Math.round(requests / seconds)}/s)`);
console.log(`spans: started ${spans.started}, ended ${spans.ended}, open ${spans.open}`);
console.log(`export: exported ${exported.exported}, failed ${exported.failed}, dropped ${exported.dropped} (accounted ${accounted} of ${spans.ended})`);
console.log(`events: executed ${events.executed}, suppressed ${events.suppressed}, dropped ${events.dropped}`);
console.log(`heap: ${warmHeap.toFixed(1)} MB after warm-up, ${endHeap.toFixed(1)} MB at the end of the loop, ${heapMb().toFixed(1)} MB after shutdown`);
console.log(`shutdown: ${shutdownMs} ms (budget ${SHUTDOWN_BUDGET_MS} ms)`);

const failures = [
  spans.started !== spans.ended && `${spans.open} spans still open`,
  accounted !== spans.ended && `${spans.ended - accounted} ended spans neither exported, failed nor dropped`,
  endHeap - warmHeap > 16 && `heap grew ${(endHeap - warmHeap).toFixed(1)} MB after warm-up`,
  shutdownMs > SHUTDOWN_BUDGET_MS + 500 && `shutdown took ${shutdownMs} ms`,
].filter(Boolean);
for (const failure of failures) console.log(`FAIL: ${failure}`);
console.log(failures.length === 0 ? 'soak: every check passed' : `soak: ${failures.length} check(s) failed`);
process.exitCode = failures.length === 0 ? 0 : 1;
