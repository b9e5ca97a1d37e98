#!/usr/bin/env bash
# Packs the package with no build of its own beforehand (dist/ is removed: `prepack` must
# build it), installs the tarball into a scratch project and uses it the ways users do:
# import from ESM, require from CommonJS, and type-check a TypeScript file against it.
# Then installs it from a git+file:// URL of the repository (npm runs `prepare` in its
# clone) and imports it again from ESM and CommonJS.
set -euo pipefail
root=$1
pack_dir="$root/.pack"
rm -rf "$pack_dir" "$root/dist" && mkdir -p "$pack_dir"
tarball=$(cd "$root" && npm pack --silent --pack-destination "$pack_dir" | tail -n 1)
echo "packed $tarball"
contents=$(tar -tzf "$pack_dir/$tarball")
for built in dist/index.js dist/index.cjs dist/index.d.ts dist/testing/index.js dist/testing/index.cjs dist/testing/vitest.js; do
  grep -qx "package/$built" <<<"$contents" || { echo "the tarball lacks $built" >&2; exit 1; }
done
echo "the tarball holds the build (prepack built dist/)"

scratch=$(mktemp -d)
git_scratch=$(mktemp -d)
trap 'rm -rf "$scratch" "$git_scratch"' EXIT
cd "$scratch"
cat > package.json <<'JSON'
{ "name": "scratch-consumer", "version": "1.0.0", "private": true }
JSON
api_version=$(node -p "require('$root/node_modules/@opentelemetry/api/package.json').version")
ts_version=$(node -p "require('$root/node_modules/typescript/package.json').version")
types_version=$(node -p "require('$root/node_modules/@types/node/package.json').version")
npm install --no-audit --no-fund --silent "$pack_dir/$tarball" "@opentelemetry/api@$api_version" \
  "typescript@$ts_version" "@types/node@$types_version"

cat > esm.mjs <<'JS'
import { createTelemetry } from 'foundation-telemetry';
import { createTestTelemetry, waitFor } from 'foundation-telemetry/testing';
const telemetry = createTelemetry({ serviceName: 'esm-consumer' });
const value = await telemetry.withSpan('esm.work', async () => 42);
if (value !== 42) throw new Error(`withSpan returned ${value}`);
const kit = createTestTelemetry();
kit.withSpan('esm.kit', () => undefined);
await waitFor(() => kit.spans().length === 1);
await Promise.all([telemetry.shutdown(), kit.shutdown()]);
console.log('ESM import ok:', telemetry.describe());
JS
node esm.mjs

cat > cjs.cjs <<'JS'
const { createTelemetry } = require('foundation-telemetry');
const { createTestTelemetry } = require('foundation-telemetry/testing');
const telemetry = createTelemetry({ serviceName: 'cjs-consumer' });
const value = telemetry.withSpan('cjs.work', () => 7);
if (value !== 7) throw new Error(`withSpan returned ${value}`);
const kit = createTestTelemetry();
kit.execute('cjs.event', { n: 1 });
if (kit.events('cjs.event').length !== 1) throw new Error('the test kit did not record the event');
Promise.all([telemetry.shutdown(), kit.shutdown()]).then(() => console.log('CommonJS require ok'));
JS
node cjs.cjs

cat > consumer.mts <<'TS'
import { createTelemetry, type SpanHandle, type Telemetry, type TelemetryOptions } from 'foundation-telemetry';
import { createTestTelemetry } from 'foundation-telemetry/testing';

const options: TelemetryOptions = { serviceName: 'typed', exporter: 'none', sampler: { ratio: 0.5 } };
const telemetry: Telemetry = createTelemetry(options);
const total: Promise<number> = telemetry.withSpan('typed.work', { 'order.id': 'o-1' }, async (span: SpanHandle) => {
  span.setAttribute('amount', 42);
  return 42;
});
const executed: boolean = telemetry.emitEvent(['db', 'query'], { durationMs: 3 }, { dedupKey: 'q1' });
telemetry.withContext({ requestId: 'r-1' }, () => telemetry.getContext().requestId);
const kit = createTestTelemetry();
kit.clock.advance(1000);
void total;
void executed;
TS
# The same file type-checked three ways: as an ES module and as CommonJS under NodeNext,
# and under the older Node10 resolution that reads "types" and "typesVersions".
cp consumer.mts consumer.cts
cp consumer.mts consumer.ts
cat > tsconfig.json <<'JSON'
{ "compilerOptions": { "module": "NodeNext", "moduleResolution": "NodeNext", "target": "ES2022", "strict": true, "noEmit": true, "types": ["node"] }, "files": ["consumer.mts", "consumer.cts"] }
JSON
npx tsc -p tsconfig.json
echo "TypeScript (NodeNext: ESM and CommonJS consumers) ok"
cat > tsconfig.node10.json <<'JSON'
{ "compilerOptions": { "module": "CommonJS", "moduleResolution": "Node10", "target": "ES2022", "strict": true, "noEmit": true, "types": ["node"] }, "files": ["consumer.ts"] }
JSON
npx tsc -p tsconfig.node10.json
echo "TypeScript (Node10 resolution) ok"

# From a git URL, as `npm install git+https://…` does: only committed files, built by `prepare`.
cd "$git_scratch"
cat > package.json <<'JSON'
{ "name": "git-consumer", "version": "1.0.0", "private": true }
JSON
npm install --no-audit --no-fund --loglevel=error "git+file://$root" "@opentelemetry/api@$api_version"
cp "$scratch/esm.mjs" "$scratch/cjs.cjs" .
node esm.mjs
node cjs.cjs
echo "git+file:// install ok: $(node -p "require('foundation-telemetry/package.json').version") from $(node -p "require('./package.json').dependencies['foundation-telemetry']")"
