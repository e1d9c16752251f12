// Every job summary the action can write, rendered the way GitHub renders it (GFM: tables,
// autolinks, raw inline HTML), and checked on the rendered tree rather than on the Markdown text:
// the checks table keeps its three columns, the only links are ours, server text never becomes a
// link, image, element, emphasis or mention, and what a fix step asks the user to copy is copied
// exactly. Scenarios: every status, and hostile server text in every place it is shown.
import { execFileSync, spawnSync } from 'node:child_process';
import type { Root } from 'mdast';
import { LINKS } from '../src/core/links.js';
import { codeTexts, nodesOf, parseGfm, visibleText, walk } from './helpers/gfm.js';
import { inBatches, runScenario, SCENARIOS, STATUSES, type Scenario } from './helpers/scenarios.js';
import type { ActionRun } from './helpers/run-action.js';

/** Links the summary may hold: the pages where a person fixes things, chosen by the code. */
const ALLOWED_LINKS: readonly ((url: string) => boolean)[] = [
  (url) => (Object.values(LINKS) as string[]).includes(url),
  (url) => /^https:\/\/platform\.deepseek\.com\/[a-z_]+$/.test(url),
  (url) => /^https:\/\/github\.com\/acme\/shop\/settings\/[a-z/-]+$/.test(url),
];

/** Inline HTML the summary uses on purpose, bare (an attribute is never ours). */
const ALLOWED_HTML = /^<\/?(?:code|sub|sup|br)>$/i;

