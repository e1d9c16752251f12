// Runs the bundled action (dist/index.js) the way a runner does — inputs as INPUT_* variables,
// outputs and summary in files, workflow commands on stdout — and prints what a user would see.
// A few typical secrets against the built-in simulator on 127.0.0.1: no key, no network, whatever
// the environment holds (a DEEPSEEK_API_KEY exported in the shell is ignored, and said so; a real
// key is checked with the CLI, README "From a terminal").
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { root, runStep } from './lib/run-step.mjs';
const tty = process.stdout.isTTY && !process.env.NO_COLOR;
const bold = (s) => (tty ? `\u001b[1m${s}\u001b[22m` : s);
const dim = (s) => (tty ? `\u001b[2m${s}\u001b[22m` : s);

/**
 * A log line as the runner shows it: an annotation command becomes "Error: message" (the runner
 * undoes %25 %0D %0A, and %3A %2C in properties), a mask command is not shown at all.
 */
function asShown(line) {
  const unescape = (s) => s.replace(/%0D/gi, '\r').replace(/%0A/gi, '\n').replace(/%3A/gi, ':').replace(/%2C/gi, ',').replace(/%25/g, '%');
  if (/^::add-mask::/.test(line)) return undefined;
  const command = /^::(error|warning|notice)(?: ([^:]*))?::(.*)$/.exec(line);
  if (!command) return line;
  const [, level, props = '', message] = command;
  const title = /(?:^|,)title=([^,]*)/.exec(props)?.[1];
  return `${level[0].toUpperCase()}${level.slice(1)}${title ? ` (${unescape(title)})` : ''}: ${unescape(message)}`;
}

function show(title, { code, log, outputs, summary }) {
  console.log(`\n${bold(`━━ ${title} ━━`)}`);
  console.log(dim('Step log (as the runner shows it: annotations as "Error: …", masks hidden):'));
  console.log(
    log
      .trimEnd()
      .split('\n')
      .map(asShown)
      .filter((line) => line !== undefined)
      .join('\n')
      .replace(/^/gm, '  '),
  );
  console.log(dim(`Step exit code: ${code} (${code === 0 ? 'deploy continues' : 'deploy blocked'})`));
  console.log(dim('Outputs:'));
  for (const [k, v] of Object.entries(outputs)) console.log(`  ${k.padEnd(16)} ${v}`);
  console.log(dim('Job summary (Markdown):'));
  console.log(summary.trimEnd().replace(/^/gm, '  │ '));
}

const { startSimulator, DEMO_KEYS } = await import(path.join(root, 'build/src/simulator/server.js'));
const sim = await startSimulator();
const eventDir = mkdtempSync(path.join(tmpdir(), 'preflight-event-'));
const eventPath = path.join(eventDir, 'event.json');
writeFileSync(eventPath, JSON.stringify({ pull_request: { number: 42, head: { repo: { full_name: 'contributor/shop', fork: true } }, base: { repo: { full_name: 'acme/shop' } } } }));
try {
  console.log(bold('deepseek-preflight demo — the bundled action against the built-in simulator at ') + sim.url);
  console.log(dim('(no key and no network needed; to check a real key, run the CLI: node dist/cli/index.js --help)'));
  if (process.env.DEEPSEEK_API_KEY) console.log(dim('(DEEPSEEK_API_KEY is set in this shell: the demo does not use it)'));
  const base = { 'base-url': sim.url, models: 'deepseek-v4-pro' };
  show('1. A valid key', await runStep({ ...base, 'api-key': DEMO_KEYS.valid }));
  show('2. A revoked key', await runStep({ ...base, 'api-key': DEMO_KEYS.revoked }));
  show('3. A valid key with a trailing newline in the secret', await runStep({ ...base, 'api-key': `${DEMO_KEYS.valid}\n` }));
  show('4. An empty secret on a pull request from a fork', await runStep({ ...base, 'api-key': '' }, { GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: eventPath }));
} finally {
  await sim.close();
  rmSync(eventDir, { recursive: true, force: true });
}
