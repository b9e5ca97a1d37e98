import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as runtime from '../../src/index.js';
import * as testing from '../../src/testing/index.js';

interface ConditionalTarget {
  import: { types: string; default: string };
  require: { types: string; default: string };
}

const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  name: string;
  type: string;
  main: string;
  module: string;
  types: string;
  engines: { node: string };
  peerDependencies: Record<string, string>;
  exports: Record<string, ConditionalTarget | string>;
};

describe('package: entry points, formats and declarations', () => {
  it('is foundation-telemetry, Node >= 20.6, with @opentelemetry/api ^1.9.0 as a peer', () => {
    expect(manifest.name).toBe('foundation-telemetry');
    expect(manifest.engines.node).toBe('>=20.6');
    expect(manifest.peerDependencies['@opentelemetry/api']).toBe('^1.9.0');
  });

  it('maps ., ./testing and ./vitest to ESM and CommonJS builds, each with declarations', () => {
    const expected: Record<string, string> = { '.': 'index', './testing': 'testing/index', './vitest': 'testing/vitest' };
    for (const [path, base] of Object.entries(expected)) {
      const target = manifest.exports[path] as ConditionalTarget;
      expect(target.import).toEqual({ types: `./dist/${base}.d.ts`, default: `./dist/${base}.js` });
      expect(target.require).toEqual({ types: `./dist/${base}.d.cts`, default: `./dist/${base}.cjs` });
    }
  });

  it('has main, module and types for older resolvers', () => {
    expect(manifest.main).toBe('./dist/index.cjs');
    expect(manifest.module).toBe('./dist/index.js');
    expect(manifest.types).toBe('./dist/index.d.ts');
  });

  it('exposes the runtime and test-kit functions as ESM named exports', () => {
    expect(typeof runtime.createTelemetry).toBe('function');
    for (const name of ['createTestTelemetry', 'waitForEvent', 'waitFor'] as const) expect(typeof testing[name]).toBe('function');
  });
});
