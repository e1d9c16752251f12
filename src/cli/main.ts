// The same diagnosis from a terminal. The key comes from DEEPSEEK_API_KEY or stdin, never from a
// flag (flags land in shell history and process lists). Everything decided here is decided by the
// same core as the action: this file only reads, runs and prints.
import { EXIT, parseCliArgs, parseFlagValues, usageErrorsBeforeKey, USAGE } from './args.js';
import { useColour } from './colour.js';
import { PromptCancelled, readKey } from './read-key.js';
import { inspectKey } from '../core/key-inspection.js';
import { inertJson, inertText } from '../core/log-text.js';
import { makeRedactor } from '../core/redact.js';
import { secretHeaderValues } from '../core/input/headers.js';
import { errorText } from '../core/text.js';
import { createHttpClient } from '../probe/http-get.js';
import { endDespiteAbandonedLookups } from '../probe/lookup.js';
import { runPreflight } from '../preflight.js';
import { renderTerminal, COLOURS, NO_COLOURS } from '../render/terminal.js';
import { errorJson, toJson, type ErrorKind } from './json.js';
import { VERSION } from '../version.js';

const PROGRAM = 'deepseek-preflight';

let redact = (s: string): string => s;
/** The key that is sent, redacted once more from everything printed (see action/run.ts). */
let redactWritten = (s: string): string => s;

// The CLI also runs in workflow `run:` steps, where the runner reads its stdout and stderr for
// workflow commands: everything it prints goes through these two (../core/log-text.ts), redacted as
// it is finally written (pieces of the key in separate fields meet in one rendering).
const print = (text: string): void => void process.stdout.write(inertText(redactWritten(text)));
const printError = (text: string): void => void process.stderr.write(inertText(redactWritten(text)));

/** Whether --json was asked for: then every ending, errors included, is one JSON document on stdout. */
let asJson = false;

// JSON keeps its exact values for scripts: it is made inert by JSON escapes, not by changing text.
// Each string redacted before serializing, so that a redaction never cuts through JSON syntax.
// Each string is redacted, then the document as a whole: pieces of the key in separate strings
// (model ids of 7 characters each) meet only there. A cut runs from a character inside one string
// to a character inside another, so the document stays JSON.
const printJson = (value: unknown): void => void process.stdout.write(`${inertJson(redactWritten(JSON.stringify(value, (_, v: unknown) => (typeof v === 'string' ? redactWritten(v) : v), 2)))}\n`);

/** An ending without a diagnosis: one JSON document on stdout with --json, else lines on stderr. */
function fail(kind: ErrorKind, messages: readonly string[], exitCode: number, hint = ''): number {
  if (asJson) printJson(errorJson(kind, messages, exitCode));
  else printError(`${messages.map((message) => `${PROGRAM}${kind === 'failed' ? ' could not complete' : ''}: ${message}\n`).join('')}${hint}`);
  return exitCode;
}

const usageErrors = (errors: readonly string[]): number => fail('usage', errors, EXIT.usage);

async function main(): Promise<number> {
  const args = parseCliArgs(process.argv.slice(2));
  asJson = args.json;
  if (!args.ok) return fail('usage', [args.error], EXIT.usage, `Try \`${PROGRAM} --help\`.\n`);
  if (args.help) {
    print(USAGE);
    return EXIT.ok;
  }
  if (args.version) {
    print(`${PROGRAM} ${VERSION}\n`);
    return EXIT.ok;
  }
  // Flag values are judged with the key known, so that one holding the key is never shown; only
  // errors about values too short to hold any of it come before the key is read (no prompt wasted).
  const early = usageErrorsBeforeKey(args.inputs);
  if (early.length > 0) return usageErrors(early);
  const apiKey = await readKey(process.env, process.stdin);
  const inspection = inspectKey(apiKey);
  // Header values that can be credentials are redacted like the key.
  const headerSecrets = secretHeaderValues(args.inputs.headers ?? '');
  redact = makeRedactor([...inspection.secretForms, ...headerSecrets]);
  redactWritten = makeRedactor([...(inspection.candidate === undefined ? [] : [inspection.candidate]), ...headerSecrets]);
  const parsed = parseFlagValues(args.inputs, apiKey);
  if (!parsed.ok) return usageErrors(parsed.errors);
  const { settings } = parsed;
  const diagnosis = await runPreflight(
    settings,
    { inspection, redact },
    { surface: 'cli' },
    {
      createClient: (base) => createHttpClient(process.env, settings.timeoutMs, base),
    },
  );
  if (args.json) printJson(toJson(diagnosis));
  else print(renderTerminal(diagnosis, useColour(process.stdout.isTTY, process.env) ? COLOURS : NO_COLOURS));
  return diagnosis.blocking ? EXIT.blocked : EXIT.ok;
}

// A reader that goes away (`| head -1`) is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
});

main()
  .then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      // Ctrl-C at the prompt needs no words on a terminal; a script asking for JSON still gets them.
      if (error instanceof PromptCancelled) process.exitCode = asJson ? fail('interrupted', [error.message], EXIT.interrupted) : EXIT.interrupted;
      // Never a stack trace, never the key: a short, redacted reason, and the step's failing exit code.
      else process.exitCode = fail('failed', [redact(errorText(error))], EXIT.blocked);
    },
  )
  .finally(endDespiteAbandonedLookups); // a DNS lookup abandoned at the deadline must not hold the CLI open
