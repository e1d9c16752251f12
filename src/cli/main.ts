#!/usr/bin/env node
// The same diagnosis from a terminal. The key comes from DEEPSEEK_API_KEY or stdin, never from a
// flag (flags land in shell history and process lists).
import { parseCliArgs, USAGE } from './args.js';
import { readKey } from './read-key.js';
import { parseInputs } from '../core/inputs.js';
import { oneLine } from '../core/text.js';
import { createDispatcher, createHttpGet } from '../probe/http-get.js';
import { runPreflight } from '../preflight.js';
import { renderTerminal, COLOURS, NO_COLOURS } from '../render/terminal.js';
import { toJson } from './json.js';

export const EXIT = { ok: 0, blocked: 1, usage: 2 } as const;

async function main(): Promise<number> {
  const args = parseCliArgs(process.argv.slice(2));
  if (!args.ok) {
    process.stderr.write(`deepseek-preflight: ${args.error}\n\n${USAGE}`);
    return EXIT.usage;
  }
  if (args.help) {
    process.stdout.write(USAGE);
    return EXIT.ok;
  }
  const apiKey = await readKey(process.env, process.stdin);
  const parsed = parseInputs({ ...args.inputs, 'api-key': apiKey, 'on-missing-key': args.inputs['on-missing-key'] ?? 'fail' });
  if (!parsed.ok) {
    for (const e of parsed.errors) process.stderr.write(`deepseek-preflight: --${e.input}: ${e.message}\n`);
    return EXIT.usage;
  }
  const { settings } = parsed;
  const { diagnosis } = await runPreflight(settings, {}, {
    connect: async () => {
      const dispatcher = createDispatcher(process.env, settings.timeoutMs);
      return { get: createHttpGet(dispatcher), close: () => dispatcher.destroy() };
    },
  });
  if (args.json) {
    process.stdout.write(`${JSON.stringify(toJson(diagnosis), null, 2)}\n`);
  } else {
    const colour = process.stdout.isTTY === true && !process.env.NO_COLOR && process.env.TERM !== 'dumb';
    process.stdout.write(renderTerminal(diagnosis, colour || process.env.FORCE_COLOR ? COLOURS : NO_COLOURS));
  }
  return diagnosis.blocking ? EXIT.blocked : EXIT.ok;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`deepseek-preflight: ${oneLine(error instanceof Error ? error.message : String(error))}\n`);
    process.exitCode = EXIT.blocked;
  },
);
