// Renders the revoked-key job summary (docs/examples/invalid-key.md, made by the bundle) the way
// GitHub shows it: GFM to HTML (micromark's GFM extensions; GitHub uses cmark-gfm, same spec), in
// a page styled after GitHub's light theme, captured with headless Chromium into
// docs/images/summary-invalid-key.png. Run by hand after the examples change (CI has no Chromium):
//   apt-get install -y chromium && npm run -s compile && node scripts/examples.mjs && node scripts/screenshot.mjs
// CHROMIUM=/path/to/chrome picks another browser.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';
import { root } from './lib/run-step.mjs';

const EXAMPLE = 'invalid-key.md';
const OUT = path.join(root, 'docs/images/summary-invalid-key.png');
const WIDTH = 980;

// Everything after the example's own header (which ends at the first horizontal rule) is the summary.
const example = readFileSync(path.join(root, 'docs/examples', EXAMPLE), 'utf8');
const summary = example.slice(example.indexOf('\n---\n') + '\n---\n'.length);
// GitHub passes the summary's inline HTML through its sanitizer; the summary uses only bare <code> and <sub>.
const body = micromark(summary, { allowDangerousHtml: true, extensions: [gfm()], htmlExtensions: [gfmHtml()] });

// GitHub's light theme, approximately: its system font stack, colours and spacing for Markdown.
const css = `
  * { box-sizing: border-box; }
  html { background: #f6f8fa; }
  body { margin: 0; padding: 24px; font-family: -apple-system, BlinkMacSystemFont, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif, "Apple Color Emoji", "Segoe UI Emoji"; font-size: 14px; line-height: 1.5; color: #1f2328; }
  .card { background: #fff; border: 1px solid #d0d7de; border-radius: 6px; }
  .card-head { padding: 12px 16px; border-bottom: 1px solid #d0d7de; font-weight: 600; font-size: 14px; }
  .card-head span { color: #59636e; font-weight: 400; }
  .markdown-body { padding: 16px 32px 24px; font-size: 16px; }
  .markdown-body > :first-child { margin-top: 0; }
  h2 { font-size: 1.5em; font-weight: 600; line-height: 1.25; margin: 24px 0 16px; padding-bottom: .3em; border-bottom: 1px solid #d1d9e0b3; }
  h3 { font-size: 1.25em; font-weight: 600; line-height: 1.25; margin: 24px 0 16px; }
  h4 { font-size: 1em; font-weight: 600; margin: 24px 0 16px; }
  p, ol, ul, table { margin: 0 0 16px; }
  ol { padding-left: 2em; }
  li + li { margin-top: .25em; }
  a { color: #0969da; text-decoration: none; }
  a:hover { text-decoration: underline; }
  code { font-family: ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", monospace; font-size: 85%; padding: .2em .4em; background: #818b981f; border-radius: 6px; }
  sub code { font-size: 90%; }
  table { border-spacing: 0; border-collapse: collapse; display: block; width: max-content; max-width: 100%; overflow: auto; }
  th { font-weight: 600; }
  th, td { padding: 6px 13px; border: 1px solid #d1d9e0; }
  tr { background: #fff; border-top: 1px solid #d1d9e0b3; }
  tr:nth-child(2n) { background: #f6f8fa; }
  hr { height: .25em; padding: 0; margin: 24px 0; background: #d1d9e0; border: 0; }
  strong { font-weight: 600; }
  sub { font-size: 75%; }
`;
const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Job summary</title><style>${css}</style></head>
<body><div class="card"><div class="card-head">check summary <span>· deepseek-preflight</span></div><div class="markdown-body">${body}</div></div>
<script>document.body.dataset.height = String(Math.ceil(document.documentElement.getBoundingClientRect().height));</script></body></html>`;

const dir = mkdtempSync(path.join(tmpdir(), 'preflight-screenshot-'));
try {
  const html = path.join(dir, 'summary.html');
  writeFileSync(html, page);
  const chromium = process.env.CHROMIUM ?? 'chromium';
  const args = [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
    '--disable-sync',
    '--hide-scrollbars',
    `--user-data-dir=${path.join(dir, 'profile')}`,
  ];
  // First the page's height (the DOM after layout), then a picture exactly that tall.
  const dom = execFileSync(chromium, [...args, `--window-size=${WIDTH},800`, '--dump-dom', `file://${html}`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const height = Number(/data-height="(\d+)"/.exec(dom)?.[1]);
  if (!(height > 0)) throw new Error('Chromium did not render the page');
  execFileSync(chromium, [...args, `--window-size=${WIDTH},${height}`, `--screenshot=${OUT}`, `file://${html}`], { stdio: 'ignore' });
  console.log(`wrote ${path.relative(root, OUT)} (${WIDTH}×${height})`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
