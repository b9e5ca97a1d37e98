// Loads the library from source. Loaded lazily so that the baselines can still be
// measured (and the harness checked) while a part of the library does not build.

import type { counter as Counter, createTelemetry as CreateTelemetry } from '../src/index.js';

export type Library = { createTelemetry: typeof CreateTelemetry; counter: typeof Counter };

export async function loadLibrary(): Promise<Library | Error> {
  try {
    return (await import('../src/index.js')) as Library;
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}
