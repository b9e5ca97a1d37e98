// Relative links of the documentation: each must name an existing file or directory, and
// each `#fragment` into a Markdown file must name one of its heading anchors. External
// links (any `scheme:` or `//host`) are not fetched.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';
import { readMarkdown, type MarkdownFile } from './markdown.js';

export interface BrokenLink {
  file: string;
  line: number;
  target: string;
  problem: string;
}

export interface LinkReport {
  checked: number;
  broken: BrokenLink[];
}

const external = /^(?:[a-z][a-z0-9+.-]*:|\/\/)/i;

/** Checks the links of the given files, read already; other Markdown targets are read on demand. */
export function checkLinks(files: ReadonlyMap<string, MarkdownFile>): LinkReport {
  const parsed = new Map(files);
  const markdownAt = (path: string): MarkdownFile => {
    let file = parsed.get(path);
    if (!file) {
      file = readMarkdown(readFileSync(path, 'utf8'));
      parsed.set(path, file);
    }
    return file;
  };

  let checked = 0;
  const broken: BrokenLink[] = [];
  for (const [file, markdown] of files) {
    for (const { target, line } of markdown.links) {
      if (external.test(target)) continue;
      checked++;
      const problem = problemOf(file, target, markdownAt);
      if (problem) broken.push({ file, line, target, problem });
    }
  }
  return { checked, broken };
}

function problemOf(file: string, target: string, markdownAt: (path: string) => MarkdownFile): string | undefined {
  const hashAt = target.indexOf('#');
  const pathPart = decoded(hashAt === -1 ? target : target.slice(0, hashAt)).replace(/\?.*$/, '');
  const fragment = hashAt === -1 ? undefined : decoded(target.slice(hashAt + 1));

  const targetPath = pathPart === '' ? file : resolve(dirname(file), pathPart);
  if (!existsSync(targetPath)) return `no such file: ${pathPart}`;
  if (fragment === undefined || fragment === '') return undefined;
  // Fragments into other kinds of files (`#L10` of a source file) are GitHub's own.
  if (statSync(targetPath).isDirectory() || extname(targetPath).toLowerCase() !== '.md') return undefined;
  if (markdownAt(targetPath).anchors.has(fragment)) return undefined;
  return `no heading with the anchor #${fragment} in ${pathPart === '' ? 'this file' : pathPart}`;
}

function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
