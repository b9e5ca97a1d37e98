#!/usr/bin/env bash
# Decodes a protobuf body captured by the OTLP end-to-end test with protoc, a decoder
# independent of the one the tests use, and checks the spans the test sent are in it.
set -euo pipefail
root=$1
cd "$root"
body=$(mktemp)
decoded=$(mktemp)
trap 'rm -f "$body" "$decoded"' EXIT
OTLP_CAPTURE_FILE="$body" npx vitest run test/e2e/otlpExport.test.ts >/dev/null
[ -s "$body" ] || { echo "no OTLP protobuf body was captured" >&2; exit 1; }
protoc --decode=opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest \
  -I node_modules/@opentelemetry/otlp-grpc-exporter-base/build/protos \
  opentelemetry/proto/collector/trace/v1/trace_service.proto <"$body" >"$decoded"
for expected in 'name: "checkout.request"' 'name: "checkout.charge"' 'key: "service.name"' 'parent_span_id: '; do
  grep -qF "$expected" "$decoded" || { echo "protoc output lacks: $expected" >&2; cat "$decoded" >&2; exit 1; }
done
echo "protoc decoded $(wc -c <"$body") bytes: $(grep -c '^ *spans {' "$decoded") spans"
