// The GitHub-facing edge: read inputs, mask, run the preflight, then report through the runner's
// channels (log, annotations, summary, outputs, exit code). All decisions live in ../core.
import * as core from './actions-core.js';
import { INPUT_NAMES, parseInputs, type InputError, type RawInputs } from '../core/inputs.js';
import { secretHeaderValues } from '../core/input/headers.js';
import { inspectKey } from '../core/key-inspection.js';
import { makeRedactor } from '../core/redact.js';
import { errorText, oneLine } from '../core/text.js';
import { createHttpClient } from '../probe/http-get.js';
import { renderAnnotations } from '../render/annotations.js';
import { renderOutputs } from '../render/outputs.js';
import { renderInputErrorsSummary, renderSummary } from '../render/summary.js';
import { CHECK_LABELS, CHECK_ORDER } from '../core/findings.js';
import { runPreflight } from '../preflight.js';
import { formsToMask } from './masking.js';
import { readRunContext } from './run-context.js';
import { locateApiKeyInput } from './workflow-location.js';

type Env = NodeJS.ProcessEnv;

function readRawInputs(): RawInputs {
  // Untrimmed: a trailing newline in the secret is a finding, not something to hide.
  return Object.fromEntries(INPUT_NAMES.map((name) => [name, core.getInput(name, { trimWhitespace: false })]));
}

type Redact = (s: string) => string;

const reasonOf = (error: unknown, redact: Redact): string => redact(errorText(error));

/**
 * The one place outputs are written. A GITHUB_OUTPUT file that cannot be written (a directory that
 * does not exist, no permission) loses the outputs, not the verdict: the exit code stays the
 * diagnosis's, and a titled error says that every `steps.<id>.outputs.*` of this run is empty,
 * which a condition such as `outputs.ok == 'true'` reads as not ok.
 */
function writeOutputs(outputs: Readonly<Record<string, string>>, redact: Redact): void {
  try {
    for (const [name, value] of Object.entries(outputs)) core.setOutput(name, value);
  } catch (error) {
    core.error(
      `The step outputs could not be written (${reasonOf(error, redact)}), so every output of this step is empty in this run; the verdict above and the exit code stand. Check that GITHUB_OUTPUT on this runner names a writable file.`,
      { title: 'Step outputs not written' },
    );
  }
}

async function reportInputErrors(errors: readonly InputError[], redact: Redact, env: Env): Promise<void> {
  for (const error of errors) {
    core.error(`${error.input}: ${error.message}`, { title: `Invalid input: ${error.input}` });
  }
  writeOutputs({ ok: 'false', message: oneLine(errors.map((e) => `${e.input}: ${e.message}`).join(' '), 500) }, redact);
  process.exitCode = 1;
  // The summary is where a reader looks first: it lists the same errors, with the line to write.
  if (env.GITHUB_STEP_SUMMARY) await writeSummary(renderInputErrorsSummary(errors), redact);
}

async function writeSummary(markdown: string, redact: Redact): Promise<void> {
  await core.summary
    // Redacted as a whole, like every channel (actions-core.ts): pieces of the key in separate
    // fields meet in one table.
    .addRaw(core.redactWritten(markdown))
    .write()
    .catch((error: unknown) => core.warning(`The job summary could not be written: ${reasonOf(error, redact)}`, { title: 'No job summary' }));
}

export async function run(env: Env = process.env): Promise<void> {
  const raw = readRawInputs();
  const rawKey = raw['api-key'] ?? '';
  let redact: Redact = (s) => s;
  try {
    const inspection = inspectKey(rawKey);
    // Header values that can be credentials are secrets like the key: masked, and redacted everywhere.
    const headerSecrets = secretHeaderValues(raw['headers'] ?? '');
    for (const form of [...formsToMask(inspection), ...headerSecrets]) core.setSecret(form);
    redact = makeRedactor([...inspection.secretForms, ...headerSecrets]);
    // What the channels redact once more as written: the key that is sent, the one thing a server
    // can echo back in pieces. (Every form of the input is redacted where it is echoed, in the
    // core; redacting our own words against a placeholder such as `undefined` would hide them.)
    const redactWritten = makeRedactor([...(inspection.candidate === undefined ? [] : [inspection.candidate]), ...headerSecrets]);
    core.redactWith(redactWritten);

    const parsed = parseInputs(
      raw,
      Object.keys(env).filter((name) => name.startsWith('INPUT_')),
    );
    if (!parsed.ok) return await reportInputErrors(parsed.errors, redact, env);
    const { settings } = parsed;

    // Read once, alongside the run context: the annotations point at the line, and the fix steps
    // name the secret it passes (and its environment).
    const [runContext, location] = await Promise.all([readRunContext(env, inspection.present), locateApiKeyInput(env)]);
    const context = { ...runContext, ...(location?.secret ? { secret: location.secret } : {}), ...(env.GITHUB_EVENT_NAME ? { event: env.GITHUB_EVENT_NAME } : {}) };
    const diagnosis = await runPreflight(settings, { inspection, redact }, context, {
      createClient: (base) => createHttpClient(env, settings.timeoutMs, base),
    });

    core.info(`DeepSeek preflight: ${diagnosis.headline.plain}`);
    for (const name of CHECK_ORDER) {
      const check = diagnosis.checks[name];
      core.info(`  ${CHECK_LABELS[name].padEnd(15)} ${check.result.padEnd(5)} ${check.detail.plain}`);
    }

    const annotations = renderAnnotations(diagnosis, settings.failOnOutage);
    const where = location ? { file: location.file, startLine: location.line } : {};
    for (const a of annotations) {
      (a.level === 'error' ? core.error : core.warning)(a.message, { title: a.title, ...where });
    }

    if (diagnosis.blocking) process.exitCode = 1;
    writeOutputs(renderOutputs(diagnosis), redact);
    // The verdict is already out (log, annotations, outputs): a summary that cannot be written is
    // a warning, not a reason to change it.
    if (env.GITHUB_STEP_SUMMARY) await writeSummary(renderSummary(diagnosis, context), redact);
  } catch (error) {
    // Never a stack trace, never the key: a short, redacted reason.
    core.error(`deepseek-preflight could not complete: ${reasonOf(error, redact)}`, { title: 'deepseek-preflight failed' });
    process.exitCode = 1;
    writeOutputs({ ok: 'false' }, redact);
  }
}
