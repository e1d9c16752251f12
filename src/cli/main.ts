// The same diagnosis from a terminal. The key comes from DEEPSEEK_API_KEY or stdin, never from a
// flag (flags land in shell history and process lists). Everything decided here is decided by the
// same core as the action: this file only reads, runs and prints.
import { parseCliArgs, parseFlagValues, usageErrorsBeforeKey, USAGE } from './args.js';
import { useColour } from './colour.js';
import { PromptCancelled, readKey } from './read-key.js';
import { inspectKey } from '../core/key-inspection.js';
import { inertJson, inertText } from '../core/log-text.js';
import { makeRedactor } from '../core/redact.js';
import { errorText } from '../core/text.js';
import { createHttpClient } from '../probe/http-get.js';
import { endDespiteAbandonedLookups } from '../probe/lookup.js';
import { runPreflight } from '../preflight.js';
import { renderTerminal, COLOURS, NO_COLOURS } from '../render/terminal.js';
import { toJson } from './json.js';

/** 0 and 1 are the action's pass and fail; 2 is a usage error; 130 is Ctrl-C at the prompt. */
const EXIT = { ok: 0, blocked: 1, usage: 2, cancelled: 130 } as const;

const PROGRAM = 'deepseek-preflight';

let redact = (s: string): string => s;

// The CLI also runs in workflow `run:` steps, where the runner reads its stdout and stderr for
// workflow commands: everything it prints goes through these two (../core/log-text.ts).
const print = (text: string): void => void process.stdout.write(inertText(text));
const printError = (text: string): void => void process.stderr.write(inertText(text));

function usageErrors(errors: readonly string[]): number {
  for (const error of errors) printError(`${PROGRAM}: ${error}\n`);
  return EXIT.usage;
}

async function main(): Promise<number> {
  const args = parseCliArgs(process.argv.slice(2));
  if (!args.ok) {
    printError(`${PROGRAM}: ${args.error}\nTry \`${PROGRAM} --help\`.\n`);
    return EXIT.usage;
  }
  if (args.help) {
    print(USAGE);
    return EXIT.ok;
  }
  // Flag values are judged with the key known, so that one holding the key is never shown; only
  // errors about values too short to hold any of it come before the key is read (no prompt wasted).
  const early = usageErrorsBeforeKey(args.inputs);
  if (early.length > 0) return usageErrors(early);
  const apiKey = await readKey(process.env, process.stdin);
  const inspection = inspectKey(apiKey);
  redact = makeRedactor(inspection.secretForms);
  const parsed = parseFlagValues(args.inputs, apiKey);
  if (!parsed.ok) return usageErrors(parsed.errors);
  const { settings } = parsed;
  const diagnosis = await runPreflight(settings, { inspection, redact }, { surface: 'cli' }, {
    createClient: (base) => createHttpClient(process.env, settings.timeoutMs, base),
  });
  // JSON keeps its exact values for scripts: it is made inert by JSON escapes, not by changing text.
  if (args.json) process.stdout.write(`${inertJson(JSON.stringify(toJson(diagnosis), null, 2))}\n`);
  else print(renderTerminal(diagnosis, useColour(process.stdout.isTTY, process.env) ? COLOURS : NO_COLOURS));
  return diagnosis.blocking ? EXIT.blocked : EXIT.ok;
}

// A reader that goes away (`| head -1`) is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
});

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof PromptCancelled) {
      process.exitCode = EXIT.cancelled;
      return;
    }
    // Never a stack trace, never the key: a short, redacted reason, and the step's failing exit code.
    const reason = redact(errorText(error));
    printError(`${PROGRAM} could not complete: ${reason}\n`);
    process.exitCode = EXIT.blocked;
  },
).finally(endDespiteAbandonedLookups); // a DNS lookup abandoned at the deadline must not hold the CLI open
