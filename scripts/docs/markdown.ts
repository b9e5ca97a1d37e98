// What the documentation check reads from a Markdown file: its fenced code blocks (with the
// marker that exempts one from compiling), the anchors its headings and HTML ids define,
// and the links it holds outside code.
import { createSlugger, renderedHeadingText, splitCodeSpans } from './githubSlug.js';

/** The HTML comment, on the last non-blank line before a fence, that exempts a block. */
export const partialMarker = /^\s*<!--\s*not compiled:\s*(.*?)\s*-->\s*$/;

export interface CodeBlock {
  /** The first word of the fence's info string (`ts`, `sh`, …), lowercased; '' when none. */
  language: string;
  /** The 1-based line, in the Markdown file, of the block's first line of code. */
  firstLine: number;
  code: string;
  /** The reason given by a `<!-- not compiled: reason -->` marker before the fence. */
  partialReason: string | undefined;
}

export interface Link {
  target: string;
  line: number;
}

export interface MarkdownFile {
  codeBlocks: CodeBlock[];
  /** Heading slugs and HTML `id`/`name` attributes a `#fragment` can point at. */
  anchors: Set<string>;
  links: Link[];
}

// Fences inside list items may be indented further than the three spaces of a top-level one.
const fenceOpening = /^( *)(`{3,}|~{3,})(.*)$/;
const atxHeading = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const setextUnderline = /^ {0,3}(=+|-+)[ \t]*$/;
const inlineLink = /!?\[[^\]]*\]\(\s*(<[^>]*>|(?:[^()\s]|\([^()\s]*\))*)(?:\s+(?:"[^"]*"|'[^']*'|\([^)]*\)))?\s*\)/g;
const referenceDefinition = /^ {0,3}\[[^\]]+\]:\s*(<[^>]*>|\S+)/;
const htmlHref = /<a\s[^>]*?href\s*=\s*["']([^"']*)["']/gi;
const htmlAnchor = /<[a-z][^>]*?\s(?:id|name)\s*=\s*["']([^"']+)["']/gi;

export function readMarkdown(text: string): MarkdownFile {
  const lines = text.split(/\r?\n/);
  const codeBlocks: CodeBlock[] = [];
  const anchors = new Set<string>();
  const links: Link[] = [];
  const slug = createSlugger();
  let lastNonBlank = '';
  let previous = '';
  let previousIsParagraph = false;

  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] ?? '';
    const lineNumber = index + 1;
    const fence = fenceOpening.exec(line);
    if (fence && !(fence[2]?.startsWith('`') && fence[3]?.includes('`'))) {
      const [, indent = '', marker = '', info = ''] = fence;
      const closing = new RegExp(`^ *${marker[0] === '`' ? '`' : '~'}{${marker.length},}[ \\t]*$`);
      const code: string[] = [];
      let end = index + 1;
      while (end < lines.length && !closing.test(lines[end] ?? '')) {
        code.push(stripIndent(lines[end] ?? '', indent.length));
        end++;
      }
      codeBlocks.push({
        language: (info.trim().split(/\s+/)[0] ?? '').toLowerCase(),
        firstLine: lineNumber + 1,
        code: code.join('\n'),
        partialReason: partialMarker.exec(lastNonBlank)?.[1],
      });
      index = end;
      lastNonBlank = line;
      previous = '';
      previousIsParagraph = false;
      continue;
    }

    const heading = atxHeading.exec(line);
    const underlinesPrevious: boolean = !heading && previousIsParagraph && setextUnderline.test(line);
    if (heading) anchors.add(slug(renderedHeadingText(heading[2] ?? '')));
    if (underlinesPrevious) anchors.add(slug(renderedHeadingText(previous.trim())));
    const outsideCode = splitCodeSpans(line)
      .map(({ text, isCode }) => (isCode ? ' '.repeat(text.length) : text))
      .join('');
    for (const match of outsideCode.matchAll(htmlAnchor)) anchors.add(match[1] ?? '');
    for (const target of linkTargets(outsideCode)) links.push({ target, line: lineNumber });

    previousIsParagraph = line.trim() !== '' && !heading && !underlinesPrevious && !/^\s*(?:[-*+>|]|\d+[.)]\s|<)/.test(line);
    previous = line;
    if (line.trim() !== '') lastNonBlank = line;
  }
  return { codeBlocks, anchors, links };
}

function linkTargets(line: string): string[] {
  const targets = [...line.matchAll(inlineLink)].map((match) => match[1] ?? '');
  const definition = referenceDefinition.exec(line);
  if (definition) targets.push(definition[1] ?? '');
  for (const match of line.matchAll(htmlHref)) targets.push(match[1] ?? '');
  return targets.map((target) => target.replace(/^<(.*)>$/, '$1')).filter((target) => target !== '');
}

function stripIndent(line: string, width: number): string {
  const leading = /^ */.exec(line)?.[0].length ?? 0;
  return line.slice(Math.min(leading, width));
}
