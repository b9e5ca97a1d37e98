import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

describe('the HTTP integration and the frameworks', () => {
  it('importing the package and using telemetry.http loads neither Express nor Fastify', () => {
    const script = `
      import { createRequire } from 'node:module';
      const { createTelemetry } = await import(${JSON.stringify(join(root, 'src', 'index.ts'))});
      const telemetry = createTelemetry({ flushOnExit: false });
      telemetry.http.handler(() => undefined);
      telemetry.http.express();
      telemetry.http.expressErrors();
      telemetry.http.fastify();
      await telemetry.shutdown();
      const loaded = Object.keys(createRequire(import.meta.url).cache);
      console.log(JSON.stringify(loaded.filter((file) => /node_modules\\/(express|express4|fastify|fastify4|connect|router)\\//.test(file))));
    `;
    const output = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
    expect(JSON.parse(output.trim().split('\n').at(-1)!)).toEqual([]);
  });
});
