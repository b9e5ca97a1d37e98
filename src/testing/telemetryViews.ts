import { DataPointType, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import type { MetricDefinition, MetricKind } from '../config/options.js';

/** One log record as the test kit shows it. */
export interface RecordedLog {
  eventName: string | undefined;
  severityText: string | undefined;
  body: unknown;
  attributes: Record<string, unknown>;
  /** Present when the record was emitted inside a span. */
  traceId?: string;
  spanId?: string;
}

/** A histogram's value in {@link CollectedMetric}. */
export interface HistogramValue {
  count: number;
  sum: number | undefined;
  min: number | undefined;
  max: number | undefined;
  buckets: { boundaries: number[]; counts: number[] };
}

/** The current value of one defined metric, per attribute set. */
export interface CollectedMetric {
  name: string;
  kind: MetricKind;
  unit: string | undefined;
  points: Array<{ attributes: Record<string, unknown>; value: number | HistogramValue }>;
}

export function logView(record: ReadableLogRecord): RecordedLog {
  const view: RecordedLog = {
    eventName: record.eventName,
    severityText: record.severityText,
    body: record.body,
    attributes: { ...record.attributes },
  };
  if (record.spanContext !== undefined) {
    view.traceId = record.spanContext.traceId;
    view.spanId = record.spanContext.spanId;
  }
  return view;
}

/** Every definition with the points `collected` has for it (none yet: an empty list). */
export function metricViews(definitions: readonly MetricDefinition[], collected: ResourceMetrics | undefined): CollectedMetric[] {
  const metrics = (collected?.scopeMetrics ?? []).flatMap((scope) => scope.metrics);
  return definitions.map((definition) => {
    const data = metrics.find((metric) => metric.descriptor.name === definition.name);
    const points: CollectedMetric['points'] = [];
    if (data !== undefined) {
      for (const point of data.dataPoints) {
        const value = point.value;
        const attributes = { ...point.attributes };
        if (data.dataPointType === DataPointType.HISTOGRAM && typeof value === 'object' && value !== null && 'buckets' in value) {
          points.push({
            attributes,
            value: {
              count: value.count,
              sum: value.sum,
              min: value.min,
              max: value.max,
              buckets: { boundaries: [...value.buckets.boundaries], counts: [...value.buckets.counts] },
            },
          });
        } else if (typeof value === 'number') {
          points.push({ attributes, value });
        }
      }
    }
    return { name: definition.name, kind: definition.kind, unit: definition.unit, points };
  });
}
