// The few things a fix step names that read differently per surface: a workflow reader writes an
// input line and re-runs a job; a person at a terminal passes a flag and runs the command again.
// The diagnosis uses these parts and never spells either form itself; each renderer picks its form
// (`md`/`plain` for the summary and annotations, `cli` for the terminal).
import { INPUT_TABLE, type InputName } from '../input/input-table.js';
import type { RunContext } from '../verdict/findings.js';
import { codeSpan, link, trusted, type Text } from './text.js';

/** A flag value as a shell reads it: quoted when it holds anything but plain characters. */
function shellWord(value: string): string {
  return /^[\w.,:/@%+=-]+$/.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`;
}

function cliOf(name: InputName): { flag: string; kind: 'value' | 'switch' | 'repeated' } | undefined {
  const row = INPUT_TABLE.find((input) => input.name === name);
  return row && 'cli' in row ? { flag: `--${'flag' in row.cli ? row.cli.flag : name}`, kind: row.cli.kind } : undefined;
}

function flagOf(name: InputName): string | undefined {
  return cliOf(name)?.flag;
}

/** The line to write in the step's `with:` (`timeout-seconds: 20`), or the flag (`--timeout-seconds 20`). */
export function setting(name: InputName, value: string): Text {
  const line = `${name}: ${value}`;
  const how = cliOf(name);
  const cli = name === 'api-key' ? 'DEEPSEEK_API_KEY' : !how ? line : how.kind === 'switch' ? (value === 'true' ? how.flag : `${how.flag}=${value}`) : `${how.flag} ${shellWord(value)}`;
  return { md: codeSpan(line), plain: `"${line}"`, cli };
}

/** The step that sets it: "Write `base-url: …`" in a workflow, "Pass --base-url …" at a terminal. */
export function writeSetting(name: InputName, value: string): Text {
  const it = setting(name, value);
  return { md: `Write ${it.md}`, plain: `Write ${it.plain}`, cli: `Pass ${it.cli ?? it.plain}` };
}

/** An input by name (`timeout-seconds`), or its flag (`--timeout-seconds`). */
export function input(name: InputName): Text {
  const flag = flagOf(name);
  return { md: codeSpan(name), plain: name, cli: name === 'api-key' ? 'DEEPSEEK_API_KEY' : (flag ?? name) };
}

/** How to try again, at the start of a sentence. */
export const RERUN: Text = { md: 'Re-run this job', plain: 'Re-run this job', cli: 'Run the command again' };

/** What an outage does to the run, as a clause: "this blocks the deploy" / "the command exits 1". */
export function outageEffect(blocking: boolean): Text {
  return blocking
    ? { md: 'this blocks the deploy', plain: 'this blocks the deploy', cli: 'the command exits 1' }
    : { md: 'this does not block the deploy', plain: 'this does not block the deploy', cli: 'the command exits 0' };
}

/** What the verdict does to the run, after the headline's dash. */
export function consequence(blocking: boolean): Text {
  return blocking ? { md: 'the deploy is blocked.', plain: 'the deploy is blocked.', cli: 'exit code 1.' } : { md: 'not blocking.', plain: 'not blocking.', cli: 'exit code 0.' };
}

/** Where the repository's secrets are managed: a link when the run knows the URL. */
export function secretsPlace(context: RunContext): Text {
  return context.secretsUrl
    ? link('Settings → Secrets and variables → Actions', context.secretsUrl)
    : trusted("the repository's **Settings → Secrets and variables → Actions**", "the repository's Settings → Secrets and variables → Actions");
}

/** The environment's page in the repository's settings, where its secrets are, when the repository is known. */
export function environmentLink(context: RunContext, environment: string): Text {
  const repoSettings = context.secretsUrl?.replace(/\/secrets\/actions$/, '');
  return repoSettings && repoSettings !== context.secretsUrl
    ? link(`Settings → Environments → ${environment}`, `${repoSettings}/environments`)
    : trusted(`**Settings → Environments → ${environment.replace(/[^\w .-]/g, '')}**`, `Settings → Environments → ${environment.replace(/[^\w .-]/g, '')}`);
}
