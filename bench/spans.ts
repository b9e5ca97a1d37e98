// Rows 1-4: withSpan against raw OpenTelemetry on the same provider, and ratio-0 spans
// against a raw ratio-0 provider and a bare AsyncLocalStorage.run.

import { AsyncLocalStorage } from 'node:async_hooks';
import type { Span } from '@opentelemetry/api';
import { measure, type Candidate, type HarnessSettings, type RowResult } from './harness.js';
import type { Library } from './library.js';
import { createBatchProvider, createDroppingExporter, registerContextManager } from './otel.js';

const work = (): number => 42;
const asyncWork = async (): Promise<number> => 42;

// What users write without the library: end the span whatever happens.
const rawBody = (span: Span): number => {
  try {
    return work();
  } finally {
    span.end();
  }
};
const rawAsyncBody = async (span: Span): Promise<number> => {
  try {
    return await asyncWork();
  } finally {
    span.end();
  }
};

export async function spanComparisons(lib: Library | Error, settings: HarnessSettings): Promise<RowResult[]> {
  registerContextManager();
  const unavailable = lib instanceof Error ? lib.message : undefined;

  // Recording: one provider, batch processor, dropping exporter; raw tracer and library share it.
  const exporter = createDroppingExporter();
  const provider = createBatchProvider(exporter, 1);
  const tracer = provider.getTracer('bench-raw');

  // Ratio 0: the library builds its own provider from `sampler: { ratio: 0 }`; the raw one is
  // built the same way (parent-based, ratio 0, batch processor).
  const rawRatio0Provider = createBatchProvider(createDroppingExporter(), 0);
  const rawRatio0Tracer = rawRatio0Provider.getTracer('bench-raw');
  const bareStorage = new AsyncLocalStorage<number>();

  const telemetry = lib instanceof Error ? undefined : lib.createTelemetry({ serviceName: 'bench', tracerProvider: provider });
  const telemetryRatio0 =
    lib instanceof Error
      ? undefined
      : lib.createTelemetry({ serviceName: 'bench', sampler: { ratio: 0 }, exporter: createDroppingExporter() });

  // Each level's callback is created once, as the library's nested callbacks are.
  const rawC = (): number => tracer.startActiveSpan('bench.nested.c', rawBody);
  const rawBodyB = (span: Span): number => {
    try {
      return rawC();
    } finally {
      span.end();
    }
  };
  const rawB = (): number => tracer.startActiveSpan('bench.nested.b', rawBodyB);
  const rawBodyA = (span: Span): number => {
    try {
      return rawB();
    } finally {
      span.end();
    }
  };
  const rawNested: Candidate = { name: 'raw startActiveSpan x3', op: () => tracer.startActiveSpan('bench.nested.a', rawBodyA) };

  const rows: RowResult[] = [];
  const syncCandidates: Candidate[] = [{ name: 'raw startActiveSpan', op: () => tracer.startActiveSpan('bench.sync', rawBody) }];
  const asyncCandidates: Candidate[] = [
    { name: 'raw startActiveSpan async', op: () => tracer.startActiveSpan('bench.async', rawAsyncBody), async: true },
  ];
  const ratio0Candidates: Candidate[] = [
    { name: 'raw startActiveSpan ratio 0', op: () => rawRatio0Tracer.startActiveSpan('bench.ratio0', rawBody) },
    { name: 'AsyncLocalStorage.run', op: (i) => bareStorage.run(i, work) },
  ];
  const nestedCandidates: Candidate[] = [rawNested];

  if (telemetry && telemetryRatio0) {
    const c = () => telemetry.withSpan('bench.nested.c', work);
    const b = () => telemetry.withSpan('bench.nested.b', c);
    syncCandidates.push({ name: 'withSpan', op: () => telemetry.withSpan('bench.sync', work) });
    asyncCandidates.push({ name: 'withSpan async', op: () => telemetry.withSpan('bench.async', asyncWork), async: true });
    ratio0Candidates.push({ name: 'withSpan ratio 0', op: () => telemetryRatio0.withSpan('bench.ratio0', work) });
    nestedCandidates.push({ name: 'withSpan x3', op: () => telemetry.withSpan('bench.nested.a', b) });
  }

  const ceiling = (maxRatio: number) => ({ maxRatio, inclusive: true });
  try {
    rows.push(
      ...(await measure(
        {
          group: '1',
          candidates: syncCandidates,
          pairs: [{ label: 'withSpan sync, recording', ours: 'withSpan', baseline: 'raw startActiveSpan', target: ceiling(1.05) }],
        },
        settings,
        unavailable,
      )),
      ...(await measure(
        {
          group: '2',
          candidates: asyncCandidates,
          pairs: [
            {
              label: 'withSpan async (awaited), recording',
              ours: 'withSpan async',
              baseline: 'raw startActiveSpan async',
              target: ceiling(1.05),
            },
          ],
        },
        settings,
        unavailable,
      )),
      ...(await measure(
        {
          group: '3',
          candidates: ratio0Candidates,
          pairs: [
            {
              label: 'withSpan, sampler ratio 0',
              ours: 'withSpan ratio 0',
              baseline: 'raw startActiveSpan ratio 0',
              target: ceiling(1.1),
            },
            { label: 'withSpan, sampler ratio 0 (vs bare ALS)', ours: 'withSpan ratio 0', baseline: 'AsyncLocalStorage.run' },
          ],
        },
        settings,
        unavailable,
      )),
      ...(await measure(
        {
          group: '4',
          candidates: nestedCandidates,
          pairs: [{ label: 'withSpan nested 3 deep', ours: 'withSpan x3', baseline: 'raw startActiveSpan x3', target: ceiling(1.05) }],
        },
        settings,
        unavailable,
      )),
    );
  } finally {
    await telemetry?.shutdown();
    await telemetryRatio0?.shutdown();
    await provider.shutdown();
    await rawRatio0Provider.shutdown();
  }
  if (exporter.exportedSpans() === 0) throw new Error('the recording provider exported no span: the comparison measured nothing real');
  return rows;
}
