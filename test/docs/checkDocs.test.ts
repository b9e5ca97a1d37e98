import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { markdownFilesIn } from '../../scripts/checkDocs.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const fixtures = 'test/docs/fixtures';

// Each run compiles its blocks in a process of its own; a slow machine gets time, not a failure.
const runTimeoutMs = 60_000;

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

// The checker as CI runs it, in a child process: its exit status and output are the contract.
// `--source` compiles the fixtures' blocks against src/, so no build is needed.
function checkDocs(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    const command = ['--import', 'tsx', 'scripts/checkDocs.ts', '--source', ...args];
    execFile(process.execPath, command, { cwd: repoRoot, timeout: runTimeoutMs }, (error, stdout, stderr) => {
      resolve({ status: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr });
    });
  });
}

/** The 1-based line of the fixture that holds `text`, found rather than counted by hand. */
function lineOf(fixture: string, text: string): number {
  const index = readFileSync(new URL(`fixtures/${fixture}`, import.meta.url), 'utf8')
    .split('\n')
    .findIndex((line) => line.includes(text));
  if (index === -1) throw new Error(`${fixture} has no line with ${text}`);
  return index + 1;
}

describe('the documentation check', () => {
  let good: Promise<Run>;
  let broken: Promise<Run>;
  beforeAll(() => {
    // Started together: the two compilations overlap.
    good = checkDocs(`${fixtures}/good`);
    broken = checkDocs(`${fixtures}/broken/broken.md`);
  });

  it('passes a page whose blocks compile against the package and whose links resolve, skipping the block marked partial', { timeout: runTimeoutMs }, async () => {
    const run = await good;

    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe('docs: 2 TypeScript blocks compiled, 1 skipped (marked partial), 0 failed; 7 links checked, 0 broken');
    expect(run.status).toBe(0);
  });

  it('fails a page with blocks that do not compile and broken links, naming the file and line of each', { timeout: runTimeoutMs }, async () => {
    const run = await broken;
    const page = `${fixtures}/broken/broken.md`;
    const problems = run.stderr.split('\n').filter((line) => line.startsWith(page));

    expect(problems).toEqual([
      `${page}:${lineOf('broken/broken.md', 'withSpan(42')}: error TS2345: Argument of type 'number' is not assignable to parameter of type 'string'.`,
      `${page}:${lineOf('broken/broken.md', 'charge(order)')}: error TS2304: Cannot find name 'charge'.`,
      `${page}:${lineOf('broken/broken.md', 'charge(order)')}: error TS2304: Cannot find name 'order'.`,
      `${page}:${lineOf('broken/broken.md', '(#no-such-section)')}: broken link (#no-such-section): no heading with the anchor #no-such-section in this file`,
      `${page}:${lineOf('broken/broken.md', '(missing.md)')}: broken link (missing.md): no such file: missing.md`,
      `${page}:${lineOf('broken/broken.md', '#no-such-option)')}: broken link (../good/reference.md#no-such-option): no heading with the anchor #no-such-option in ../good/reference.md`,
    ]);
    // Each compiler error is followed by the line of code it is about.
    expect(run.stderr).toContain("\n    instance.withSpan(42, () => 'a name must be a string');\n");
    expect(run.stdout.trim()).toBe('docs: 0 TypeScript blocks compiled, 0 skipped (marked partial), 2 failed; 4 links checked, 3 broken');
    expect(run.status).toBe(1);
  });

  it('checks every Markdown file under a directory it is given, nested ones too, and files named directly', () => {
    expect(markdownFilesIn([fixtures, 'README.md'])).toEqual([
      `${fixtures}/broken/broken.md`,
      `${fixtures}/good/guide.md`,
      `${fixtures}/good/reference.md`,
      'README.md',
    ]);
  });
});
