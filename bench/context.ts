// Row 8: withContext + getContext against a bare AsyncLocalStorage.run + getStore.

import { AsyncLocalStorage } from 'node:async_hooks';
import { measure, type Candidate, type HarnessSettings, type RowResult } from './harness.js';
import type { Library } from './library.js';

const FIELDS = { requestId: 'req-1', tenant: 'acme' };

export async function contextComparisons(lib: Library | Error, settings: HarnessSettings): Promise<RowResult[]> {
  const unavailable = lib instanceof Error ? lib.message : undefined;
  const storage = new AsyncLocalStorage<Record<string, unknown>>();
  const readStore = () => storage.getStore();
  const candidates: Candidate[] = [{ name: 'AsyncLocalStorage.run + getStore', op: () => storage.run(FIELDS, readStore) }];

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
            baseline: 'AsyncLocalStorage.run + getStore',
            target: { maxRatio: 1.5, inclusive: true },
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
