#!/usr/bin/env bash
# The package beside today's OpenTelemetry line: a project on Node 24 installs the packed
# tarball with @opentelemetry/api 1.10 and the 3.x SDK packages (and the NodeSDK 3), shows
# what npm prints about it, type-checks a TypeScript file passing SDK 3 providers, and runs
# test/consumer/sdk3 (all three signals, providers passed in and picked with 'global').
# Usage: check-sdk3.sh ROOT TARBALL NODE_BIN_DIR
set -euo pipefail
root=$1
tarball=$2
export PATH="$3:$PATH"
echo "Node $(node --version), npm $(npm --version)"

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cd "$scratch"
cat > package.json <<'JSON'
{ "name": "sdk3-consumer", "version": "1.0.0", "private": true, "type": "module" }
JSON
ts_version=$(node -p "require('$root/node_modules/typescript/package.json').version")
install_log="$scratch/npm-install.log"
npm install --no-audit --no-fund "$tarball" @opentelemetry/api@1.10 @opentelemetry/sdk-trace@3.1 \
  @opentelemetry/sdk-logs@3.1 @opentelemetry/sdk-metrics@3.1 @opentelemetry/sdk-node@0.301 \
  "typescript@$ts_version" @types/node@24 >"$install_log" 2>&1
echo "npm install printed:"
sed 's/^/  | /' "$install_log"
# Where the ERESOLVE warnings come from: the peer ranges of the 2.x packages the package depends on.
node -e '
const { readdirSync, readFileSync } = require("node:fs");
const dir = "node_modules/foundation-telemetry/node_modules/@opentelemetry";
const ranges = readdirSync(dir).flatMap((name) => {
  const manifest = JSON.parse(readFileSync(`${dir}/${name}/package.json`, "utf8"));
  const range = manifest.peerDependencies?.["@opentelemetry/api"];
  return range && range.includes("<1.10") ? [`${name}@${manifest.version} (${range})`] : [];
});
console.log(`peer ranges below @opentelemetry/api 1.10 among the 2.x packages: ${ranges.join(", ") || "none"}`);
'
npm ls --depth=0 @opentelemetry/api @opentelemetry/sdk-trace @opentelemetry/sdk-logs @opentelemetry/sdk-metrics @opentelemetry/sdk-node foundation-telemetry

cat > providers.mts <<'TS'
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { counter, createTelemetry, type Telemetry } from 'foundation-telemetry';

const tracerProvider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter: new InMemorySpanExporter() })] });
const loggerProvider = new LoggerProvider({ processors: [new SimpleLogRecordProcessor({ exporter: new InMemoryLogRecordExporter() })] });
const meterProvider = new MeterProvider();
const passed: Telemetry = createTelemetry({ tracerProvider, loggerProvider, meterProvider, metrics: { definitions: [counter('order.placed.count')] } });
const global: Telemetry = createTelemetry({ tracerProvider: 'global', loggerProvider: 'global', meterProvider: 'global' });
void passed;
void global;
TS
cat > tsconfig.json <<'JSON'
{ "compilerOptions": { "module": "NodeNext", "moduleResolution": "NodeNext", "target": "ES2022", "strict": true, "noEmit": true, "types": ["node"] }, "files": ["providers.mts"] }
JSON
npx tsc -p tsconfig.json
echo "TypeScript: SDK 3 providers are accepted as tracerProvider, loggerProvider and meterProvider"

cp "$root"/test/consumer/sdk3/*.mjs .
node --test passedProviders.test.mjs nodeSdkGlobal.test.mjs