/** Text that is GitHub's @mention: `@` after a non-word character, then a user or team name. */
const MENTION = /(?:^|[^\w`])@[a-z\d][a-z\d-]*/i;
const INVISIBLE = /[\u200d\u200b\u200c\u2060\ufeff]/;
/** A backslash before ASCII punctuation: a Markdown escape a reader would see and copy. */
const VISIBLE_ESCAPE = /\\[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/;

const runs = new Map<Scenario, { run: ActionRun; tree: Root }>();

beforeAll(async () => {
  const done = await inBatches(SCENARIOS, 3, async (scenario) => ({ scenario, run: await runScenario(scenario) }));
  for (const { scenario, run } of done) runs.set(scenario, { run, tree: parseGfm(run.summary) });
}, 120_000);

function rendered(scenario: Scenario): { run: ActionRun; tree: Root } {
  const seen = runs.get(scenario);
  if (!seen) throw new Error('the scenario did not run');
  expect(seen.run.outputs.status).toBe(scenario.status);
  expect(seen.run.summary).not.toBe('');
  return seen;
}

test('the scenarios cover every status', () => {
  expect(new Set(SCENARIOS.map((s) => s.status))).toEqual(new Set(STATUSES));
});

describe.each(SCENARIOS.map((scenario) => ({ scenario, name: `${scenario.status}: ${scenario.name}` })))('$name', ({ scenario }) => {
  test('the checks table renders with three cells in every row', () => {
    const { tree } = rendered(scenario);
    const tables = nodesOf(tree, 'table');
    expect(tables).toHaveLength(1);
    const rows = nodesOf(tree, 'tableRow');
    expect(rows.length).toBe(7); // the header and the six checks
    const widths = rows.map((row) => `${row.children.length} cells: ${row.children.map(visibleText).join(' | ')}`);
    expect(widths.filter((w) => !w.startsWith('3 cells:'))).toEqual([]);
  });

  test('every link is one of ours', () => {
    const { tree } = rendered(scenario);
    const links = nodesOf(tree, 'link').map((l) => l.url);
    // A passing run is a verdict and the table, nothing to read past; every other has a page to go to.
    // An outage at a host that is not DeepSeek's (the simulator) has none: DeepSeek's status page says nothing about it.
    const outageElsewhere = ['rate_limited', 'server_error', 'unreachable'].includes(scenario.status);
    if (scenario.name === 'a working key' || outageElsewhere) expect(links).toEqual([]);
    else expect(links.length).toBeGreaterThan(0);
    expect(links.filter((url) => !ALLOWED_LINKS.some((allowed) => allowed(url)))).toEqual([]);
    expect(nodesOf(tree, 'image').map((i) => i.url)).toEqual([]);
    expect([...nodesOf(tree, 'linkReference'), ...nodesOf(tree, 'imageReference'), ...nodesOf(tree, 'definition')].map(visibleText)).toEqual([]);
  });

  test('the only HTML is the bare inline elements the summary uses', () => {
    const { tree } = rendered(scenario);
    expect(
      nodesOf(tree, 'html')
        .map((h) => h.value)
        .filter((v) => !ALLOWED_HTML.test(v)),
    ).toEqual([]);
  });

  test('no text reads as an @mention', () => {
    const { tree } = rendered(scenario);
    const mentions: string[] = [];
    walk(tree, (node) => {
      if (node.type === 'text' && MENTION.test(node.value)) mentions.push(node.value);
    });
    expect(mentions).toEqual([]);
  });

  if (scenario.hostile) {
    test("the server's text is shown, and stays text", () => {
      const { tree } = rendered(scenario);
      const shown = visibleText(tree).replace(new RegExp(INVISIBLE.source, 'g'), '');
      // Shown with the table-breaking `|` as a character.
      expect(shown).toMatch(/EVIL\|/);
      const marked: string[] = [];
      walk(tree, (node, ancestors) => {
        const inside = ancestors.find((a) => a.type === 'link' || a.type === 'emphasis' || a.type === 'strong' || a.type === 'delete' || a.type === 'heading');
        if (node.type === 'text' && node.value.includes('EVIL') && inside && inside.type !== 'heading') marked.push(`${inside.type}: ${node.value}`);
        if ((node.type === 'link' || node.type === 'image') && /evil/i.test(node.url)) marked.push(`${node.type} to ${node.url}`);
      });
      expect(marked).toEqual([]);
    });
  }
});

/**
 * What a step asks the user to type or paste (a URL, a `base-url: …` line, a command, a secret
 * name), as the page gives it when copied: no invisible characters, no Markdown escapes.
 */
const COPY_FAILS_TODAY: Readonly<Record<string, string>> = {};

/** What must be there to copy, exactly, in a fix step of these scenarios. */
const MUST_OFFER: Readonly<Record<string, readonly string[]>> = {
  'no key': ['DEEPSEEK_API_KEY', 'api-key: ${{ secrets.DEEPSEEK_API_KEY }}'],
  'a trailing newline in the secret': ['DEEPSEEK_API_KEY'],
  'an endpoint path in base-url': ['base-url: https://api.deepseek.com'],
  "OpenAI's base URL": ['base-url: https://api.deepseek.com'],
};

describe.each(SCENARIOS.map((scenario) => ({ scenario, name: `${scenario.status}: ${scenario.name}` })))('$name', ({ scenario }) => {
  (COPY_FAILS_TODAY[scenario.name] !== undefined ? test.failing : test)('what a fix step asks to copy is copied exactly', () => {
    const { run, tree } = rendered(scenario);
    const steps = codeTexts(tree, run.summary).filter((c) => c.inStep);
    const damaged = steps.filter((c) => INVISIBLE.test(c.text) || VISIBLE_ESCAPE.test(c.text)).map((c) => `${JSON.stringify(c.text)} from ${c.source}`);
    expect(damaged).toEqual([]);
    for (const wanted of MUST_OFFER[scenario.name] ?? []) expect(steps.map((c) => c.text)).toContain(wanted);
  });
});

// The same checks with GitHub's own renderer, cmark-gfm (Debian's `cmark-gfm`; .ci/run installs it),
// so that the tree above is not only our model of GFM. HTML out, checked on what a browser would act on.
const CMARK = spawnSync('cmark-gfm', ['--version']).status === 0;
const describeWithCmark = CMARK ? describe : describe.skip;
describeWithCmark(`cmark-gfm (GitHub's renderer)${CMARK ? '' : ': skipped, cmark-gfm is not installed (apt-get install cmark-gfm)'}`, () => {
  const html = (markdown: string): string => execFileSync('cmark-gfm', ['-e', 'table', '-e', 'autolink', '--unsafe'], { input: markdown, encoding: 'utf8' });
  test.each(SCENARIOS.map((scenario) => ({ scenario, name: `${scenario.status}: ${scenario.name}` })))('$name: three cells a row, only our links, no image or foreign element', ({ scenario }) => {
    const page = html(rendered(scenario).run.summary);
    const rows = page.split('<tr>').slice(1);
    expect(rows).toHaveLength(7);
    expect(rows.map((row) => (row.match(/<t[dh][ >]/g) ?? []).length).filter((cells) => cells !== 3)).toEqual([]);
    const links = [...page.matchAll(/<a href="([^"]*)"/g)].map((m) => m[1] ?? '');
    expect(links.filter((url) => !ALLOWED_LINKS.some((allowed) => allowed(url)))).toEqual([]);
    const tags = [...page.matchAll(/<\/?([a-z][a-z0-9]*)/gi)].map((m) => (m[1] ?? '').toLowerCase());
    const OURS = new Set(['h2', 'h3', 'h4', 'p', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'code', 'sub', 'sup', 'br', 'strong', 'em', 'ol', 'ul', 'li', 'a', 'hr']);
    expect([...new Set(tags)].filter((t) => !OURS.has(t))).toEqual([]);
    // Server text (marked EVIL in the hostile scenarios) is never inside a link, emphasis or strikethrough.
    expect(page.match(/<(a|em|strong|del)\b[^>]*>[^<]*EVIL/g) ?? []).toEqual([]);
  });
});
