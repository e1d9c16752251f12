// The runner's channels, written by this action alone: the log (stdout: log lines, annotations,
// masks), the step outputs (GITHUB_OUTPUT) and the job summary (GITHUB_STEP_SUMMARY). One writer
// per channel, each built with the run's redactor, so that nothing reaches a channel except through
// it and nothing is written unredacted; no library writes to any of them.
//
// The formats are @actions/core's (its command syntax, its `name<<delimiter` heredoc for outputs),
// checked byte for byte against it in __tests__/actions-core.test.ts. Only its pure helpers are
// imported, from its single modules rather than its index: core.js also imports its OIDC client
// (@actions/http-client, hence all of undici's index, and `tunnel`) and @actions/exec, a large share
// of the step's start-up for nothing this action calls (docs/performance.md).
//
// `@actions/core/lib/*` is not in core's `exports`: tsconfig `paths` maps it to the files for tsc
// and for ncc (which reads the same `paths`); jest.config.js maps it for tests run unbundled.
import { EOL } from 'node:os';
import { prepareKeyValueMessage } from '@actions/core/lib/file-command.js';
import { toCommandProperties, toCommandValue } from '@actions/core/lib/utils.js';
import type { AnnotationProperties, InputOptions } from '@actions/core';
import { inertText } from '../render/inert-text.js';
import { appendRunnerFile } from './runner-files.js';

type Env = Readonly<Record<string, string | undefined>>;
export type Redact = (value: string) => string;

/** core.getInput */
export function getInput(name: string, options?: InputOptions): string {
  const val = process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] || '';
  if (options && options.required && !val) {
    throw new Error(`Input required and not supplied: ${name}`);
  }
  if (options && options.trimWhitespace === false) {
    return val;
  }
  return val.trim();
}

// ---- The log: stdout ----------------------------------------------------------------------------

/** The one writer of stdout. Every line goes through a function below that made it inert first. */
function writeStdout(line: string): void {
  process.stdout.write(line + EOL);
}

const escapeData = (s: string): string => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string): string => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

/** A workflow command line, as @actions/core's Command.toString() writes it (empty properties dropped). */
function commandLine(name: string, properties: Readonly<Record<string, unknown>>, message: string): string {
  const props = Object.entries(properties)
    .filter(([, value]) => Boolean(value))
    .map(([key, value]) => `${key}=${escapeProperty(toCommandValue(value))}`);
  return `::${name}${props.length ? ` ${props.join(',')}` : ''}::${escapeData(message)}`;
}

/** core.setSecret: a mask, passed on byte for byte (never redacted, never made inert). */
export function setSecret(secret: string): void {
  writeStdout(commandLine('add-mask', {}, secret));
}

export interface LogChannel {
  /** core.info: every line the action prints that is not one of its commands. */
  readonly info: (message: string) => void;
  /** core.error */
  readonly error: (message: string, properties?: AnnotationProperties) => void;
  /** core.warning */
  readonly warning: (message: string, properties?: AnnotationProperties) => void;
}

// Server text can carry the key in pieces that only meet once joined (a balance and its currency,
// model ids joined with commas, a message in a sentence). So every string written to a channel
// passes through the run's redactor as it is finally written, whatever was joined before.
//
// Annotations: text that is not ours to command the runner with is made inert (../core/log-text.ts).
// An annotation line is itself parsed as a `::` command, so the runner does not look for `##[` in
// it; its message and title are made inert anyway, so that the guarantee does not rest on that
// parser order.

/** The log channel of a run whose key is redacted by `redact`. */
export function createLog(redact: Redact): LogChannel {
  const inert = (value: string): string => inertText(redact(value));
  const annotate = (level: 'error' | 'warning', message: string, properties: AnnotationProperties = {}): void => {
    const props = toCommandProperties(properties) as Record<string, unknown>;
    for (const [name, value] of Object.entries(props)) if (typeof value === 'string') props[name] = inert(value);
    writeStdout(commandLine(level, props, inert(message)));
  };
  return {
    info: (message) => writeStdout(inert(message)),
    error: (message, properties) => annotate('error', message, properties),
    warning: (message, properties) => annotate('warning', message, properties),
  };
}

// ---- Step outputs: GITHUB_OUTPUT ----------------------------------------------------------------

export interface OutputsChannel {
  /** Writes every output at once; rejects (a RunnerFileError or the like) when they cannot be written. */
  readonly write: (outputs: Readonly<Record<string, string>>) => Promise<void>;
}

/**
 * The outputs of a run: appended to GITHUB_OUTPUT as @actions/core does (a heredoc with a random
 * delimiter per value), or, on a runner that names no such file, the legacy `set-output` command.
 * Inert as well: a later step that echoes an output (`echo "${{ steps.x.outputs.models }}"`)
 * prints it where the runner reads workflow commands.
 */
export function createOutputs(redact: Redact, env: Env): OutputsChannel {
  const value = (raw: string): string => inertText(redact(raw));
  return {
    async write(outputs) {
      const file = env.GITHUB_OUTPUT;
      if (!file) {
        for (const [name, raw] of Object.entries(outputs)) {
          writeStdout('');
          writeStdout(commandLine('set-output', { name }, value(raw)));
        }
        return;
      }
      const text = Object.entries(outputs).map(([name, raw]) => `${prepareKeyValueMessage(name, value(raw))}${EOL}`);
      await appendRunnerFile(file, text.join(''));
    },
  };
}

// ---- The job summary: GITHUB_STEP_SUMMARY -------------------------------------------------------

export interface SummaryChannel {
  /** Appends Markdown to the job summary; rejects when it cannot be written. */
  readonly write: (markdown: string) => Promise<void>;
}

/** The job summary of a run, redacted as a whole: pieces of the key in separate fields meet in one table. */
export function createSummary(redact: Redact, env: Env): SummaryChannel {
  return {
    async write(markdown) {
      const file = env.GITHUB_STEP_SUMMARY;
      if (!file) return;
      await appendRunnerFile(file, redact(markdown));
    },
  };
}
