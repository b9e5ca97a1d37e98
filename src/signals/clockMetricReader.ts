import { MetricReader, type PushMetricExporter, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import type { Clock } from '../config/options.js';

/**
 * Collects the metrics every `intervalMs` of the instance's clock and hands them to the
 * exporter: OpenTelemetry's periodic reader, but on the instance's clock, so a manual
 * clock drives metric exports in tests as it drives batch flushes (the real clock's timer
 * is unref'd). A tick while the previous export is still running is skipped: cumulative
 * values lose nothing by waiting, and a dead collector does not pile up exports.
 */
export class ClockMetricReader extends MetricReader {
  readonly #exporter: PushMetricExporter;
  readonly #clock: Clock;
  readonly #intervalMs: number;
  #timer: unknown;
  #running: Promise<void> | undefined;

  constructor(exporter: PushMetricExporter, clock: Clock, intervalMs: number) {
    super({
      aggregationSelector: exporter.selectAggregation?.bind(exporter),
      aggregationTemporalitySelector: exporter.selectAggregationTemporality?.bind(exporter),
    });
    this.#exporter = exporter;
    this.#clock = clock;
    this.#intervalMs = intervalMs;
  }

  protected override onInitialized(): void {
    this.#timer = this.#clock.setInterval(() => {
      if (this.#running === undefined) void this.#exportNow();
    }, this.#intervalMs);
  }

  protected override async onForceFlush(): Promise<void> {
    await this.#running;
    await this.#exportNow();
    await this.#exporter.forceFlush();
  }

  protected override async onShutdown(): Promise<void> {
    this.#clock.clearInterval(this.#timer);
    await this.onForceFlush();
    await this.#exporter.shutdown();
  }

  /** Collects and exports once; never rejects (failures are counted by the exporter). */
  #exportNow(): Promise<void> {
    const run = this.collect()
      .then(({ resourceMetrics }) => (hasDataPoints(resourceMetrics) ? this.#export(resourceMetrics) : undefined))
      .catch(() => undefined)
      .finally(() => {
        if (this.#running === run) this.#running = undefined;
      });
    this.#running = run;
    return run;
  }

  #export(resourceMetrics: ResourceMetrics): Promise<void> {
    return new Promise((resolve) => this.#exporter.export(resourceMetrics, () => resolve()));
  }
}

/** Data points across every metric of a collection: what an export of it counts. */
export function dataPointCount(resourceMetrics: ResourceMetrics): number {
  let points = 0;
  for (const scope of resourceMetrics.scopeMetrics) {
    for (const metric of scope.metrics) points += metric.dataPoints.length;
  }
  return points;
}

function hasDataPoints(resourceMetrics: ResourceMetrics): boolean {
  return dataPointCount(resourceMetrics) > 0;
}
