// The same diagnosis from a terminal. The key comes from DEEPSEEK_API_KEY or stdin, never from a
// flag (flags land in shell history and process lists). Everything decided here is decided by the
// same core as the action: this file only reads, runs and prints.
import { EXIT, invokedAs, parseCliArgs, parseFlagValues, usageErrorsBeforeKey, USAGE } from './args.js';
import { useColour } from './colour.js';
import { PromptCancelled, readKey } from './read-key.js';
import { inspectKey } from '../core/secret/key-inspection.js';
import { inertJson, inertText } from '../render/inert-text.js';
import { makeRedactor } from '../core/secret/redact.js';
import { errorText } from '../core/text/text.js';
import { secretHeaderValues } from '../core/input/headers.js';
import { createHttpClient } from '../probe/http-get.js';
import { endDespiteAbandonedLookups } from '../probe/lookup.js';
import { runPreflight } from '../preflight.js';
import { renderTerminal, COLOURS, NO_COLOURS } from '../render/terminal.js';
import { errorJson, toJson, type ErrorKind } from './json.js';
import { VERSION } from '../version.js';

const PROGRAM = 'deepseek-preflight';

/** How this run writes: plain text or one JSON document, and the redactors for what it writes. */
interface CliOutput {
  /** Redacts every form of the key (inspection.secretForms); identity until the key is read. */
  readonly redact: (s: string) => string;
  readonly print: (text: string) => void;
  /** An ending without a diagnosis: one JSON document on stdout with --json, else lines on stderr. */
  readonly fail: (kind: ErrorKind, messages: readonly string[], exitCode: number, hint?: string) => number;
  readonly printJson: (value: unknown) => void;
}

const unchanged = (s: string): string => s;

/**
 * The CLI also runs in workflow `run:` steps, where the runner reads its stdout and stderr for
 * workflow commands: everything it prints goes through the inert writer (../render/inert-text.ts),
 * redacted as it is finally written by `redactWritten`, the key that is sent (pieces of the key in
 * separate fields meet in one rendering; see action/run.ts).
 */
function cliOutput(asJson: boolean, redact: (s: string) => string = unchanged, redactWritten: (s: string) => string = unchanged): CliOutput {
  const print = (text: string): void => void process.stdout.write(inertText(redactWritten(text)));
  const printError = (text: string): void => void process.stderr.write(inertText(redactWritten(text)));
  // JSON keeps its exact values for scripts: it is made inert by JSON escapes, not by changing text.
  // Each string is redacted, then the document as a whole: pieces of the key in separate strings
  // (model ids of 7 characters each) meet only there. A cut runs from a character inside one string
  // to a character inside another, so the document stays JSON.
  const printJson = (value: unknown): void => void process.stdout.write(`${inertJson(redactWritten(JSON.stringify(value, (_, v: unknown) => (typeof v === 'string' ? redactWritten(v) : v), 2)))}\n`);
  const fail = (kind: ErrorKind, messages: readonly string[], exitCode: number, hint = ''): number => {
    if (asJson) printJson(errorJson(kind, messages, exitCode));
    else printError(`${messages.map((message) => `${PROGRAM}${kind === 'failed' ? ' could not complete' : ''}: ${message}\n`).join('')}${hint}`);
    return exitCode;
  };
  return { redact, print, fail, printJson };
}

/** Runs the CLI and returns its exit code; every failure ends as a short, redacted message (it never rejects). */
async function main(argv: readonly string[]): Promise<number> {
  let asJson = false;
  let out = cliOutput(asJson);
  try {
    const args = parseCliArgs(argv);
    asJson = args.json;
    out = cliOutput(asJson);
    return await check(args, (keyed) => (out = keyed));
  } catch (error) {
    // Ctrl-C at the prompt needs no words on a terminal; a script asking for JSON still gets them.
    if (error instanceof PromptCancelled) return asJson ? out.fail('interrupted', [error.message], EXIT.interrupted) : EXIT.interrupted;
    // Never a stack trace, never the key: a short, redacted reason, and the step's failing exit code.
    return out.fail('failed', [out.redact(errorText(error))], EXIT.blocked);
  }
}

/** The check itself; `keyRead` receives the output redacting the key, as soon as the key is read. */
async function check(args: ReturnType<typeof parseCliArgs>, keyRead: (out: CliOutput) => CliOutput): Promise<number> {
  let out = cliOutput(args.json);
  const usageErrors = (errors: readonly string[]): number => out.fail('usage', errors, EXIT.usage);
  if (!args.ok) return out.fail('usage', [args.error], EXIT.usage, `Try \`${invokedAs(process.argv[1], process.cwd())} --help\`.\n`);
  if (args.help) {
    out.print(USAGE);
    return EXIT.ok;
  }
  if (args.version) {
    out.print(`${PROGRAM} ${VERSION}\n`);
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
  const redact = makeRedactor([...inspection.secretForms, ...headerSecrets]);
  out = keyRead(cliOutput(args.json, redact, makeRedactor([...(inspection.candidate === undefined ? [] : [inspection.candidate]), ...headerSecrets])));
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
  if (args.json) out.printJson(toJson(diagnosis));
  else out.print(renderTerminal(diagnosis, useColour(process.stdout.isTTY, process.env) ? COLOURS : NO_COLOURS));
  return diagnosis.blocking ? EXIT.blocked : EXIT.ok;
}

// A reader that goes away (`| head -1`) is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
});

void main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  })
  .finally(endDespiteAbandonedLookups); // a DNS lookup abandoned at the deadline must not hold the CLI open
