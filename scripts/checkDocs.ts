// Checks the documentation: every TypeScript block (```ts or ```typescript) of README.md and
// docs/**/*.md compiles against the built package as a user's project would, and every
// relative link and #anchor resolves. External links are not fetched.
//
//   node --import tsx scripts/checkDocs.ts [--source] [FILE.md | DIRECTORY]...
//
// Without paths it checks README.md and docs/ of this repository. `--source` compiles the
// blocks against src/ instead of dist/ (for checks that run without a build).
//
// A block that is deliberately partial is skipped, and counted, when the last non-blank
// line before its fence is an HTML comment, which GitHub does not render:
//
//   <!-- not compiled: the reason -->
//   ```ts
//
// Blocks are ES modules (top-level await allowed) under `strict`. Besides what they import
// or declare, they may use the names declared in scripts/docs/ambient.d.ts (`telemetry`,
// `app`, `req`, `res`, `fastify`, `server`, `logger`).
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkLinks } from './docs/checkLinks.js';
import { compileBlocks, type DocumentBlock, type PackageUnderTest } from './docs/compileBlocks.js';
import { readMarkdown, type MarkdownFile } from './docs/markdown.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const typeScriptLanguages = new Set(['ts', 'typescript']);

export interface DocsReport {
  compiled: number;
  skipped: number;
  failed: number;
  linksChecked: number;
  linksBroken: number;
  /** One entry per problem, each starting with `FILE.md:LINE:`. */
  problems: string[];
}

/** Checks the given Markdown files (paths as they should appear in messages). */
export function checkDocs(markdownPaths: readonly string[], against: PackageUnderTest): DocsReport {
  const files = new Map<string, MarkdownFile>(markdownPaths.map((path) => [path, readMarkdown(readFileSync(path, 'utf8'))]));

  const blocks: DocumentBlock[] = [];
  let skipped = 0;
  for (const [file, markdown] of files) {
    for (const block of markdown.codeBlocks) {
      if (!typeScriptLanguages.has(block.language)) continue;
      if (block.partialReason === undefined) blocks.push({ file, block });
      else skipped++;
    }
  }
  const compilation = compileBlocks(blocks, repoRoot, against);
  const links = checkLinks(files);
  const brokenLinks = links.broken.map(({ file, line, target, problem }) => `${file}:${line}: broken link (${target}): ${problem}`);
  const failed = compilation.failedBlocks;
  return {
    compiled: blocks.length - failed,
    skipped,
    failed,
    linksChecked: links.checked,
    linksBroken: brokenLinks.length,
    problems: [...compilation.errors, ...brokenLinks],
  };
}

/** The Markdown files named, with directories searched for `*.md` (outside node_modules). */
export function markdownFilesIn(paths: readonly string[]): string[] {
  return paths.flatMap((path) => {
    if (!statSync(path).isDirectory()) return [path];
    return readdirSync(path, { recursive: true, encoding: 'utf8' })
      .filter((entry) => entry.endsWith('.md') && !entry.split(/[\\/]/).includes('node_modules'))
      .sort()
      .map((entry) => join(path, entry));
  });
}

function defaultPaths(): string[] {
  const docs = join(repoRoot, 'docs');
  const paths = [join(repoRoot, 'README.md'), ...(existsSync(docs) ? [docs] : [])];
  return paths.map((path) => relative(process.cwd(), path));
}

function counted(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

// A build older than the sources would have the examples checked against yesterday's API.
function staleBuildNote(): string | undefined {
  const built = join(repoRoot, 'dist', 'index.d.ts');
  if (!existsSync(built)) return undefined;
  const builtAt = statSync(built).mtimeMs;
  const sources = join(repoRoot, 'src');
  const newer = readdirSync(sources, { recursive: true, encoding: 'utf8' }).find(
    (entry) => entry.endsWith('.ts') && statSync(join(sources, entry)).mtimeMs > builtAt,
  );
  return newer && `note: dist/ is older than src/${newer}: run \`npm run build\` to check against the current sources`;
}

function main(args: readonly string[]): number {
  const against: PackageUnderTest = args.includes('--source') ? 'source' : 'dist';
  const named = args.filter((arg) => arg !== '--source');
  const unusable = named.filter((arg) => arg.startsWith('--') || !existsSync(arg));
  if (unusable.length > 0) {
    console.error(`checkDocs: neither an option nor an existing file or directory: ${unusable.join(', ')}`);
    console.error('usage: node --import tsx scripts/checkDocs.ts [--source] [FILE.md | DIRECTORY]...');
    return 2;
  }
  const note = against === 'dist' ? staleBuildNote() : undefined;
  if (note) console.error(note);
  const report = checkDocs(markdownFilesIn(named.length > 0 ? named : defaultPaths()), against);
  for (const problem of report.problems) console.error(problem);
  console.log(
    `docs: ${counted(report.compiled, 'TypeScript block')} compiled, ${report.skipped} skipped (marked partial), ${report.failed} failed; ` +
      `${counted(report.linksChecked, 'link')} checked, ${report.linksBroken} broken`,
  );
  return report.problems.length > 0 ? 1 : 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
