// `npm run bench` (full, under 3 minutes on 2 cores) or `npm run bench -- --quick` (under 30 s);
// `npm run bench:node24` runs the same on Node 24. Prints the comparison table and writes
// bench/results/node<major>.json (node20.json, node24.json).

import { readdirSync, readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { contextComparisons } from './context.js';
import { eventComparisons } from './events.js';
import { httpComparisons } from './http.js';
import { formatTable, harnessSettings, type HarnessSettings, type RowResult } from './harness.js';
import { loadLibrary, type Library } from './library.js';
import { memoryComparison } from './memory.js';
import { signalComparisons } from './signals.js';
import { spanComparisons } from './spans.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function packageVersion(dir: string): string | undefined {
  try {
    return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version?: string }).version;
  } catch {
    return undefined;
  }
}

function packageVersions(): Record<string, string | undefined> {
  const versions: Record<string, string | undefined> = {
    'foundation-telemetry': packageVersion(root),
    tinybench: packageVersion(join(root, 'node_modules', 'tinybench')),
  };
  const scope = join(root, 'node_modules', '@opentelemetry');
  for (const name of readdirSync(scope).sort()) versions[`@opentelemetry/${name}`] = packageVersion(join(scope, name));
  return versions;
}

type Group = (lib: Library | Error, settings: HarnessSettings) => Promise<RowResult[]>;

async function main(): Promise<void> {
  const settings = harnessSettings(process.argv.includes('--quick'));
  const startedAt = Date.now();
  const lib = await loadLibrary();
  if (lib instanceof Error) console.error(`The library could not be loaded, measuring baselines only: ${lib.message}`);
  console.log(
    `foundation-telemetry benchmarks (${settings.quick ? 'quick' : 'full'}: ${settings.rounds} interleaved rounds of ${settings.roundMs} ms per candidate)`,
  );

  const groups: [string, Group][] = [
    ['spans', spanComparisons],
    ['events', eventComparisons],
    ['context', contextComparisons],
    ['signals', signalComparisons],
    ['http', httpComparisons],
    ['memory', memoryComparison],
  ];
  const rows: RowResult[] = [];
  for (const [name, group] of groups) {
    const groupStart = Date.now();
    rows.push(...(await group(lib, settings)));
    console.log(`  ${name} done in ${((Date.now() - groupStart) / 1000).toFixed(1)} s`);
  }

  console.log();
  console.log(formatTable(rows));
  for (const row of rows.filter((r) => r.note)) console.log(`  row ${row.group} (${row.label}): ${row.note}`);
  const misses = rows.filter((row) => row.verdict === 'MISS');
  const unmeasured = rows.filter((row) => row.verdict === 'n/a');
  if (unmeasured.length > 0) console.log(`\n${unmeasured.length} row(s) not measured: the library could not be loaded.`);
  else if (misses.length > 0) console.log(`\n${misses.length} target(s) missed, rows ${misses.map((r) => r.group).join(', ')}.`);
  else console.log('\nAll targets met.');

  const cpuList = cpus();
  const results = {
    date: new Date(startedAt).toISOString(),
    durationSeconds: (Date.now() - startedAt) / 1000,
    mode: settings.quick ? 'quick' : 'full',
    settings,
    node: process.version,
    v8: process.versions.v8,
    platform: `${process.platform} ${process.arch}`,
    machine: { cores: availableParallelism(), cpuModel: cpuList[0]?.model },
    packages: packageVersions(),
    libraryLoaded: !(lib instanceof Error),
    rows,
  };
  const out = join(root, 'bench', 'results', `node${process.versions.node.split('.')[0]}.json`);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`Results written to ${out} (${results.durationSeconds.toFixed(1)} s).`);

  // Everything has been shut down, so the process should now exit on its own; say so if it does not.
  setTimeout(() => {
    console.error(`The process is still alive: ${process.getActiveResourcesInfo().join(', ')}`);
    process.exitCode = 1;
  }, 5000).unref();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
