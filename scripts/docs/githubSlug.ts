// Heading anchors as GitHub renders them (github-slugger): lowercase, every character that
// is not a letter, mark, digit, connector punctuation (`_`), `-` or a space removed, each
// space turned into `-`; repeats of a slug in one file get `-1`, `-2`, ….

const removedCharacters = /[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu;

/** The slug of a heading's rendered text, before duplicates are numbered. */
export function slugOf(renderedText: string): string {
  return renderedText.toLowerCase().replace(removedCharacters, '').replace(/ /g, '-');
}

/** Numbers repeated slugs within one file, in the order the headings appear. */
export function createSlugger(): (renderedText: string) => string {
  const occurrences = new Map<string, number>();
  return (renderedText) => {
    const original = slugOf(renderedText);
    let slug = original;
    while (occurrences.has(slug)) {
      const next = (occurrences.get(original) ?? 0) + 1;
      occurrences.set(original, next);
      slug = `${original}-${next}`;
    }
    occurrences.set(slug, 0);
    return slug;
  };
}

/**
 * The text GitHub renders for a heading's Markdown: code spans keep their content without
 * the backticks, links and images keep their text, HTML tags and emphasis markers go.
 */
export function renderedHeadingText(markdown: string): string {
  return splitCodeSpans(markdown)
    .map(({ text, isCode }) => (isCode ? text : renderInline(text)))
    .join('')
    .trim();
}

function renderInline(text: string): string {
  return text
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/!?\[([^\]]*)\]\[[^\]]*\]/g, '$1')
    .replace(/<[^>]+>/g, '')
    .replace(/(^|[^\p{L}\p{N}_])(_{1,2})(?=\S)(.*?\S)\2(?![\p{L}\p{N}_])/gu, '$1$3')
    .replace(/\\([!-/:-@[-`{-~])/g, '$1');
}

/** Splits a line at its code spans (a run of N backticks closed by a run of exactly N). */
export function splitCodeSpans(line: string): { text: string; isCode: boolean }[] {
  const parts: { text: string; isCode: boolean }[] = [];
  const codeSpan = /(`+)([\s\S]*?[^`])\1(?!`)/g;
  let end = 0;
  for (const match of line.matchAll(codeSpan)) {
    const content = match[2] ?? '';
    parts.push({ text: line.slice(end, match.index), isCode: false });
    // CommonMark strips one space on each side when both are there (so `` `x` `` shows `x`).
    const stripped = /^ .* $/.test(content) && content.trim() !== '' ? content.slice(1, -1) : content;
    parts.push({ text: stripped, isCode: true });
    end = match.index + match[0].length;
  }
  parts.push({ text: line.slice(end), isCode: false });
  return parts;
}
