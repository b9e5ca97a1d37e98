import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import protobuf from 'protobufjs';
import type { CapturedRequest } from './otlpReceiver.js';

/**
 * The official OTLP .proto files (opentelemetry-proto v1.9.0, Apache-2.0), kept beside this
 * file: a version recent enough to have `LogRecord.event_name` (field 12). `.ci/check-otlp-protoc.sh`
 * decodes with the same files.
 */
const PROTOS_ROOT = fileURLToPath(new URL('./protos', import.meta.url));

/** Where each signal's export request is declared, and its message type. */
const REQUESTS = {
  traces: {
    proto: 'opentelemetry/proto/collector/trace/v1/trace_service.proto',
    type: 'opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest',
  },
  logs: {
    proto: 'opentelemetry/proto/collector/logs/v1/logs_service.proto',
    type: 'opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest',
  },
  metrics: {
    proto: 'opentelemetry/proto/collector/metrics/v1/metrics_service.proto',
    type: 'opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest',
  },
} as const;
type Signal = keyof typeof REQUESTS;

/** One exported span, the same shape whichever OTLP encoding carried it. */
export interface DecodedSpan {
  name: string;
  traceId: string;
  spanId: string;
  /** Empty string for a root span. */
  parentSpanId: string;
  attributes: Record<string, unknown>;
  scope: { name: string; version: string };
  resource: Record<string, unknown>;
}

/** One exported log record, the same shape whichever OTLP encoding carried it. */
export interface DecodedLogRecord {
  eventName: string;
  severityText: string;
  severityNumber: number;
  body: unknown;
  attributes: Record<string, unknown>;
  /** Hex; empty string when the record was emitted outside any span. */
  traceId: string;
  spanId: string;
  /** The record's time in ms since the epoch. */
  timeMs: number;
  scope: { name: string; version: string };
  resource: Record<string, unknown>;
}

/** A histogram data point's value. */
export interface DecodedHistogram {
  count: number;
  sum: number | undefined;
  min: number | undefined;
  max: number | undefined;
  bucketCounts: number[];
  explicitBounds: number[];
}

/** One exported metric, the same shape whichever OTLP encoding carried it. */
export interface DecodedMetric {
  name: string;
  unit: string;
  description: string;
  kind: 'sum' | 'gauge' | 'histogram';
  /** For a sum: whether it only grows (a Counter) or not (an UpDownCounter). */
  monotonic: boolean | undefined;
  /** 1 delta, 2 cumulative; `undefined` for a gauge. */
  temporality: number | undefined;
  points: Array<{ attributes: Record<string, unknown>; value: number | DecodedHistogram }>;
  scope: { name: string; version: string };
  resource: Record<string, unknown>;
}

function loadRequestType(signal: Signal): protobuf.Type {
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => join(PROTOS_ROOT, target);
  root.loadSync(REQUESTS[signal].proto);
  return root.lookupType(REQUESTS[signal].type);
}

interface Decoded<T> {
  request: T;
  idOf: (id: unknown) => string;
}

/** A request body as a plain object, whatever its encoding; ids read with `idOf` as hex. */
function decodeBody<T>(request: CapturedRequest, signal: Signal): Decoded<T> {
  if (request.contentType.includes('application/json')) return { request: JSON.parse(request.body.toString('utf8')) as T, idOf: textId };
  if (request.contentType.includes('application/x-protobuf')) {
    const type = loadRequestType(signal);
    // Only fields present on the wire; ids as base64, 64-bit integers as decimal strings.
    const plain = type.toObject(type.decode(request.body), { longs: String, bytes: String });
    return { request: plain as T, idOf: base64Id };
  }
  throw new Error(`unexpected OTLP content type ${request.contentType}`);
}

