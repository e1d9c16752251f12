// The job summary: verdict, checks table, what is wrong and how to fix it. Pure: a diagnosis in,
// Markdown out. Every value from outside went through `text`/`code`, so it is already escaped.
import { CHECK_LABELS, CHECK_ORDER, type Advisory, type CheckResult, type Diagnosis, type Finding, type RunContext } from '../core/findings.js';
import { apiKeysLink, statusLink } from '../core/links.js';
import { secretsPlace } from '../core/plan.js';
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

function findingSection(f: Finding | Advisory, heading: string): string {
  const status = 'status' in f ? ` <sub>${codeSpan(f.status)}${f.httpStatus ? ` · HTTP ${f.httpStatus}` : ''}</sub>` : '';
  const fix = f.fix.length ? `\n\n**${'status' in f ? 'How to fix it' : 'What you can do'}**\n\n${fixList(f.fix)}` : '';
  return `${heading} ${escapeMarkdown(f.title)}${status}\n\n${md(f.cause)}${fix}`;
}

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
    lines.push('', findingSection(verdict, '### What is wrong:'));
  }
  if (others.length) {
    lines.push('', '### Also found', '', '_In the order to fix them._');
    for (const f of others) lines.push('', findingSection(f, '####'));
  }
  if (d.advisories.length) {
    lines.push('', '### Notes');
    for (const a of d.advisories) lines.push('', findingSection(a, '####'));
  }
  lines.push('', '---', '');
  const facts = [
    `Status ${codeSpan(d.status)}`,
    d.keyFingerprint ? `key ${codeSpan(d.keyFingerprint)}` : undefined,
    d.httpStatus ? `HTTP ${d.httpStatus}` : undefined,
  ].filter(Boolean);
  lines.push(`<sub>${facts.join(' · ')} · Keys: ${md(apiKeysLink)} · Secrets: ${md(secretsPlace(context))} · ${md(statusLink)}</sub>`);
  return `${lines.join('\n')}\n`;
}
