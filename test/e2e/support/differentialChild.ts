/**
 * One side of the differential run: reads `[{ id, env }]` as JSON on stdin and, for each
 * environment in turn, sets exactly those `OTEL_*` variables, starts the NodeSDK
 * (`sdk`) or creates a telemetry instance (`library`), makes the same spans and shuts
 * down, so that every export has arrived before the next environment. Prints
 * `@@done <id>` per environment, after `@@failed <id> <error code>` if the shutdown
 * rejected (the run goes on with the next environment). Other output, such as a console
 * exporter's, is ignored.
 *
 *   node --import tsx test/e2e/support/differentialChild.ts sdk|library < cases.json
 */
import { context, metrics, propagation, ROOT_CONTEXT, trace, TraceFlags } from '@opentelemetry/api';
import { logs } from '@opentelemetry/api-logs';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { createTelemetry } from '../../../src/index.js';
import { REMOTE_PARENTS, ROOT_SPANS, type DifferentialCase } from './differentialSpans.js';

const side = process.argv[2];

async function runSdk(): Promise<void> {
  const sdk = new NodeSDK();
  sdk.start();
  const tracer = trace.getTracer('differential');
  for (const name of ROOT_SPANS) tracer.startSpan(name, {}, ROOT_CONTEXT).end();
  for (const parent of REMOTE_PARENTS) {
    const traceFlags = parent.sampled ? TraceFlags.SAMPLED : TraceFlags.NONE;
    const parentContext = trace.setSpanContext(ROOT_CONTEXT, { traceId: parent.traceId, spanId: parent.spanId, traceFlags, isRemote: true });
    tracer.startSpan(parent.child, {}, parentContext).end();
  }
  try {
    await sdk.shutdown();
  } finally {
    // The next environment gets a fresh NodeSDK: it may register its globals again.
    for (const api of [trace, context, propagation, metrics, logs]) api.disable();
  }
}

async function runLibrary(): Promise<void> {
  const telemetry = createTelemetry({ flushOnExit: false });
  for (const name of ROOT_SPANS) telemetry.withSpan(name, () => undefined);
  for (const parent of REMOTE_PARENTS) {
    const traceparent = `00-${parent.traceId}-${parent.spanId}-${parent.sampled ? '01' : '00'}`;
    telemetry.extract({ traceparent }, () => telemetry.withSpan(parent.child, () => undefined));
  }
  await telemetry.shutdown({ timeoutMs: 10_000 });
}

async function readCases(): Promise<DifferentialCase[]> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as DifferentialCase[];
}

const run = side === 'sdk' ? runSdk : side === 'library' ? runLibrary : undefined;
if (run === undefined) throw new Error(`usage: differentialChild.ts sdk|library, got ${side}`);
for (const { id, env } of await readCases()) {
  for (const name of Object.keys(process.env)) if (name.startsWith('OTEL_')) delete process.env[name];
  Object.assign(process.env, env);
  try {
    await run();
  } catch (error) {
    process.stdout.write(`@@failed ${id} ${(error as { code?: string }).code ?? String(error)}\n`);
  }
  process.stdout.write(`@@done ${id}\n`);
}
