import { context, type Attributes } from '@opentelemetry/api';
import {
  BasicTracerProvider,
  SimpleSpanProcessor,
  TraceIdRatioBasedSampler,
  type ReadableSpan,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import type { Clock } from '../../src/config/options.js';
import { ensureContextManager } from '../../src/context/ensureContextManager.js';
import type { Measurements, Metadata } from '../../src/sampled/types.js';
import type { OwnEvent } from '../../src/sampled/eventSystem.js';
import { createSpanSystem, type SpanErrorHooks, type SpanSystem } from '../../src/span/spanSystem.js';
import { KeepingSpanExporter } from '../../src/testing/index.js';

export interface RecordedEvent {
  event: string;
  measurements: Measurements;
  metadata: Metadata;
}

/** A bus stand-in: `listen(name)` attaches a recorder to one prepared event. */
export class FakeEvents {
  readonly executed: RecordedEvent[] = [];
  readonly #listened = new Set<string>();
  executions = 0;

  listen(...names: string[]): void {
    for (const name of names) this.#listened.add(name);
  }

  prepare(event: readonly string[] | string): OwnEvent {
    const name = typeof event === 'string' ? event.split('.') : event;
    const key = name.join('.');
    return {
      name,
      hasHandlers: () => this.#listened.has(key),
      execute: (measurements, metadata) => {
        this.executions++;
        this.executed.push({ event: key, measurements, metadata });
      },
    };
  }
}

/** Error hooks that tag enriched errors with the span active at enrichment. */
export class FakeErrorHooks implements SpanErrorHooks {
  readonly enriched: { error: unknown; activeSpanName: string | undefined }[] = [];
  activeName: () => string | undefined = () => undefined;

  enrichEscaping(error: unknown): void {
    this.enriched.push({ error, activeSpanName: this.activeName() });
    if (typeof error === 'object' && error !== null && !('context' in error)) {
      (error as { context: Record<string, unknown> }).context = { enrichedIn: this.activeName() ?? '' };
    }
  }

  exceptionAttributes(error: unknown): Attributes {
    const attributes: Attributes =
      error instanceof Error
        ? { 'exception.type': error.name, 'exception.message': error.message }
        : { 'exception.type': typeof error, 'exception.message': String(error) };
    const errorContext = (error as { context?: Record<string, string> } | null | undefined)?.context;
    if (errorContext !== undefined) {
      for (const [key, value] of Object.entries(errorContext)) attributes[`error.context.${key}`] = value;
    }
    return attributes;
  }
}

export interface Harness {
  spans: SpanSystem;
  exporter: KeepingSpanExporter;
  provider: BasicTracerProvider;
  events: FakeEvents;
  errors: FakeErrorHooks;
  finished(): ReadableSpan[];
  finishedNamed(name: string): ReadableSpan;
}

export interface HarnessOptions {
  ratio?: number;
  /** Processors run before the one that keeps finished spans. */
  processors?: SpanProcessor[];
  clock?: Clock;
}

export function createHarness(options: HarnessOptions = {}): Harness {
  ensureContextManager();
  const exporter = new KeepingSpanExporter();
  const provider = new BasicTracerProvider({
    spanProcessors: [...(options.processors ?? []), new SimpleSpanProcessor(exporter)],
    ...(options.ratio === undefined ? {} : { sampler: new TraceIdRatioBasedSampler(options.ratio) }),
  });
  const events = new FakeEvents();
  const errors = new FakeErrorHooks();
  const spans = createSpanSystem({ tracer: provider.getTracer('test'), events, errors, clock: options.clock });
  errors.activeName = () => spans.activeSpan()?.name;
  const finished = (): ReadableSpan[] => exporter.spans();
  return {
    spans,
    exporter,
    provider,
    events,
    errors,
    finished,
    finishedNamed(name: string): ReadableSpan {
      const matching = finished().filter((span) => span.name === name);
      if (matching.length !== 1) throw new Error(`expected one finished span named ${name}, found ${matching.length}`);
      return matching[0]!;
    },
  };
}

export const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
export const timer = (ms = 0): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
export { context };
