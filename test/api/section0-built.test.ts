import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as runtime from '../../src/index.js';
import * as testing from '../../src/testing/index.js';

// The built package, loaded the way users load it: by its name, through `exports`, by
// Node (ESM and CommonJS) and by vitest. dist/ is used when it is newer than everything
// the build reads; otherwise the package is built into a scratch directory, so a change
// to src/, package.json or tsup.config.ts is always what gets tested.

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
  name: string;
  exports: Record<string, { import: { types: string; default: string }; require: { types: string; default: string } } | string>;
};
const entryPoints = Object.keys(manifest.exports).filter((path) => path !== './package.json');
/** The specifier a user writes for an entry point: `foundation-telemetry`, `foundation-telemetry/testing`, … */
const specifierOf = (path: string): string => manifest.name + path.slice(1);
const BUILD_INPUTS = ['src', 'package.json', 'tsup.config.ts', 'tsconfig.json'];

function filesUnder(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path).flatMap((name) => filesUnder(join(path, name)));
}

/** True when dist/ was built after the last change to anything the build reads. */
function distIsFresh(): boolean {
  const dist = join(repoRoot, 'dist');
  if (!existsSync(dist)) return false;
  const builtAt = Math.min(...filesUnder(dist).map((file) => statSync(file).mtimeMs));
  const changedAt = Math.max(...BUILD_INPUTS.flatMap((input) => filesUnder(join(repoRoot, input))).map((file) => statSync(file).mtimeMs));
  return builtAt >= changedAt;
}

/** The environment of a child: without this run's vitest variables, and without colours. */
function childEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  for (const name of Object.keys(env)) if (name.startsWith('VITEST') || name === 'FORCE_COLOR') delete env[name];
  return env;
}

/** Runs node (or a node script) in `cwd` and returns its stdout; fails with its stderr. */
function run(cwd: string, args: string[]): string {
  const result = spawnSync(process.execPath, args, { cwd, encoding: 'utf8', timeout: 60_000, env: childEnvironment() });
  expect(result.status, `node ${args.join(' ')} exited with ${result.status}:\n${result.stderr}${result.stdout}`).toBe(0);
  return result.stdout;
}

let scratch = '';

beforeAll(() => {
  // A package directory of its own: its package.json is ours, so it imports itself by name.
  scratch = mkdtempSync(join(tmpdir(), 'foundation-telemetry-built-'));
  writeFileSync(join(scratch, 'package.json'), JSON.stringify(manifest));
  symlinkSync(join(repoRoot, 'node_modules'), join(scratch, 'node_modules'), 'dir');
  if (distIsFresh()) {
    symlinkSync(join(repoRoot, 'dist'), join(scratch, 'dist'), 'dir');
  } else {
    run(repoRoot, [join(repoRoot, 'node_modules', 'tsup', 'dist', 'cli-default.js'), '--out-dir', join(scratch, 'dist')]);
  }
}, 120_000);

afterAll(() => {
  if (scratch !== '') rmSync(scratch, { recursive: true, force: true });
});

describe('the built package, through its exports', () => {
  it('has every file exports names, for ., ./testing and ./vitest', () => {
    expect(entryPoints).toEqual(['.', './testing', './vitest']);
    for (const path of entryPoints) {
      const target = manifest.exports[path];
      if (target === undefined || typeof target === 'string') throw new Error(`exports['${path}'] has no import/require conditions`);
      for (const file of [target.import.default, target.import.types, target.require.default, target.require.types]) {
        expect(existsSync(join(scratch, file)), `exports['${path}'] names ${file}, which the build did not write`).toBe(true);
      }
    }
  });

  it('imports . and ./testing as ES modules, with the same exports as the source', () => {
    const script = `
      const names = {};
      for (const specifier of ${JSON.stringify(['.', './testing'].map(specifierOf))}) names[specifier] = Object.keys(await import(specifier)).sort();
      const { createTelemetry } = await import('${specifierOf('.')}');
      const { createTestTelemetry } = await import('${specifierOf('./testing')}');
      const kit = createTestTelemetry();
      const value = await kit.withSpan('built.esm', async () => 42);
      await createTelemetry({ exporter: 'none', flushOnExit: false }).shutdown();
      console.log(JSON.stringify({ names, value, spans: kit.spans().map((span) => span.name) }));
    `;
    const result = JSON.parse(run(scratch, ['--input-type=module', '-e', script]));
    expect(result.names).toEqual({
      [specifierOf('.')]: Object.keys(runtime).sort(),
      [specifierOf('./testing')]: Object.keys(testing).sort(),
    });
    expect(result).toMatchObject({ value: 42, spans: ['built.esm'] });
  });

  it('requires . and ./testing from CommonJS, and resolves ./vitest to its CommonJS build', () => {
    const script = `
      const names = {};
      for (const specifier of ${JSON.stringify(['.', './testing'].map(specifierOf))}) names[specifier] = Object.keys(require(specifier)).sort();
      const { createTestTelemetry } = require('${specifierOf('./testing')}');
      const kit = createTestTelemetry();
      const value = kit.withSpan('built.cjs', () => 7);
      console.log(JSON.stringify({ names, value, spans: kit.spans().map((span) => span.name), vitest: require.resolve('${specifierOf('./vitest')}') }));
    `;
    const result = JSON.parse(run(scratch, ['--input-type=commonjs', '-e', script]));
    expect(result.names).toEqual({
      [specifierOf('.')]: Object.keys(runtime).sort(),
      [specifierOf('./testing')]: Object.keys(testing).sort(),
    });
    expect(result).toMatchObject({ value: 7, spans: ['built.cjs'] });
    // vitest itself cannot be require()d, so this build can only be checked to be valid CommonJS.
    expect(result.vitest).toMatch(/[/\\]dist[/\\]testing[/\\]vitest\.cjs$/);
    run(scratch, ['--check', result.vitest]);
  });

  it('registers the matchers of ./vitest in a vitest run', () => {
    writeFileSync(
      join(scratch, 'matchers.test.mjs'),
      `
      import { expect, it } from 'vitest';
      import { createTestTelemetry } from '${specifierOf('./testing')}';
      import '${specifierOf('./vitest')}';
      it('matches what the test kit recorded', () => {
        const t = createTestTelemetry();
        t.execute('built.event');
        t.withSpan('built.span', () => undefined);
        expect(t).toHaveEmitted('built.event', { times: 1 });
        expect(t).toHaveSpan('built.span', { parent: null });
        expect(() => expect(t).toHaveEmitted('built.event', { times: 2 })).toThrow(/2 times/);
      });
      `,
    );
    const output = run(scratch, [join(repoRoot, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--root', scratch, '--reporter', 'verbose']);
    expect(output).toContain('matches what the test kit recorded');
    expect(output).toMatch(/Tests\s+1 passed/);
  }, 60_000);
});
