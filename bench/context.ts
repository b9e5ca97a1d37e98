// Row 8: withContext + getContext against raw OpenTelemetry doing the same (a context value
// set with `context.with` and read back), and, for scale, a bare AsyncLocalStorage.

import { AsyncLocalStorage } from 'node:async_hooks';
import { context, createContextKey } from '@opentelemetry/api';
import { measure, type Candidate, type HarnessSettings, type RowResult } from './harness.js';
import type { Library } from './library.js';

const FIELDS = { requestId: 'req-1', tenant: 'acme' };
const FIELDS_KEY = createContextKey('bench request context');

export async function contextComparisons(lib: Library | Error, settings: HarnessSettings): Promise<RowResult[]> {
  const unavailable = lib instanceof Error ? lib.message : undefined;
  const storage = new AsyncLocalStorage<Record<string, unknown>>();
  const readStore = () => storage.getStore();
  const readValue = () => context.active().getValue(FIELDS_KEY);
  const candidates: Candidate[] = [
    { name: 'AsyncLocalStorage.run + getStore', op: () => storage.run(FIELDS, readStore) },
    { name: 'raw context.with + getValue', op: () => context.with(context.active().setValue(FIELDS_KEY, FIELDS), readValue) },
  ];

  const telemetry = lib instanceof Error ? undefined : lib.createTelemetry({ serviceName: 'bench', exporter: 'none' });
  if (telemetry) {
    const readContext = () => telemetry.getContext();
    candidates.push({ name: 'withContext + getContext', op: () => telemetry.withContext(FIELDS, readContext) });
  }
  try {
    return await measure(
      {
        group: '8',
        candidates,
        pairs: [
          {
            label: 'withContext + getContext',
            ours: 'withContext + getContext',
            baseline: 'raw context.with + getValue',
            target: { maxRatio: 1, inclusive: true },
          },
          {
            label: 'withContext + getContext (vs bare ALS)',
            ours: 'withContext + getContext',
            baseline: 'AsyncLocalStorage.run + getStore',
          },
        ],
      },
      settings,
      unavailable,
    );
  } finally {
    await telemetry?.shutdown();
  }
}
