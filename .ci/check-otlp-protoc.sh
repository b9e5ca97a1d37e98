#!/usr/bin/env bash
# Decodes protobuf bodies captured by the OTLP end-to-end tests (one traces request, one logs
# request) with protoc, a decoder independent of the one the tests use, and checks that what
# the tests sent is in them.
set -euo pipefail
root=$1
cd "$root"
protos=test/e2e/support/protos
traces_body=$(mktemp)
logs_body=$(mktemp)
decoded=$(mktemp)
trap 'rm -f "$traces_body" "$logs_body" "$decoded"' EXIT
OTLP_CAPTURE_FILE="$traces_body" OTLP_LOGS_CAPTURE_FILE="$logs_body" \
  npx vitest run test/e2e/otlpExport.test.ts test/e2e/otlpLogsMetrics.test.ts >/dev/null

# decode NAME BODY TYPE PROTO EXPECTED...: decodes BODY as TYPE and checks every EXPECTED line is there.
decode() {
  local name=$1 body=$2 type=$3 proto=$4
  shift 4
  [ -s "$body" ] || { echo "no OTLP protobuf $name body was captured" >&2; exit 1; }
  protoc --decode="$type" -I "$protos" "$proto" <"$body" >"$decoded"
  for expected in "$@"; do
    grep -qF "$expected" "$decoded" || { echo "protoc output of the $name body lacks: $expected" >&2; cat "$decoded" >&2; exit 1; }
  done
}

decode traces "$traces_body" opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest \
  opentelemetry/proto/collector/trace/v1/trace_service.proto \
  'name: "checkout.request"' 'name: "checkout.charge"' 'key: "service.name"' 'parent_span_id: '
echo "protoc decoded $(wc -c <"$traces_body") bytes of traces: $(grep -c '^ *spans {' "$decoded") spans"

decode logs "$logs_body" opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest \
  opentelemetry/proto/collector/logs/v1/logs_service.proto \
  'event_name: "payment.declined"' 'key: "log_count"' 'severity_text: "warn"' 'key: "service.name"' 'trace_id: '
echo "protoc decoded $(wc -c <"$logs_body") bytes of logs: $(grep -c '^ *log_records {' "$decoded") log records"
