// The same diagnosis from a terminal. The key comes from DEEPSEEK_API_KEY or stdin, never from a
// flag (flags land in shell history and process lists). Everything decided here is decided by the
// same core as the action: this file only reads, runs and prints.
import { parseCliArgs, USAGE } from './args.js';
import { useColour } from './colour.js';
import { PromptCancelled, readKey } from './read-key.js';
import { parseInputs } from '../core/inputs.js';
import { inspectKey } from '../core/key-inspection.js';
import { makeRedactor } from '../core/redact.js';
import { oneLine } from '../core/text.js';
import { connectHttp } from '../probe/http-get.js';
import { endDespiteAbandonedLookups } from '../probe/lookup.js';
import { runPreflight } from '../preflight.js';
import { renderTerminal, COLOURS, NO_COLOURS } from '../render/terminal.js';
import { toJson } from './json.js';

/** 0 and 1 are the action's pass and fail; 2 is a usage error; 130 is Ctrl-C at the prompt. */
export const EXIT = { ok: 0, blocked: 1, usage: 2, cancelled: 130 } as const;

const PROGRAM = 'deepseek-preflight';

let redact = (s: string): string => s;

async function main(): Promise<number> {
  const args = parseCliArgs(process.argv.slice(2));
  if (!args.ok) {
    process.stderr.write(`${PROGRAM}: ${args.error}\nTry \`${PROGRAM} --help\`.\n`);
    return EXIT.usage;
  }
  if (args.help) {
    process.stdout.write(USAGE);
    return EXIT.ok;
  }
  // Flag values are checked before the key is read: a typo should not cost a prompt.
  const checked = parseInputs({ ...args.inputs });
  if (!checked.ok) {
    for (const e of checked.errors) process.stderr.write(`${PROGRAM}: --${e.input}: ${e.message}\n`);
    return EXIT.usage;
  }
  const apiKey = await readKey(process.env, process.stdin);
  const inspection = inspectKey(apiKey);
  redact = makeRedactor(inspection.secretForms);
  const parsed = parseInputs({ ...args.inputs, 'api-key': apiKey, 'on-missing-key': args.inputs['on-missing-key'] || 'fail' });
  if (!parsed.ok) throw new Error('inputs changed between two checks');
  const { settings } = parsed;
  const { diagnosis } = await runPreflight(settings, inspection, { surface: 'cli' }, {
    connect: (base) => connectHttp(process.env, settings.timeoutMs, base),
  });
  if (args.json) process.stdout.write(`${JSON.stringify(toJson(diagnosis), null, 2)}\n`);
  else process.stdout.write(renderTerminal(diagnosis, useColour(process.stdout.isTTY, process.env) ? COLOURS : NO_COLOURS));
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
    const reason = redact(oneLine(error instanceof Error ? error.message : String(error)));
    process.stderr.write(`${PROGRAM} could not complete: ${reason}\n`);
    process.exitCode = EXIT.blocked;
  },
).finally(endDespiteAbandonedLookups); // a DNS lookup abandoned at the deadline must not hold the CLI open
