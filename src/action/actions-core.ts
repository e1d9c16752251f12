// The parts of @actions/core this action uses, taken from core's own modules rather than its index.
// core.js also imports its OIDC client (@actions/http-client, hence all of undici's index with
// fetch, WebSocket and caches, and `tunnel`) and its platform helpers (@actions/exec, hence
// child_process): a large share of the step's start-up, for getIDToken() and platform.* that this
// action never calls. webpack cannot drop them (they have top-level side effects), so we import the
// modules that do the work — command.js, file-command.js, utils.js, summary.js — and keep here the
// few one-line wrappers of core.js that this action calls, unchanged (docs/performance.md).
//
// `@actions/core/lib/*` is not in core's `exports`: tsconfig `paths` maps it to the files for tsc
// and for ncc (which reads the same `paths`); jest.config.js maps it for tests run unbundled.
import { EOL } from 'node:os';
import { issueCommand } from '@actions/core/lib/command.js';
import { issueFileCommand, prepareKeyValueMessage } from '@actions/core/lib/file-command.js';
import { toCommandProperties, toCommandValue } from '@actions/core/lib/utils.js';
import type { AnnotationProperties, InputOptions } from '@actions/core';
import { inertText } from '../render/inert-text.js';

export { summary } from '@actions/core/lib/summary.js';

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

// Server text can carry the key in pieces that only meet once joined (a balance and its currency,
// model ids joined with commas, a message in a sentence). So every string written to the log, an
// annotation or an output passes through the run's redactor here, as it is finally written: one
// place per channel, whatever was joined before. Masks (setSecret) are the exception by nature.
let redactFinal: (value: string) => string = (value) => value;

/** Called once the key is known; everything written after it is redacted as written. */
export function redactWith(redact: (value: string) => string): void {
  redactFinal = redact;
}

/** The same redaction, for the one channel written elsewhere: the job summary. */
export function redactWritten(value: string): string {
  return redactFinal(value);
}

/** core.setOutput */
export function setOutput(name: string, raw: unknown): void {
  // Inert as well: a later step that echoes an output (`echo "${{ steps.x.outputs.models }}"`)
  // prints it where the runner reads workflow commands. Here, the one writer of outputs, so that
  // every output (the diagnosis's, an input error's) is covered.
  const value = typeof raw === 'string' ? inertText(redactFinal(raw)) : raw;
  const filePath = process.env['GITHUB_OUTPUT'] || '';
  if (filePath) {
    return issueFileCommand('OUTPUT', prepareKeyValueMessage(name, value));
  }
  process.stdout.write(EOL);
  issueCommand('set-output', { name }, toCommandValue(value));
}

/** core.setSecret */
export function setSecret(secret: string): void {
  issueCommand('add-mask', {}, secret);
}

// Below, the one departure from core.js: text that is not ours to command the runner with is made
// inert (../render/inert-text.ts). An annotation line is itself parsed as a `::` command, so the
// runner does not look for `##[` in it; its message and title are made inert anyway, so that the
// guarantee does not rest on that parser order. Masks are passed on untouched: they must stay byte
// for byte what they are.

/** Property values of an annotation, each made inert. */
function inertProperties(properties: AnnotationProperties): ReturnType<typeof toCommandProperties> {
  const out = toCommandProperties(properties);
  for (const [name, value] of Object.entries(out)) if (typeof value === 'string') out[name] = inertText(redactFinal(value));
  return out;
}

function annotate(level: 'error' | 'warning', message: string | Error, properties: AnnotationProperties): void {
  issueCommand(level, inertProperties(properties), inertText(redactFinal(message instanceof Error ? message.toString() : message)));
}

/** core.error */
export function error(message: string | Error, properties: AnnotationProperties = {}): void {
  annotate('error', message, properties);
}

/** core.warning */
export function warning(message: string | Error, properties: AnnotationProperties = {}): void {
  annotate('warning', message, properties);
}

/** core.info: the log writer. Every line the action prints that is not one of its commands. */
export function info(message: string): void {
  process.stdout.write(inertText(redactFinal(message)) + EOL);
}
