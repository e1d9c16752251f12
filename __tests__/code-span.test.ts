// What a fix step asks the user to write is a code span (core/text/text.ts `code`): GitHub must render
// it as exactly those characters, in a paragraph, in a list item and in a table cell, whatever
// backticks, pipes, backslashes or markup it holds, and nothing around it may change.
import fc from 'fast-check';
import { code, escapeMarkdown, markdownIn, oneLine, text } from '../src/core/text/text.js';
import { nodesOf, parseGfm, visibleText } from './helpers/gfm.js';

const tricky = fc
  .array(fc.constantFrom('`', '``', '|', '\\', '\\|', ' ', 'a', '<b>', '@x', 'https://e.example', '*e*', '[l](u)', '&lt;', ':', '-', '.'), { minLength: 1, maxLength: 12 })
  .map((a) => a.join(''));
const anything = fc.oneof(tricky, fc.string({ maxLength: 40 }));

/** What a reader copies: a backslash before `|` is the one case a cell cannot carry exactly. */
const expected = (value: string): string => oneLine(value);

describe('code()', () => {
  it('renders as one code span holding exactly the value, in a paragraph and in a list item', () => {
    fc.assert(
      fc.property(anything, (value) => {
        fc.pre(oneLine(value) !== '' && !/\\\|/.test(value));
        for (const md of [`Write ${markdownIn(code(value), 'block')} here.`, `1. Write ${markdownIn(code(value), 'block')} here.`]) {
          const spans = nodesOf(parseGfm(md), 'inlineCode');
          expect(spans.map((s) => s.value)).toEqual([expected(value)]);
          expect(nodesOf(parseGfm(md), 'link')).toEqual([]);
        }
      }),
    );
  });

  it('keeps a table row at three cells and shows the value exactly', () => {
    fc.assert(
      fc.property(anything, (value) => {
        fc.pre(oneLine(value) !== '' && !/\\\|/.test(value));
        const md = `| A | B | C |\n| --- | --- | --- |\n| x | y | ${markdownIn(text`see ${code(value)}`, 'cell')} |\n`;
        const rows = nodesOf(parseGfm(md), 'tableRow');
        expect(rows.map((r) => r.children.length)).toEqual([3, 3]);
        expect(nodesOf(parseGfm(md), 'inlineCode').map((s) => s.value)).toEqual([expected(value)]);
        expect(visibleText(rows[1]?.children[2] ?? rows[0]!)).toBe(`see ${expected(value)}`);
      }),
    );
  });

  it('keeps a row at three cells even with a backslash before a pipe', () => {
    const md = `| A | B | C |\n| --- | --- | --- |\n| x | y | ${markdownIn(code('a\\|b|c'), 'cell')} |\n`;
    expect(nodesOf(parseGfm(md), 'tableRow').map((r) => r.children.length)).toEqual([3, 3]);
  });

  it('reads as the value in quotes in plain text', () => {
    expect(code('base-url: https://api.deepseek.com').plain).toBe('"base-url: https://api.deepseek.com"');
  });
});

describe('escapeMarkdown()', () => {
  const starts = fc.constantFrom('', '-', '+', '=', '1.', '12)', '#', '>', '*', '---', '===', '1. ', '- ');
  const value = fc.tuple(starts, anything).map(([start, rest]) => `${start}${rest}`);

  it('is one paragraph of exactly the text, even where the text starts like a list, a heading or a rule', () => {
    fc.assert(
      fc.property(value, (v) => {
        const shown = oneLine(v);
        fc.pre(shown !== '');
        const tree = parseGfm(escapeMarkdown(v));
        expect(tree.children.map((c) => c.type)).toEqual(['paragraph']);
        expect(nodesOf(tree, 'link')).toEqual([]);
        expect(visibleText(tree).replaceAll('\u200b', '')).toBe(shown);
      }),
    );
  });
});
