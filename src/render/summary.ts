// The job summary: verdict, checks table, what is wrong and how to fix it. Pure: a diagnosis in,
// Markdown out. Every value from outside went through `text`/`code`, so it is already escaped.
import { CHECK_LABELS, CHECK_ORDER, type Advisory, type CheckResult, type Diagnosis, type Finding, type RunContext } from '../core/findings.js';
import { apiDocsLink, apiKeysLink, statusLink } from '../core/links.js';
import { secretsPlace } from '../core/plan.js';
import { isOutage } from '../core/status.js';
import { INPUT_TABLE } from '../core/input-table.js';
import { codeSpan, escapeMarkdown, markdownIn, type Text } from '../core/text.js';

const RESULT_ICONS: Record<CheckResult, string> = { pass: '✅ pass', fail: '❌ fail', warn: '⚠️ warn', skip: '➖ skipped' };

function verdictIcon(d: Diagnosis): string {
  if (d.status === 'ok') return '✅';
  if (d.status === 'skipped') return '⏭️';
  return d.blocking ? '❌' : '⚠️';
}

const md = (t: Text): string => markdownIn(t, 'block');

function fixList(fix: readonly Text[]): string {
  return fix.map((step, i) => `${i + 1}. ${md(step)}`).join('\n');
}

/** An HTTP status explains a verdict when it is a refusal or an outage; "HTTP 200" beside a failure only confuses. */
const explains = (httpStatus: number | undefined): httpStatus is number => httpStatus !== undefined && httpStatus !== 200;

function findingSection(f: Finding | Advisory, heading: string): string {
  const isFinding = 'status' in f;
  const outage = isFinding && isOutage(f.status);
  const status = isFinding ? ` <sub>${codeSpan(f.status)}${explains(f.httpStatus) ? ` · HTTP ${f.httpStatus}` : ''}</sub>` : '';
  // An outage is nobody's mistake on this side: say so before anything else.
  const fixHeading = outage ? 'What to do' : isFinding ? 'How to fix it' : 'What you can do';
  const lead = outage ? '**Nothing to fix in the secret.** ' : '';
  const fix = f.fix.length ? `\n\n**${fixHeading}**\n\n${fixList(f.fix)}` : '';
  return `${heading} ${escapeMarkdown(f.title)}${status}\n\n${lead}${md(f.cause)}${fix}`;
}

/** The pages that fit the verdict: the key page for a key problem at DeepSeek, the status page for an outage. */
function footerLinks(d: Diagnosis, context: RunContext): string[] {
  if (d.status === 'ok' || d.status === 'skipped') return [];
  const links: string[] = [];
  // DeepSeek's key page only helps with a DeepSeek key (`sk-…`), or when there is none yet.
  if (KEY_STATUSES.has(d.status) && (d.keyFingerprint.startsWith('sk-') || d.status === 'missing_key')) links.push(`Keys: ${md(apiKeysLink)}`);
  if (KEY_STATUSES.has(d.status)) links.push(`Secrets: ${md(secretsPlace(context))}`);
  if (d.status === 'wrong_endpoint') links.push(`Base URL: ${md(apiDocsLink)}`);
  // DeepSeek's status page says nothing about a gateway's outage.
  if (isOutage(d.status) && d.answeredBy?.official !== false) links.push(md(statusLink));
  return links;
}

const KEY_STATUSES: ReadonlySet<string> = new Set(['missing_key', 'malformed_key', 'invalid_key', 'forbidden', 'expired_token']);

export function renderSummary(d: Diagnosis, context: RunContext): string {
  const lines: string[] = [];
  lines.push(`## ${verdictIcon(d)} DeepSeek preflight: ${md(d.headline)}`);
  lines.push('');
  lines.push('| Check | Result | Detail |');
  lines.push('| --- | --- | --- |');
  for (const name of CHECK_ORDER) {
    const check = d.checks[name];
    lines.push(`| ${CHECK_LABELS[name]} | ${RESULT_ICONS[check.result]} | ${markdownIn(check.detail, 'cell')} |`);
  }
  const [verdict, ...others] = d.findings;
  if (verdict) {
    lines.push('', findingSection(verdict, isOutage(verdict.status) ? '### What happened:' : '### What is wrong:'));
  }
  if (others.length) {
    lines.push('', '### Also found', '', '_In the order to fix them._');
    for (const f of others) lines.push('', findingSection(f, '####'));
  }
  if (d.advisories.length) {
    lines.push('', '### Notes');
    for (const a of d.advisories) lines.push('', findingSection(a, '####'));
  }
  const facts = [
    `Status ${codeSpan(d.status)}`,
    d.keyFingerprint ? `key ${codeSpan(d.keyFingerprint)}` : undefined,
    explains(d.httpStatus) ? `HTTP ${d.httpStatus}` : undefined,
    ...footerLinks(d, context),
  ].filter(Boolean);
  lines.push('', '---', '', `<sub>${facts.join(' · ')}</sub>`);
  return `${lines.join('\n')}\n`;
}

/**
 * Inputs that could not be used: nothing was checked, so no checks table; each input with what is
 * wrong (the message may quote the value, so it is escaped) and the line to write instead.
 */
export function renderInputErrorsSummary(errors: readonly { readonly input: string; readonly message: string }[]): string {
  const lines = [
    `## ❌ DeepSeek preflight: ${errors.length === 1 ? 'an input is' : `${errors.length} inputs are`} not valid — the deploy is blocked.`,
    '',
    "Nothing was checked: fix these in the step's `with:` first.",
    '',
  ];
  for (const error of errors) {
    const example = INPUT_TABLE.find((row) => row.name === error.input)?.example.replaceAll('`', '');
    lines.push(`- ${codeSpan(error.input)}: ${escapeMarkdown(error.message)}${example ? ` Write instead, for example: ${codeSpan(example)}` : ''}`);
  }
  return `${lines.join('\n')}\n`;
}
