import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Telemetry never hides an application failure: a failing job started without `await`
// must be reported by Node as an unhandled rejection, exactly as without the library.
// Real unhandled-rejection behaviour (the crash, the listener) needs a process of its own.

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

interface ChildResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runChild(script: string, env: Record<string, string> = {}): Promise<ChildResult> {
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.on('exit', (code) => {
      clearTimeout(killer);
      resolve({ code, stdout, stderr });
    });
  });
}

// The job fails after a timer, as a real one would; nobody awaits it.
const crashScript = `
import { createTelemetry } from './src/index.ts';
const failure = new Error('application failure ' + process.env.JOB);
const job = async () => {
  await new Promise((resolve) => setTimeout(resolve, 1));
  throw failure;
};
const telemetry = createTelemetry({ serviceName: 'crash-check', exporter: 'none' });
switch (process.env.JOB) {
  case 'bare': job(); break;
  case 'withSpan': telemetry.withSpan('job', job); break;
  case 'traced': telemetry.traced('job', job)(); break;
}
`;

const listenerScript = `
import { createTelemetry } from './src/index.ts';
const reported = [];
process.on('unhandledRejection', (reason) => reported.push(reason));
const telemetry = createTelemetry({ serviceName: 'listener-check', exporter: 'none' });
const stopped = createTelemetry({ serviceName: 'stopped', exporter: 'none' });
await stopped.shutdown();
const failing = (error) => async () => { throw error; };
const calls = {
  withSpan: (fn) => telemetry.withSpan('job', fn),
  traced: (fn) => telemetry.traced('job', fn)(),
  'startSpan().run': (fn) => telemetry.startSpan('job').run(fn),
  withContext: (fn) => telemetry.withContext({ job: 'j-1' }, fn),
  extract: (fn) => telemetry.extract({}, fn),
  'withSpan after shutdown': (fn) => stopped.withSpan('job', fn),
  'traced after shutdown': (fn) => stopped.traced('job', fn)(),
};
const left = {};
for (const [name, call] of Object.entries(calls)) {
  left[name] = new Error('left unhandled: ' + name);
  call(failing(left[name]));
  call(failing(new Error('handled: ' + name))).catch(() => undefined);
}
for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
const counts = Object.fromEntries(Object.entries(left).map(([name, error]) => [name, reported.filter((reason) => reason === error).length]));
console.log(JSON.stringify({ counts, reported: reported.length }));
`;

describe('a failing job nobody awaits is reported as unhandled, as without the library', () => {
  it("crashes the process with the application's own error under the default --unhandled-rejections=throw", async () => {
    const [bare, withSpan, traced] = await Promise.all(['bare', 'withSpan', 'traced'].map((job) => runChild(crashScript, { JOB: job })));
    // Without the library: exit code 1, the error printed.
    expect(bare!.code, bare!.stderr).toBe(1);
    expect(bare!.stderr).toContain('Error: application failure bare');
    for (const [job, run] of [
      ['withSpan', withSpan!],
      ['traced', traced!],
    ] as const) {
      expect(run.code, `${job}: exit code ${run.code}, stderr:\n${run.stderr}`).toBe(bare!.code);
      expect(run.stderr, `${job} stderr`).toContain(`Error: application failure ${job}`);
    }
  });

  it('reports the very error to an unhandledRejection listener, once per job, and nothing for handled ones', async () => {
    const result = await runChild(listenerScript);
    expect(result.code, result.stderr).toBe(0);
    const { counts, reported } = JSON.parse(result.stdout) as { counts: Record<string, number>; reported: number };
    expect(counts).toEqual({
      withSpan: 1,
      traced: 1,
      'startSpan().run': 1,
      withContext: 1,
      extract: 1,
      'withSpan after shutdown': 1,
      'traced after shutdown': 1,
    });
    expect(reported, 'unhandled rejections reported in all').toBe(Object.keys(counts).length);
  });
});
