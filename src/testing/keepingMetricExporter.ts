import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { AggregationTemporality, type PushMetricExporter, type ResourceMetrics } from '@opentelemetry/sdk-metrics';

/**
 * An in-memory metric exporter (cumulative) that keeps the latest export, also after
 * `shutdown()`: the values a test reads once the instance has stopped.
 */
export class KeepingMetricExporter implements PushMetricExporter {
  #latest: ResourceMetrics | undefined;

  export(metrics: ResourceMetrics, resultCallback: (result: ExportResult) => void): void {
    this.#latest = metrics;
    resultCallback({ code: ExportResultCode.SUCCESS });
  }

  /** The metrics of the latest export, if any. */
  latest(): ResourceMetrics | undefined {
    return this.#latest;
  }

  selectAggregationTemporality(): AggregationTemporality {
    return AggregationTemporality.CUMULATIVE;
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
