export const id = 656;
export const ids = [656];
export const modules = {

/***/ 2656:
/***/ ((__unused_webpack___webpack_module__, __unused_webpack___webpack_exports__, __webpack_require__) => {


// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./build/src/core/input/input-table.js
var input_table = __webpack_require__(3787);
// EXTERNAL MODULE: ./build/src/core/input/inputs.js + 1 modules
var inputs = __webpack_require__(642);
// EXTERNAL MODULE: ./build/src/core/secret/redact.js
var secret_redact = __webpack_require__(9225);
// EXTERNAL MODULE: ./build/src/core/text/edit-distance.js
var edit_distance = __webpack_require__(2045);
;// CONCATENATED MODULE: ./build/src/cli/args.js
// Flags of the CLI: the action's inputs, as --flags. Pure. The flags' values are judged once, with
// the key known (parseFlagValues), so that a flag holding the key is refused without being shown.





const args_option = (usage, help) => `  ${usage.padEnd(26)}${help}`;
/** The CLI's exit codes: 0 and 1 are the action's pass and fail. */
const EXIT = { ok: 0, blocked: 1, usage: 2, interrupted: 130 };
/** What each exit code means, for --help: one line each, in the order of EXIT. */
const EXIT_MEANING = {
    ok: 'the key works, or the check was skipped, or only an outage was seen (a step that passes)',
    blocked: 'the deploy must not go on (the step would fail), or the check could not complete',
    usage: 'bad usage: nothing was checked and nothing was sent',
    interrupted: 'interrupted (Ctrl-C)',
};
const USAGE = `Usage: deepseek-preflight [options]

Checks a DeepSeek API key and explains what is wrong with it: the same diagnosis as the
deepseek-preflight GitHub Action, from a terminal.

The key is read from DEEPSEEK_API_KEY, else from stdin when it is piped (one trailing newline
is ignored), else from a prompt that does not echo. Never from a flag: flags land in shell
history and process lists.

Options (the action's inputs):
${input_table/* INPUT_TABLE */.g.flatMap((input) => ('cli' in input ? [args_option(input.cli.usage, `${input.cli.help}${'showsDefault' in input.cli ? ` (default ${input.default})` : ''}`)] : [])).join('\n')}
  --json                    machine-readable output on stdout, errors included
  -V, --version             the version
  -h, --help                this help

Output is coloured only when stdout is a terminal; NO_COLOR=1 turns colour off, FORCE_COLOR=1 on.

Exit codes:
${Object.keys(EXIT).map((name) => `  ${String(EXIT[name]).padEnd(5)}${EXIT_MEANING[name]}`).join('\n')}

Examples:
  DEEPSEEK_API_KEY=sk-... deepseek-preflight --models deepseek-v4-pro
  pass show deepseek | deepseek-preflight --min-balance "10 CNY" --json
`;
/** Inputs given as `--name VALUE` or `--name=VALUE`. */
const VALUE_FLAGS = new Set(input_table/* INPUT_TABLE */.g.flatMap((input) => ('cli' in input && input.cli.kind === 'value' ? [input.name] : [])));
/** Inputs given as `--name` (true) or `--name=BOOL`. */
const SWITCH_FLAGS = new Set(input_table/* INPUT_TABLE */.g.flatMap((input) => ('cli' in input && input.cli.kind === 'switch' ? [input.name] : [])));
/** Inputs given line by line, one `--flag VALUE` per line (`--header`): by flag name. */
const REPEATED_FLAGS = new Map(input_table/* INPUT_TABLE */.g.flatMap((input) => ('cli' in input && input.cli.kind === 'repeated' ? [['flag' in input.cli ? input.cli.flag : input.name, input.name]] : [])));
/** Flags that would carry the key itself. Refused wherever they appear, whatever else is wrong. */
const KEY_FLAG = /^--?(api[-_]?key|key|token|secret)(=|$)/i;
const KEY_FLAG_ERROR = 'the key is never taken from a flag (it would land in shell history and process lists). Set DEEPSEEK_API_KEY, pipe the key on stdin, or run without it to be prompted.';
/** Every long flag, without its dashes: what an unknown option is compared with. */
const LONG_FLAGS = [...input_table/* INPUT_TABLE */.g.flatMap((input) => ('cli' in input ? ['flag' in input.cli ? input.cli.flag : input.name] : [])), 'json', 'version', 'help'];
/** The short flags (-V, -h), by their letter in lower case. */
const SHORT_FLAGS = { v: '--version', h: '--help' };
const commonPrefix = (a, b) => {
    let n = 0;
    while (n < a.length && n < b.length && a[n] === b[n])
        n++;
    return n;
};
/**
 * The known flag an unknown option most likely meant, or undefined: a typo (up to 2 edits, 1 for a
 * 4-letter flag; case and `_` for `-` ignored), the start or a part of a flag (`--timeout`,
 * `--retry`, `--balance`); `-v` and `-H` for --version and --help.
 */
function closestFlag(option) {
    const bare = option.replace(/^-+/, '');
    // `-v` for -V: named in full, since the case is what went wrong.
    if (/^-[^-]/.test(option) && bare.length === 1)
        return SHORT_FLAGS[bare.toLowerCase()];
    const typed = bare.toLowerCase().replace(/_/g, '-');
    // Far longer than any flag is no typo of one (and the comparison grows with the length).
    if (typed.length < 2 || typed.length > 40)
        return undefined;
    let best;
    for (const flag of LONG_FLAGS) {
        const distance = (0,edit_distance/* editDistance */.Y)(typed, flag);
        const part = (typed.length >= 3 && flag.startsWith(typed)) || commonPrefix(typed, flag) >= 4 || (typed.length >= 5 && flag.includes(typed));
        const score = distance <= (flag.length <= 4 ? 1 : 2) ? distance : part ? 3 : Infinity;
        if (score < (best?.score ?? Infinity))
            best = { flag, score };
    }
    return best === undefined ? undefined : `--${best.flag}`;
}
/**
 * How an unknown option is named in an error. Never a value after `=`, which may be the key; and
 * the name itself only when it reads as an option name (letters and single dashes, short): a
 * name with digits or of any length could be the key pasted after a dash (`-$KEY`), and the key
 * is not known yet to tell.
 */
function unknownOption(arg) {
    const name = arg.split('=', 1)[0] ?? '';
    // `--help=yes`: a known switch given a value it does not take (the value is not shown).
    if (arg.includes('=') && ['help', 'version'].includes(name.replace(/^--/, '')))
        return `${name} takes no value: write ${name}`;
    const shown = name.length <= 24 && /^--?[a-z]+(?:[-_][a-z]+)*$/i.test(name) ? `unknown option ${JSON.stringify(name)}` : 'unknown option (not shown: it does not read as an option name, and could hold the key)';
    const closest = closestFlag(name);
    return closest === undefined ? shown : `${shown}. Did you mean ${closest}?`;
}
/** A stray argument that is a flag's name without its dashes (`models deepseek-chat`). */
function strayArgument(arg) {
    const flag = LONG_FLAGS.find((f) => f === arg.toLowerCase());
    // Not echoed: a stray argument is quite often the key itself.
    const error = 'unexpected argument: this command takes only options, and never the key as an argument';
    return flag === undefined ? error : `${error}. Did you mean --${flag}?`;
}
function parseCliArgs(argv) {
    // Asked for anywhere, even after the error or as a flag's missing value: the error is JSON too.
    const wantsJson = argv.some((arg) => arg === '--json' || /^--json=true$/i.test(arg));
    const fail = (error) => ({ ok: false, error, json: wantsJson });
    if (argv.some((arg) => KEY_FLAG.test(arg)))
        return fail(KEY_FLAG_ERROR);
    const inputs = {};
    let json = false;
    let help = false;
    let version = false;
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i] ?? '';
        const eq = arg.indexOf('=');
        const name = arg.startsWith('--') ? (eq >= 0 ? arg.slice(2, eq) : arg.slice(2)) : '';
        if (arg === '-h' || arg === '--help')
            help = true;
        else if (arg === '-V' || arg === '--version')
            version = true;
        else if (arg === '--json')
            json = true;
        else if (name === 'json') {
            // `--json=true` as scripts write switches; `--json=false` as a generated command line may.
            const value = arg.slice(eq + 1).toLowerCase();
            if (value !== 'true' && value !== 'false')
                return fail('--json takes no value: write --json (or --json=true, --json=false)');
            json = value === 'true';
        }
        else if (SWITCH_FLAGS.has(name)) {
            // A switch, or `--fail-on-outage=false`: the value is then checked exactly as the action's input.
            inputs[name] = eq >= 0 ? arg.slice(eq + 1) : 'true';
        }
        else if (VALUE_FLAGS.has(name)) {
            const value = eq >= 0 ? arg.slice(eq + 1) : argv[i + 1];
            if (eq < 0)
                i++;
            if (value === undefined || (eq < 0 && value.startsWith('--')))
                return fail(`--${name} needs a value`);
            inputs[name] = value;
        }
        else if (REPEATED_FLAGS.has(name)) {
            const value = eq >= 0 ? arg.slice(eq + 1) : argv[i + 1];
            if (eq < 0)
                i++;
            if (value === undefined || (eq < 0 && value.startsWith('--')))
                return fail(`--${name} needs a value`);
            const input = REPEATED_FLAGS.get(name);
            inputs[input] = inputs[input] === undefined ? value : `${inputs[input]}\n${value}`;
        }
        else if (arg.startsWith('-')) {
            return fail(unknownOption(arg));
        }
        else {
            return fail(strayArgument(arg));
        }
    }
    return { ok: true, help, version, json, inputs };
}
/**
 * Values shaped like an API key: DeepSeek's `sk-` and 32 hex characters, or another provider's
 * prefix followed by a token. Refused in any flag even when the key itself is not known (no
 * DEEPSEEK_API_KEY, nothing on stdin), since the flag may be where the key went.
 */
const KEY_SHAPED = /sk-[0-9a-f]{32}|(?:sk-(?:proj|svcacct|admin|ant|or)-|gsk_|xai-|gh[pousr]_|github_pat_)[A-Za-z0-9_-]{16,}|AIza[0-9A-Za-z_-]{30,}/i;
/** The flag an input is given by (`--header` for `headers`). */
function flagOf(input) {
    const row = input_table/* INPUT_TABLE */.g.find((spec) => spec.name === input);
    return row && 'cli' in row && 'flag' in row.cli ? row.cli.flag : input;
}
function keyInFlag(name) {
    return `--${name}: the value contains an API key, so it is not shown. T${KEY_FLAG_ERROR.slice(1)}`;
}
/**
 * The usage errors that can be told before the key is read, so that a typo does not cost a key
 * prompt: only when every value they are about is shorter than 8 characters, and so cannot hold
 * 8 characters of any key. Anything else waits for parseFlagValues, with the key known.
 */
function usageErrorsBeforeKey(flags) {
    const parsed = (0,inputs/* parseInputs */.TL)({ ...flags, 'on-missing-key': flags['on-missing-key'] || 'fail' });
    if (parsed.ok)
        return [];
    const short = (input) => (flags[input] ?? '').length < secret_redact/* MIN_SECRET_SLICE */.h;
    return parsed.errors.every((e) => short(e.input)) ? parsed.errors.map((e) => `--${flagOf(e.input)}: ${e.cli ?? e.message}`) : [];
}
/** The flags as the action's inputs, judged once with the key known: settings, or usage errors. */
function parseFlagValues(flags, apiKey) {
    const keyShaped = Object.keys(flags).filter((name) => KEY_SHAPED.test(flags[name] ?? ''));
    const parsed = (0,inputs/* parseInputs */.TL)({ ...flags, 'api-key': apiKey, 'on-missing-key': flags['on-missing-key'] || 'fail' });
    if (parsed.ok && keyShaped.length === 0)
        return parsed;
    const errors = keyShaped.map(keyInFlag);
    if (!parsed.ok) {
        for (const e of parsed.errors) {
            if (keyShaped.includes(e.input))
                continue;
            errors.push(e.carriesKey ? keyInFlag(flagOf(e.input)) : `--${flagOf(e.input)}: ${e.cli ?? e.message}`);
        }
    }
    return { ok: false, errors };
}
/**
 * The command as the user ran it, for "Try `… --help`": `deepseek-preflight` through the package's
 * bin (npx, a global install), else `node <the script>` — relative to the working directory when
 * it is inside it — so that the hint works when pasted.
 */
function invokedAs(script, cwd) {
    if (script === undefined || external_node_path_.basename(script).replace(/\.(?:c|m)?js$/, '') === 'deepseek-preflight')
        return 'deepseek-preflight';
    const relative = external_node_path_.relative(cwd, script);
    const shown = relative !== '' && !relative.startsWith('..') && !external_node_path_.isAbsolute(relative) ? relative : script;
    return `node ${/^[\w./\\:-]+$/.test(shown) ? shown : `"${shown.replace(/(["\\$`])/g, '\\$1')}"`}`;
}
//# sourceMappingURL=args.js.map
;// CONCATENATED MODULE: ./build/src/cli/colour.js
// Whether the human output is coloured. Pure: the caller passes the stream's TTY flag and the env.
// FORCE_COLOR wins (0/false turn colour off, anything else on), then NO_COLOR (any non-empty value,
// https://no-color.org), then TERM=dumb; otherwise colour exactly when stdout is a terminal.
function useColour(isTTY, env) {
    const force = env.FORCE_COLOR;
    if (force !== undefined)
        return !['0', 'false'].includes(force.trim().toLowerCase());
    if (env.NO_COLOR !== undefined && env.NO_COLOR !== '')
        return false;
    if (env.TERM === 'dumb')
        return false;
    return isTTY === true;
}
//# sourceMappingURL=colour.js.map
;// CONCATENATED MODULE: ./build/src/cli/read-key.js
/** Far more than any key; a larger input is cut here and then reported as too long. */
const MAX_STDIN = 64 * 1024;
/** Ctrl-C at the prompt. */
class PromptCancelled extends Error {
    constructor() {
        super('cancelled at the key prompt');
    }
}
/** How long a pipe may stay open without ending: an inherited stdin that never closes must not hang a job. */
const STDIN_WAIT_MS = 30_000;
async function readPiped(stream, waitMs = STDIN_WAIT_MS) {
    let timer;
    const timeout = new Promise((_, reject) => {
        timer = setTimeout(() => {
            stream.destroy?.();
            reject(new Error(`no key arrived on stdin within ${waitMs / 1000} s: set DEEPSEEK_API_KEY, or pipe the key and close the pipe (printf %s "$KEY" | deepseek-preflight)`));
        }, waitMs);
    });
    const read = (async () => {
        let data = '';
        for await (const chunk of stream) {
            data += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
            if (data.length > MAX_STDIN)
                break;
        }
        // `echo "$KEY" |` always adds one newline: that one is the pipe's, not the secret's. Any other
        // whitespace is left in, so that the diagnosis reports it as it does for a secret.
        return data.replace(/\r?\n$/, '');
    })();
    try {
        return await Promise.race([read, timeout]);
    }
    finally {
        clearTimeout(timer);
    }
}
/** Reads one line from a terminal in raw mode, so that nothing typed or pasted is echoed. */
function promptHidden(stdin, stderr) {
    // Raw mode before the prompt shows: nothing typed after it may be echoed by the terminal.
    stdin.setRawMode(true);
    stderr.write('DeepSeek API key (input hidden): ');
    return new Promise((resolve, reject) => {
        let key = '';
        const finish = (error) => {
            stdin.off('data', onData);
            stdin.setRawMode(false);
            stdin.pause();
            stderr.write('\n');
            if (error)
                reject(error);
            else
                resolve(key);
        };
        const onData = (chunk) => {
            for (const ch of typeof chunk === 'string' ? chunk : chunk.toString('utf8')) {
                if (ch === '\r' || ch === '\n' || ch === '\u0004')
                    return finish();
                if (ch === '\u0003')
                    return finish(new PromptCancelled());
                if (ch === '\u007f' || ch === '\b')
                    key = key.slice(0, -1);
                else if (key.length < MAX_STDIN)
                    key += ch;
            }
        };
        stdin.on('data', onData);
        stdin.resume();
    });
}
async function readKey(env, stdin, stderr = process.stderr) {
    if (env.DEEPSEEK_API_KEY !== undefined && env.DEEPSEEK_API_KEY !== '')
        return env.DEEPSEEK_API_KEY;
    if (stdin.isTTY)
        return promptHidden(stdin, stderr);
    return readPiped(stdin);
}
//# sourceMappingURL=read-key.js.map
// EXTERNAL MODULE: ./build/src/core/secret/key-inspection.js
var key_inspection = __webpack_require__(3592);
// EXTERNAL MODULE: ./build/src/render/inert-text.js
var inert_text = __webpack_require__(8280);
// EXTERNAL MODULE: ./build/src/core/text/text.js
var text_text = __webpack_require__(7390);
// EXTERNAL MODULE: ./build/src/core/input/headers.js
var headers = __webpack_require__(652);
// EXTERNAL MODULE: ./build/src/probe/http-get.js + 3 modules
var http_get = __webpack_require__(2267);
// EXTERNAL MODULE: ./build/src/probe/lookup.js
var lookup = __webpack_require__(8764);
// EXTERNAL MODULE: ./build/src/preflight.js + 17 modules
var preflight = __webpack_require__(3255);
// EXTERNAL MODULE: ./build/src/core/verdict/findings.js
var findings = __webpack_require__(9093);
;// CONCATENATED MODULE: ./build/src/render/terminal.js
// Human output for the CLI: the same diagnosis as the job summary, as plain lines, coloured only
// when asked to (the caller decides: a TTY without NO_COLOR). Each Text is read in its terminal
// form (`cliOf`): flags and "run the command again" where the summary says inputs and jobs.


const wrap = (open, close) => (s) => `\u001b[${open}m${s}\u001b[${close}m`;
const COLOURS = { red: wrap(31, 39), green: wrap(32, 39), yellow: wrap(33, 39), dim: wrap(2, 22), bold: wrap(1, 22) };
const NO_COLOURS = { red: (s) => s, green: (s) => s, yellow: (s) => s, dim: (s) => s, bold: (s) => s };
function renderTerminal(d, p) {
    const out = [];
    const mark = d.status === 'ok' ? p.green('✔') : d.status === 'skipped' ? p.dim('–') : d.blocking ? p.red('✘') : p.yellow('!');
    out.push(`${mark} ${p.bold((0,text_text/* cliOf */.O6)(d.headline))}  ${p.dim(`[${d.status}]`)}`, '');
    for (const name of findings/* CHECK_ORDER */.U) {
        const check = d.checks[name];
        const result = { pass: p.green('pass'), fail: p.red('fail'), warn: p.yellow('warn'), skip: p.dim('skip') }[check.result];
        out.push(`  ${findings/* CHECK_LABELS */.B[name].padEnd(15)} ${result}${' '.repeat(5 - check.result.length)} ${(0,text_text/* cliOf */.O6)(check.detail)}`);
    }
    const sections = [
        ...d.findings.map((f) => ({ title: f.title, cause: (0,text_text/* cliOf */.O6)(f.cause), fix: f.fix, colour: d.blocking ? p.red : p.yellow })),
        ...d.advisories.map((a) => ({ title: a.title, cause: (0,text_text/* cliOf */.O6)(a.cause), fix: a.fix, colour: p.yellow })),
    ];
    for (const s of sections) {
        out.push('', s.colour(s.title), `  ${s.cause}`);
        s.fix.forEach((step, i) => out.push(`  ${i + 1}. ${(0,text_text/* cliOf */.O6)(step)}`));
    }
    return `${out.join('\n')}\n`;
}
//# sourceMappingURL=terminal.js.map
// EXTERNAL MODULE: ./build/src/render/outputs.js
var render_outputs = __webpack_require__(980);
;// CONCATENATED MODULE: ./build/src/cli/json.js

/**
 * The --json shape of an ending without a diagnosis. A script tells the two shapes apart by `error`
 * (never in a diagnosis) or `status` (never here); `exitCode` is the process's own.
 */
function errorJson(kind, messages, exitCode) {
    return { error: kind, messages: [...messages], exitCode };
}
function toJson(d) {
    const outputs = (0,render_outputs/* renderOutputs */.$)(d);
    return {
        status: d.status,
        ok: d.ok,
        blocking: d.blocking,
        httpStatus: d.httpStatus ?? null,
        keyFingerprint: d.keyFingerprint,
        balance: d.balance,
        models: d.models,
        message: outputs.message,
        keyJudged: d.keyJudged,
        checks: Object.fromEntries(Object.entries(d.checks).map(([name, c]) => [name, { result: c.result, detail: c.detail.plain }])),
        findings: d.findings.map((f) => ({ status: f.status, title: f.title, cause: f.cause.plain, fix: f.fix.map((s) => s.plain), httpStatus: f.httpStatus ?? null })),
        advisories: d.advisories.map((a) => ({ title: a.title, cause: a.cause.plain, fix: a.fix.map((s) => s.plain) })),
        outputs,
    };
}
//# sourceMappingURL=json.js.map
// EXTERNAL MODULE: ./build/src/version.js
var version = __webpack_require__(8009);
;// CONCATENATED MODULE: ./build/src/cli/main.js
// The same diagnosis from a terminal. The key comes from DEEPSEEK_API_KEY or stdin, never from a
// flag (flags land in shell history and process lists). Everything decided here is decided by the
// same core as the action: this file only reads, runs and prints.














const PROGRAM = 'deepseek-preflight';
const unchanged = (s) => s;
/**
 * The CLI also runs in workflow `run:` steps, where the runner reads its stdout and stderr for
 * workflow commands: everything it prints goes through the inert writer (../render/inert-text.ts),
 * redacted as it is finally written by `redactWritten`, the key that is sent (pieces of the key in
 * separate fields meet in one rendering; see action/run.ts).
 */
function cliOutput(asJson, redact = unchanged, redactWritten = unchanged) {
    const print = (text) => void process.stdout.write((0,inert_text/* inertText */.U)(redactWritten(text)));
    const printError = (text) => void process.stderr.write((0,inert_text/* inertText */.U)(redactWritten(text)));
    // JSON keeps its exact values for scripts: it is made inert by JSON escapes, not by changing text.
    // Each string is redacted, then the document as a whole: pieces of the key in separate strings
    // (model ids of 7 characters each) meet only there. A cut runs from a character inside one string
    // to a character inside another, so the document stays JSON.
    const printJson = (value) => void process.stdout.write(`${(0,inert_text/* inertJson */.n)(redactWritten(JSON.stringify(value, (_, v) => (typeof v === 'string' ? redactWritten(v) : v), 2)))}\n`);
    const fail = (kind, messages, exitCode, hint = '') => {
        if (asJson)
            printJson(errorJson(kind, messages, exitCode));
        else
            printError(`${messages.map((message) => `${PROGRAM}${kind === 'failed' ? ' could not complete' : ''}: ${message}\n`).join('')}${hint}`);
        return exitCode;
    };
    return { redact, print, fail, printJson };
}
/** Runs the CLI and returns its exit code; every failure ends as a short, redacted message (it never rejects). */
async function main(argv) {
    let asJson = false;
    let out = cliOutput(asJson);
    try {
        const args = parseCliArgs(argv);
        asJson = args.json;
        out = cliOutput(asJson);
        return await check(args, (keyed) => (out = keyed));
    }
    catch (error) {
        // Ctrl-C at the prompt needs no words on a terminal; a script asking for JSON still gets them.
        if (error instanceof PromptCancelled)
            return asJson ? out.fail('interrupted', [error.message], EXIT.interrupted) : EXIT.interrupted;
        // Never a stack trace, never the key: a short, redacted reason, and the step's failing exit code.
        return out.fail('failed', [out.redact((0,text_text/* errorText */.kc)(error))], EXIT.blocked);
    }
}
/** The check itself; `keyRead` receives the output redacting the key, as soon as the key is read. */
async function check(args, keyRead) {
    let out = cliOutput(args.json);
    const usageErrors = (errors) => out.fail('usage', errors, EXIT.usage);
    if (!args.ok)
        return out.fail('usage', [args.error], EXIT.usage, `Try \`${invokedAs(process.argv[1], process.cwd())} --help\`.\n`);
    if (args.help) {
        out.print(USAGE);
        return EXIT.ok;
    }
    if (args.version) {
        out.print(`${PROGRAM} ${version/* VERSION */.x}\n`);
        return EXIT.ok;
    }
    // Flag values are judged with the key known, so that one holding the key is never shown; only
    // errors about values too short to hold any of it come before the key is read (no prompt wasted).
    const early = usageErrorsBeforeKey(args.inputs);
    if (early.length > 0)
        return usageErrors(early);
    const apiKey = await readKey(process.env, process.stdin);
    const inspection = (0,key_inspection/* inspectKey */._5)(apiKey);
    // Header values that can be credentials are redacted like the key.
    const headerSecrets = (0,headers/* secretHeaderValues */.o4)(args.inputs.headers ?? '');
    const redact = (0,secret_redact/* makeRedactor */.$)([...inspection.secretForms, ...headerSecrets]);
    out = keyRead(cliOutput(args.json, redact, (0,secret_redact/* makeRedactor */.$)([...(inspection.candidate === undefined ? [] : [inspection.candidate]), ...headerSecrets])));
    const parsed = parseFlagValues(args.inputs, apiKey);
    if (!parsed.ok)
        return usageErrors(parsed.errors);
    const { settings } = parsed;
    const diagnosis = await (0,preflight/* runPreflight */.h)(settings, { inspection, redact }, { surface: 'cli' }, {
        createClient: (base) => (0,http_get/* createHttpClient */.uT)(process.env, settings.timeoutMs, base),
    });
    if (args.json)
        out.printJson(toJson(diagnosis));
    else
        out.print(renderTerminal(diagnosis, useColour(process.stdout.isTTY, process.env) ? COLOURS : NO_COLOURS));
    return diagnosis.blocking ? EXIT.blocked : EXIT.ok;
}
// A reader that goes away (`| head -1`) is not an error worth a stack trace.
process.stdout.on('error', (error) => {
    if (error.code === 'EPIPE')
        process.exit(process.exitCode ?? 0);
});
void main(process.argv.slice(2))
    .then((code) => {
    process.exitCode = code;
})
    .finally(lookup/* endDespiteAbandonedLookups */.Hf); // a DNS lookup abandoned at the deadline must not hold the CLI open
//# sourceMappingURL=main.js.map

/***/ })

};
