// The GitHub-facing edge: read inputs, mask, run the preflight, then report through the runner's
// channels (log, annotations, summary, outputs, exit code). All decisions live in ../core.
import { createLog, createOutputs, createSummary, getInput, setSecret, type LogChannel, type Redact } from './actions-core.js';
import { INPUT_NAMES, parseInputs, type InputError, type RawInputs } from '../core/input/inputs.js';
import { inspectKey } from '../core/secret/key-inspection.js';
import { makeRedactor } from '../core/secret/redact.js';
import { errorText, oneLine } from '../core/text/text.js';
import { secretHeaderValues } from '../core/input/headers.js';
import { createHttpClient } from '../probe/http-get.js';
import { renderAnnotations } from '../render/annotations.js';
import { renderOutputs } from '../render/outputs.js';
import { renderInputErrorsSummary, renderSummary } from '../render/summary.js';
import { CHECK_LABELS, CHECK_ORDER, type FixPlace } from '../core/verdict/findings.js';
import { runPreflight } from '../preflight.js';
import { formsToMask } from './masking.js';
import { readRunContext } from './run-context.js';
import { locateApiKeyInput, type WorkflowLocation } from './workflow-location.js';

type Env = NodeJS.ProcessEnv;

function readRawInputs(): RawInputs {
  // Untrimmed: a trailing newline in the secret is a finding, not something to hide.
  return Object.fromEntries(INPUT_NAMES.map((name) => [name, getInput(name, { trimWhitespace: false })]));
}

/** The run's channels, each writing through the same redactor (./actions-core.ts). */
interface Channels {
  readonly log: LogChannel;
  readonly writeOutputs: (outputs: Readonly<Record<string, string>>) => Promise<void>;
  readonly writeSummary: (markdown: string) => Promise<void>;
}

const reasonOf = (error: unknown, redact: Redact): string => redact(errorText(error));

/**
 * The channels of a run. A GITHUB_OUTPUT file that cannot be written (no file, not a regular file,
 * no permission) loses the outputs, not the verdict: the exit code stays the diagnosis's, and a
 * titled error says that every `steps.<id>.outputs.*` of this run is empty, which a condition such
 * as `outputs.ok == 'true'` reads as not ok. A summary that cannot be written is a warning: the
 * verdict is already out (log, annotations, outputs).
 */
function channels(redact: Redact, reasonRedact: Redact, env: Env): Channels {
  const log = createLog(redact);
  const outputs = createOutputs(redact, env);
  const summary = createSummary(redact, env);
  return {
    log,
    writeOutputs: (values) =>
      outputs
        .write(values)
        .catch((error: unknown) =>
          log.error(
            `The step outputs could not be written (${reasonOf(error, reasonRedact)}), so every output of this step is empty in this run; the verdict above and the exit code stand. Check that GITHUB_OUTPUT on this runner names a writable file.`,
            { title: 'Step outputs not written' },
          ),
        ),
    writeSummary: (markdown) => summary.write(markdown).catch((error: unknown) => log.warning(`The job summary could not be written: ${reasonOf(error, reasonRedact)}`, { title: 'No job summary' })),
  };
}

async function reportInputErrors(errors: readonly InputError[], out: Channels): Promise<void> {
  for (const error of errors) {
    out.log.error(`${error.input}: ${error.message}`, { title: `Invalid input: ${error.input}` });
  }
  await out.writeOutputs({ ok: 'false', message: oneLine(errors.map((e) => `${e.input}: ${e.message}`).join(' '), 500) });
  process.exitCode = 1;
  // The summary is where a reader looks first: it lists the same errors, with the line to write.
  await out.writeSummary(renderInputErrorsSummary(errors));
}

/**
 * The workflow line an annotation goes on: where its fix is written. The secret's value on the
 * `api-key:` line; an input on its own line (or the step's `uses:` when it is not written); a runner
 * variable on the `env:` line that sets it. Nothing in the file to change (the account, a gateway,
 * an outage, a runner setting the workflow does not write): no line, so none invites an edit.
 */
function lineOf(place: FixPlace, location: WorkflowLocation | undefined): { file?: string; startLine?: number } {
  if (!location) return {};
  const lines = location.fixLines;
  const line = place.kind === 'secret' ? location.line : place.kind === 'input' ? (lines?.inputs[place.input] ?? lines?.uses) : place.kind === 'runner' ? lines?.env[place.variable] : undefined;
  return line === undefined ? {} : { file: location.file, startLine: line };
}

export async function run(env: Env = process.env): Promise<void> {
  const raw = readRawInputs();
  const rawKey = raw['api-key'] ?? '';
  let redact: Redact = (s) => s;
  // Until the key is known, nothing to redact; rebuilt below with the run's redactor.
  let out = channels(redact, redact, env);
  try {
    const inspection = inspectKey(rawKey);
    // Header values that can be credentials are secrets like the key: masked, and redacted everywhere.
    const headerSecrets = secretHeaderValues(raw['headers'] ?? '');
    for (const form of [...formsToMask(inspection), ...headerSecrets]) setSecret(form);
    redact = makeRedactor([...inspection.secretForms, ...headerSecrets]);
    // What the channels redact once more as written: the key that is sent and the header secrets, what
    // a server can echo back in pieces. (Every form of the input is redacted where it is echoed, in the
    // core; redacting our own words against a placeholder such as `undefined` would hide them.)
    out = channels(makeRedactor([...(inspection.candidate === undefined ? [] : [inspection.candidate]), ...headerSecrets]), redact, env);

    const parsed = parseInputs(
      raw,
      Object.keys(env).filter((name) => name.startsWith('INPUT_')),
    );
    if (!parsed.ok) return await reportInputErrors(parsed.errors, out);
    const { settings } = parsed;

    // Read once, alongside the run context: the annotations point at the line, and the fix steps
    // name the secret it passes (and its environment).
    const [runContext, location] = await Promise.all([readRunContext(env, inspection.present), locateApiKeyInput(env)]);
    const context = { ...runContext, ...(location?.secret ? { secret: location.secret } : {}), ...(env.GITHUB_EVENT_NAME ? { event: env.GITHUB_EVENT_NAME } : {}) };
    const diagnosis = await runPreflight(settings, { inspection, redact }, context, {
      createClient: (base) => createHttpClient(env, settings.timeoutMs, base),
    });

    out.log.info(`DeepSeek preflight: ${diagnosis.headline.plain}`);
    for (const name of CHECK_ORDER) {
      const check = diagnosis.checks[name];
      out.log.info(`  ${CHECK_LABELS[name].padEnd(15)} ${check.result.padEnd(5)} ${check.detail.plain}`);
    }

    const annotations = renderAnnotations(diagnosis, settings.failOnOutage);
    for (const a of annotations) {
      (a.level === 'error' ? out.log.error : out.log.warning)(a.message, { title: a.title, ...lineOf(a.place, location) });
    }

    if (diagnosis.blocking) process.exitCode = 1;
    await out.writeOutputs(renderOutputs(diagnosis));
    await out.writeSummary(renderSummary(diagnosis, context));
  } catch (error) {
    // Never a stack trace, never the key: a short, redacted reason.
    out.log.error(`deepseek-preflight could not complete: ${reasonOf(error, redact)}`, { title: 'deepseek-preflight failed' });
    process.exitCode = 1;
    await out.writeOutputs({ ok: 'false' });
  }
}
