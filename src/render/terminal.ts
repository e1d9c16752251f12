// Human output for the CLI: the same diagnosis as the job summary, as plain lines, coloured only
// when asked to (the caller decides: a TTY without NO_COLOR). Each Text is read in its terminal
// form (`cliOf`): flags and "run the command again" where the summary says inputs and jobs.
import { CHECK_LABELS, CHECK_ORDER, type Diagnosis } from '../core/verdict/findings.js';
import { cliOf } from '../core/text/text.js';

export interface Palette {
  // Properties, not methods: the renderer passes them around unbound (`colour: p.red`).
  readonly red: (s: string) => string;
  readonly green: (s: string) => string;
  readonly yellow: (s: string) => string;
  readonly dim: (s: string) => string;
  readonly bold: (s: string) => string;
}

const wrap =
  (open: number, close: number) =>
  (s: string): string =>
    `\u001b[${open}m${s}\u001b[${close}m`;
export const COLOURS: Palette = { red: wrap(31, 39), green: wrap(32, 39), yellow: wrap(33, 39), dim: wrap(2, 22), bold: wrap(1, 22) };
export const NO_COLOURS: Palette = { red: (s) => s, green: (s) => s, yellow: (s) => s, dim: (s) => s, bold: (s) => s };

export function renderTerminal(d: Diagnosis, p: Palette): string {
  const out: string[] = [];
  const mark = d.status === 'ok' ? p.green('✔') : d.status === 'skipped' ? p.dim('–') : d.blocking ? p.red('✘') : p.yellow('!');
  out.push(`${mark} ${p.bold(cliOf(d.headline))}  ${p.dim(`[${d.status}]`)}`, '');
  for (const name of CHECK_ORDER) {
    const check = d.checks[name];
    const result = { pass: p.green('pass'), fail: p.red('fail'), warn: p.yellow('warn'), skip: p.dim('skip') }[check.result];
    out.push(`  ${CHECK_LABELS[name].padEnd(15)} ${result}${' '.repeat(5 - check.result.length)} ${cliOf(check.detail)}`);
  }
  const sections = [
    ...d.findings.map((f) => ({ title: f.title, cause: cliOf(f.cause), fix: f.fix, colour: d.blocking ? p.red : p.yellow })),
    ...d.advisories.map((a) => ({ title: a.title, cause: cliOf(a.cause), fix: a.fix, colour: p.yellow })),
  ];
  for (const s of sections) {
    out.push('', s.colour(s.title), `  ${s.cause}`);
    s.fix.forEach((step, i) => out.push(`  ${i + 1}. ${cliOf(step)}`));
  }
  return `${out.join('\n')}\n`;
}
