import { describe, expect, it } from 'vitest';
import { createSlugger, renderedHeadingText } from '../../scripts/docs/githubSlug.js';
import { readMarkdown } from '../../scripts/docs/markdown.js';

const fence = '```';

function slugsOf(...headings: string[]): string[] {
  const slug = createSlugger();
  return headings.map((heading) => slug(renderedHeadingText(heading)));
}

describe('heading anchors, as GitHub makes them', () => {
  it('lowercases, drops punctuation but - and _, turns each space into -, and keeps code without its backticks', () => {
    expect(
      slugsOf(
        '`withSpan(name, fn)` / `withSpan(name, attributesOrOptions, fn)`',
        'Open spans, `health().spans` and shutdown',
        'Events: bus, dedup window, batches, sampling',
        'The off switch: `OTEL_SDK_DISABLED=true`',
        '`createManualClock(startMs = MANUAL_CLOCK_EPOCH_MS)`',
        'Überblick — état',
      ),
    ).toEqual([
      'withspanname-fn--withspanname-attributesoroptions-fn',
      'open-spans-healthspans-and-shutdown',
      'events-bus-dedup-window-batches-sampling',
      'the-off-switch-otel_sdk_disabledtrue',
      'createmanualclockstartms--manual_clock_epoch_ms',
      'überblick--état',
    ]);
  });

  it('keeps the text of links and emphasis, not their markup', () => {
    expect(slugsOf('See [the *reference*](docs/reference.md)', 'An _emphasized_ word and a snake_case_name', '**Bold** <sup>html</sup>')).toEqual([
      'see-the-reference',
      'an-emphasized-word-and-a-snake_case_name',
      'bold-html',
    ]);
  });

  it('numbers repeated headings -1, -2, skipping a number another heading already took', () => {
    expect(slugsOf('Usage', 'Usage', 'Usage-2', 'Usage', '`usage`')).toEqual(['usage', 'usage-1', 'usage-2', 'usage-3', 'usage-4']);
  });
});

describe('reading a Markdown file', () => {
  const page = [
    '# Title', //                                      1
    '', //                                             2
    '<!-- not compiled: needs a database -->', //      3
    `${fence}ts`, //                                   4
    'await db.query();', //                            5
    fence, //                                          6
    '', //                                             7
    '- a step:', //                                    8
    '', //                                             9
    `  ${fence}typescript title="x"`, //               10
    '  const a = 1;', //                               11
    '    const b = 2;', //                             12
    `  ${fence}`, //                                   13
    '', //                                             14
    '~~~sh', //                                        15
    '# not a heading, [not a link](nowhere.md)', //    16
    '~~~', //                                          17
    'See [one](a.md#x "title") and `[in code](no.md)`, <a href="b.md">b</a>.', // 18
    '[ref]: <c d.md>', //                              19
    '<a id="custom-anchor"></a>', //                   20
    'Setext heading', //                               21
    '---', //                                          22
  ].join('\n');
  const markdown = readMarkdown(page);

  it('finds each fenced block with its language, first line of code and partial marker, list indentation removed', () => {
    expect(markdown.codeBlocks).toEqual([
      { language: 'ts', firstLine: 5, code: 'await db.query();', partialReason: 'needs a database' },
      { language: 'typescript', firstLine: 11, code: 'const a = 1;\n  const b = 2;', partialReason: undefined },
      { language: 'sh', firstLine: 16, code: '# not a heading, [not a link](nowhere.md)', partialReason: undefined },
    ]);
  });

  it('takes links from text, reference definitions and HTML, never from code', () => {
    expect(markdown.links).toEqual([
      { target: 'a.md#x', line: 18 },
      { target: 'b.md', line: 18 },
      { target: 'c d.md', line: 19 },
    ]);
  });

  it('offers the anchors of ATX and setext headings and of HTML ids, not of lines in code', () => {
    expect([...markdown.anchors]).toEqual(['title', 'custom-anchor', 'setext-heading']);
  });
});
