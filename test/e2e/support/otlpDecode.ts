import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import protobuf from 'protobufjs';
import type { CapturedRequest } from './otlpReceiver.js';

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

const require = createRequire(import.meta.url);

/** The official OTLP .proto files shipped in @opentelemetry/otlp-grpc-exporter-base. */
export const PROTOS_ROOT = join(dirname(require.resolve('@opentelemetry/otlp-grpc-exporter-base/package.json')), 'build', 'protos');
export const TRACE_SERVICE_PROTO = 'opentelemetry/proto/collector/trace/v1/trace_service.proto';
export const EXPORT_REQUEST_TYPE = 'opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest';

function loadExportRequestType(): protobuf.Type {
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => join(PROTOS_ROOT, target);
  root.loadSync(TRACE_SERVICE_PROTO);
  return root.lookupType(EXPORT_REQUEST_TYPE);
}

/** Decodes a captured request by its content type: JSON or protobuf. */
export function decodeSpans(request: CapturedRequest): DecodedSpan[] {
  if (request.contentType.includes('application/json')) return collect(JSON.parse(request.body.toString('utf8')), textId);
  if (request.contentType.includes('application/x-protobuf')) {
    const type = loadExportRequestType();
    // Only fields present on the wire; ids as base64, 64-bit integers as decimal strings.
    const plain = type.toObject(type.decode(request.body), { longs: String, bytes: String });
    return collect(plain as OtlpRequest, base64Id);
  }
  throw new Error(`unexpected OTLP content type ${request.contentType}`);
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
interface OtlpSpan {
  name: string;
  traceId: unknown;
  spanId: unknown;
  parentSpanId?: unknown;
  attributes?: OtlpKeyValue[];
}
interface OtlpRequest {
  resourceSpans?: Array<{
    resource?: { attributes?: OtlpKeyValue[] };
    scopeSpans?: Array<{ scope?: { name?: string; version?: string }; spans?: OtlpSpan[] }>;
  }>;
}

const textId = (id: unknown): string => (typeof id === 'string' ? id : '');
const base64Id = (id: unknown): string => (typeof id === 'string' ? Buffer.from(id, 'base64').toString('hex') : '');

function collect(request: OtlpRequest, idOf: (id: unknown) => string): DecodedSpan[] {
  const spans: DecodedSpan[] = [];
  for (const resourceSpans of request.resourceSpans ?? []) {
    const resource = attributesOf(resourceSpans.resource?.attributes);
    for (const scopeSpans of resourceSpans.scopeSpans ?? []) {
      const scope = { name: scopeSpans.scope?.name ?? '', version: scopeSpans.scope?.version ?? '' };
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

function attributesOf(list: OtlpKeyValue[] | undefined): Record<string, unknown> {
  return Object.fromEntries((list ?? []).map(({ key, value }) => [key, valueOf(value)]));
}

function valueOf(value: OtlpAnyValue | undefined): unknown {
  if (value === undefined) return undefined;
  if (value.intValue !== undefined) return Number(String(value.intValue));
  if (value.arrayValue !== undefined) return (value.arrayValue.values ?? []).map(valueOf);
  return value.stringValue ?? value.boolValue ?? value.doubleValue;
}
