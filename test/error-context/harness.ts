import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { DEFAULTS } from '../../src/config/defaults.js';
import type { ResolvedErrorContextConfig } from '../../src/config/options.js';
import { ensureContextManager } from '../../src/context/ensureContextManager.js';
import { createErrorContextSystem } from '../../src/error-context/errorContextSystem.js';
import type { OwnEvent } from '../../src/sampled/eventSystem.js';
import { createSpanSystem } from '../../src/span/spanSystem.js';
import { createManualClock, KeepingSpanExporter } from '../../src/testing/index.js';

ensureContextManager();

export function errorContextConfig(overrides: Partial<ResolvedErrorContextConfig> = {}): ResolvedErrorContextConfig {
  return {
    redact: [...DEFAULTS.errorContext.redact],
    redactDefaults: true,
    maxValueLength: 1024,
    maxKeys: 64,
    maxBreadcrumbs: 50,
    propagateKeys: [],
    ...overrides,
  };
}

export interface ExecutedCall {
  event: readonly string[] | string;
  measurements: Record<string, number> | undefined;
  metadata: Record<string, unknown> | undefined;
}

/**
 * The error-context part wired to the real span part with a keeping in-memory exporter, and an
 * event bus fake that records `execute` calls.
 */
export function createHarness(overrides: Partial<ResolvedErrorContextConfig> = {}) {
  const clock = createManualClock();
  const executed: ExecutedCall[] = [];
  const errors = createErrorContextSystem({
    config: errorContextConfig(overrides),
    clock,
    events: {
      execute(event, measurements, metadata) {
        executed.push({ event, measurements, metadata });
      },
    },
  });
  const exporter = new KeepingSpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const silentEvent = (name: readonly string[] | string): OwnEvent => ({
    name: typeof name === 'string' ? name.split('.') : name,
    hasHandlers: () => false,
    execute: () => undefined,
  });
  const spans = createSpanSystem({ tracer: provider.getTracer('test'), events: { prepare: silentEvent }, errors: errors.spanHooks });
  return { errors, spans, exporter, clock, executed };
}

/** Runs `fn` and returns what it threw (or rejected with); fails if it did not. */
export async function thrownBy(fn: () => unknown): Promise<any> {
  try {
    await fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}