/** Decodes a captured traces request by its content type: JSON or protobuf. */
export function decodeSpans(request: CapturedRequest): DecodedSpan[] {
  const { request: body, idOf } = decodeBody<OtlpTracesRequest>(request, 'traces');
  const spans: DecodedSpan[] = [];
  for (const resourceSpans of body.resourceSpans ?? []) {
    const resource = attributesOf(resourceSpans.resource?.attributes);
    for (const scopeSpans of resourceSpans.scopeSpans ?? []) {
      const scope = scopeOf(scopeSpans.scope);
      for (const span of scopeSpans.spans ?? []) {
        spans.push({
          name: span.name,
          traceId: idOf(span.traceId),
          spanId: idOf(span.spanId),
          parentSpanId: idOf(span.parentSpanId),
          attributes: attributesOf(span.attributes),
          scope,
          resource,
        });
      }
    }
  }
  return spans;
}

/** Decodes a captured logs request by its content type: JSON or protobuf. */
export function decodeLogs(request: CapturedRequest): DecodedLogRecord[] {
  const { request: body, idOf } = decodeBody<OtlpLogsRequest>(request, 'logs');
  const records: DecodedLogRecord[] = [];
  for (const resourceLogs of body.resourceLogs ?? []) {
    const resource = attributesOf(resourceLogs.resource?.attributes);
    for (const scopeLogs of resourceLogs.scopeLogs ?? []) {
      const scope = scopeOf(scopeLogs.scope);
      for (const record of scopeLogs.logRecords ?? []) {
        records.push({
          eventName: record.eventName ?? '',
          severityText: record.severityText ?? '',
          severityNumber: record.severityNumber ?? 0,
          body: valueOf(record.body),
          attributes: attributesOf(record.attributes),
          traceId: idOf(record.traceId),
          spanId: idOf(record.spanId),
          timeMs: Number(BigInt(String(record.timeUnixNano ?? 0)) / 1_000_000n),
          scope,
          resource,
        });
      }
    }
  }
  return records;
}

/** Decodes a captured metrics request by its content type: JSON or protobuf. */
export function decodeMetrics(request: CapturedRequest): DecodedMetric[] {
  const { request: body } = decodeBody<OtlpMetricsRequest>(request, 'metrics');
  const metrics: DecodedMetric[] = [];
  for (const resourceMetrics of body.resourceMetrics ?? []) {
    const resource = attributesOf(resourceMetrics.resource?.attributes);
    for (const scopeMetrics of resourceMetrics.scopeMetrics ?? []) {
      const scope = scopeOf(scopeMetrics.scope);
      for (const metric of scopeMetrics.metrics ?? []) metrics.push({ ...metricOf(metric), scope, resource });
    }
  }
  return metrics;
}

function metricOf(metric: OtlpMetric): Omit<DecodedMetric, 'scope' | 'resource'> {
  const described = { name: metric.name, unit: metric.unit ?? '', description: metric.description ?? '' };
  const numberPoints = (points: OtlpNumberPoint[] | undefined): DecodedMetric['points'] =>
    (points ?? []).map((point) => ({ attributes: attributesOf(point.attributes), value: numberOf(point.asInt ?? point.asDouble) }));
  if (metric.sum !== undefined) {
    return {
      ...described,
      kind: 'sum',
      monotonic: metric.sum.isMonotonic ?? false,
      temporality: metric.sum.aggregationTemporality,
      points: numberPoints(metric.sum.dataPoints),
    };
  }
  if (metric.gauge !== undefined) {
    return { ...described, kind: 'gauge', monotonic: undefined, temporality: undefined, points: numberPoints(metric.gauge.dataPoints) };
  }
  if (metric.histogram !== undefined) {
    return {
      ...described,
      kind: 'histogram',
      monotonic: undefined,
      temporality: metric.histogram.aggregationTemporality,
      points: (metric.histogram.dataPoints ?? []).map((point) => ({
        attributes: attributesOf(point.attributes),
        value: {
          count: numberOf(point.count),
          sum: point.sum === undefined ? undefined : numberOf(point.sum),
          min: point.min === undefined ? undefined : numberOf(point.min),
          max: point.max === undefined ? undefined : numberOf(point.max),
          bucketCounts: (point.bucketCounts ?? []).map(numberOf),
          explicitBounds: (point.explicitBounds ?? []).map(numberOf),
        },
      })),
    };
  }
  throw new Error(`metric ${metric.name} has no sum, gauge or histogram: ${JSON.stringify(metric)}`);
}

