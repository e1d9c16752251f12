// A job summary as GitHub renders it: GitHub Flavored Markdown (cmark-gfm there; micromark's GFM
// extensions here, which follow the same spec) into a tree, and what a reader sees and copies from
// it. The rules relied on, from the GFM spec and cmark-gfm (docs/examples/README.md):
// - in a table, `|` ends a cell even inside a code span unless written `\|`; a row keeps the cells
//   it has (GitHub drops extra ones and pads missing ones: either way the row is wrong);
// - the autolink extension links bare `https://`, `http://` and `www.` in text, including text
//   between raw inline HTML tags such as `<code>…</code>`, whose content is parsed as Markdown;
// - a code span is literal: no escapes, no emphasis, no links.
import type { Nodes, Parents, Root } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { gfm } from 'micromark-extension-gfm';

export function parseGfm(markdown: string): Root {
  return fromMarkdown(markdown, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });
}

/** Calls visit on every node, with its ancestors (root first). */
export function walk(node: Nodes, visit: (node: Nodes, ancestors: readonly Parents[]) => void, ancestors: readonly Parents[] = []): void {
  visit(node, ancestors);
  if ('children' in node) for (const child of node.children) walk(child, visit, [...ancestors, node]);
}

export function nodesOf<T extends Nodes['type']>(root: Root, type: T): Array<Extract<Nodes, { type: T }>> {
  const found: Array<Extract<Nodes, { type: T }>> = [];
  walk(root, (node) => {
    if (node.type === type) found.push(node as Extract<Nodes, { type: T }>);
  });
  return found;
}

/** The text a reader sees: escapes resolved, raw HTML tags not shown (a subscript set apart), images by their alt text. */
export function visibleText(node: Nodes): string {
  switch (node.type) {
    case 'text':
    case 'inlineCode':
    case 'code':
      return node.value;
    case 'html':
      // A subscript (the status badge after a heading) reads apart from the words before it.
      return /^<\/?sub>$/i.test(node.value) ? '\n' : '';
    case 'break':
      return '\n';
    case 'image':
      return node.alt ?? '';
    default:
      return 'children' in node ? node.children.map(visibleText).join('') : '';
  }
}

export interface CodeText {
  /** As a reader copies it from the rendered page. */
  readonly text: string;
  /** The Markdown it came from, to say what to change. */
  readonly source: string;
  /** Inside a list item: a step the user is asked to carry out. */
  readonly inStep: boolean;
}

/** Every code span and every `<code>…</code>` element, as rendered text. */
export function codeTexts(root: Root, markdown: string): CodeText[] {
  const found: CodeText[] = [];
  const sourceOf = (from: Nodes, to: Nodes): string => markdown.slice(from.position?.start.offset ?? 0, to.position?.end.offset ?? 0);
  walk(root, (node, ancestors) => {
    const inStep = ancestors.some((a) => a.type === 'listItem');
    if (node.type === 'inlineCode') found.push({ text: node.value, source: sourceOf(node, node), inStep });
    if (!('children' in node)) return;
    const children: Nodes[] = node.children;
    children.forEach((child, i) => {
      if (child.type !== 'html' || !/^<code>$/i.test(child.value)) return;
      const end = children.findIndex((c, j) => j > i && c.type === 'html' && /^<\/code>$/i.test(c.value));
      if (end < 0) return;
      const inside = children.slice(i + 1, end);
      found.push({ text: inside.map(visibleText).join(''), source: sourceOf(child, children[end] ?? child), inStep });
    });
  });
  return found;
}

/** The blocks a reader reads as one piece: headings, paragraphs and table cells, as visible text. */
export function readableBlocks(root: Root): string[] {
  const blocks: string[] = [];
  walk(root, (node) => {
    if (node.type === 'heading' || node.type === 'paragraph' || node.type === 'tableCell') blocks.push(visibleText(node));
  });
  return blocks;
}