interface OtlpKeyValue {
  key: string;
  value?: OtlpAnyValue;
}
interface OtlpAnyValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: number | string;
  doubleValue?: number;
  arrayValue?: { values?: OtlpAnyValue[] };
}
interface OtlpScope {
  name?: string;
  version?: string;
}
interface OtlpResource {
  attributes?: OtlpKeyValue[];
}
interface OtlpSpan {
  name: string;
  traceId: unknown;
  spanId: unknown;
  parentSpanId?: unknown;
  attributes?: OtlpKeyValue[];
}
interface OtlpTracesRequest {
  resourceSpans?: Array<{ resource?: OtlpResource; scopeSpans?: Array<{ scope?: OtlpScope; spans?: OtlpSpan[] }> }>;
}
interface OtlpLogRecord {
  timeUnixNano?: number | string;
  eventName?: string;
  severityText?: string;
  severityNumber?: number;
  body?: OtlpAnyValue;
  attributes?: OtlpKeyValue[];
  traceId?: unknown;
  spanId?: unknown;
}
interface OtlpLogsRequest {
  resourceLogs?: Array<{ resource?: OtlpResource; scopeLogs?: Array<{ scope?: OtlpScope; logRecords?: OtlpLogRecord[] }> }>;
}
interface OtlpNumberPoint {
  attributes?: OtlpKeyValue[];
  asInt?: number | string;
  asDouble?: number;
}
interface OtlpHistogramPoint {
  attributes?: OtlpKeyValue[];
  count?: number | string;
  sum?: number;
  min?: number;
  max?: number;
  bucketCounts?: Array<number | string>;
  explicitBounds?: number[];
}
interface OtlpMetric {
  name: string;
  unit?: string;
  description?: string;
  sum?: { dataPoints?: OtlpNumberPoint[]; aggregationTemporality?: number; isMonotonic?: boolean };
  gauge?: { dataPoints?: OtlpNumberPoint[] };
  histogram?: { dataPoints?: OtlpHistogramPoint[]; aggregationTemporality?: number };
}
interface OtlpMetricsRequest {
  resourceMetrics?: Array<{ resource?: OtlpResource; scopeMetrics?: Array<{ scope?: OtlpScope; metrics?: OtlpMetric[] }> }>;
}

const textId = (id: unknown): string => (typeof id === 'string' ? id : '');
const base64Id = (id: unknown): string => (typeof id === 'string' ? Buffer.from(id, 'base64').toString('hex') : '');

function scopeOf(scope: OtlpScope | undefined): { name: string; version: string } {
  return { name: scope?.name ?? '', version: scope?.version ?? '' };
}

function attributesOf(list: OtlpKeyValue[] | undefined): Record<string, unknown> {
  return Object.fromEntries((list ?? []).map(({ key, value }) => [key, valueOf(value)]));
}

function valueOf(value: OtlpAnyValue | undefined): unknown {
  if (value === undefined) return undefined;
  if (value.intValue !== undefined) return Number(String(value.intValue));
  if (value.arrayValue !== undefined) return (value.arrayValue.values ?? []).map(valueOf);
  return value.stringValue ?? value.boolValue ?? value.doubleValue;
}

/** A number that JSON may carry as a string (64-bit integers) and protobufjs gives as a decimal string. */
function numberOf(value: number | string | undefined): number {
  return value === undefined ? 0 : Number(value);
}
