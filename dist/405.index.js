export const id = 405;
export const ids = [405];
export const modules = {

/***/ 9405:
/***/ ((__unused_webpack___webpack_module__, __unused_webpack___webpack_exports__, __webpack_require__) => {


// EXTERNAL MODULE: ./build/src/core/input-table.js
var input_table = __webpack_require__(9298);
// EXTERNAL MODULE: ./build/src/core/inputs.js
var inputs = __webpack_require__(5514);
// EXTERNAL MODULE: ./build/src/core/redact.js
var redact = __webpack_require__(7514);
;// CONCATENATED MODULE: ./build/src/cli/args.js
// Flags of the CLI: the action's inputs, as --flags. Pure. The flags' values are judged once, with
// the key known (parseFlagValues), so that a flag holding the key is refused without being shown.



const args_option = (usage, help) => `  ${usage.padEnd(26)}${help}`;
const USAGE = `Usage: deepseek-preflight [options]

Checks a DeepSeek API key and explains what is wrong with it: the same diagnosis as the
deepseek-preflight GitHub Action, from a terminal.

The key is read from DEEPSEEK_API_KEY, else from stdin when it is piped (one trailing newline
is ignored), else from a prompt that does not echo. Never from a flag: flags land in shell
history and process lists.

Options (the action's inputs):
${input_table/* INPUT_TABLE */.g.flatMap((input) => ('cli' in input ? [args_option(input.cli.usage, `${input.cli.help}${'showsDefault' in input.cli ? ` (default ${input.default})` : ''}`)] : [])).join('\n')}
  --json                    machine-readable output on stdout
  -h, --help                this help

Output is coloured only when stdout is a terminal; NO_COLOR=1 turns colour off, FORCE_COLOR=1 on.

Exit codes: 0 the key works, or the check was skipped, or only an outage was seen (as the action:
a step that passes); 1 the deploy must not go on (the step would fail); 2 bad usage.

Examples:
  DEEPSEEK_API_KEY=sk-... deepseek-preflight --models deepseek-v4-pro
  pass show deepseek | deepseek-preflight --min-balance "10 CNY" --json
`;
/** Inputs given as `--name VALUE` or `--name=VALUE`. */
const VALUE_FLAGS = new Set(input_table/* INPUT_TABLE */.g.flatMap((input) => ('cli' in input && input.cli.kind === 'value' ? [input.name] : [])));
/** Inputs given as `--name` (true) or `--name=BOOL`. */
const SWITCH_FLAGS = new Set(input_table/* INPUT_TABLE */.g.flatMap((input) => ('cli' in input && input.cli.kind === 'switch' ? [input.name] : [])));
/** Flags that would carry the key itself. Refused wherever they appear, whatever else is wrong. */
const KEY_FLAG = /^--?(api[-_]?key|key|token|secret)(=|$)/i;
const KEY_FLAG_ERROR = 'the key is never taken from a flag (it would land in shell history and process lists). Set DEEPSEEK_API_KEY, pipe the key on stdin, or run without it to be prompted.';
/** How an unknown option is named in an error: never a value after `=`, which may be the key itself. */
function named(arg) {
    const name = arg.split('=', 1)[0] ?? '';
    return JSON.stringify(name.length > 40 ? `${name.slice(0, 39)}…` : name);
}
function parseCliArgs(argv) {
    if (argv.some((arg) => KEY_FLAG.test(arg)))
        return { ok: false, error: KEY_FLAG_ERROR };
    const inputs = {};
    let json = false;
    let help = false;
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i] ?? '';
        const eq = arg.indexOf('=');
        const name = arg.startsWith('--') ? (eq >= 0 ? arg.slice(2, eq) : arg.slice(2)) : '';
        if (arg === '-h' || arg === '--help')
            help = true;
        else if (arg === '--json')
            json = true;
        else if (SWITCH_FLAGS.has(name)) {
            // A switch, or `--fail-on-outage=false`: the value is then checked exactly as the action's input.
            inputs[name] = eq >= 0 ? arg.slice(eq + 1) : 'true';
        }
        else if (VALUE_FLAGS.has(name)) {
            const value = eq >= 0 ? arg.slice(eq + 1) : argv[i + 1];
            if (eq < 0)
                i++;
            if (value === undefined || (eq < 0 && value.startsWith('--')))
                return { ok: false, error: `--${name} needs a value` };
            inputs[name] = value;
        }
        else if (arg.startsWith('-')) {
            return { ok: false, error: `unknown option ${named(arg)}` };
        }
        else {
            // Not echoed: a stray argument is quite often the key itself.
            return { ok: false, error: 'unexpected argument: this command takes only options, and never the key as an argument' };
        }
    }
    return { ok: true, help, json, inputs };
}
/**
 * Values shaped like an API key: DeepSeek's `sk-` and 32 hex characters, or another provider's
 * prefix followed by a token. Refused in any flag even when the key itself is not known (no
 * DEEPSEEK_API_KEY, nothing on stdin), since the flag may be where the key went.
 */
const KEY_SHAPED = /sk-[0-9a-f]{32}|(?:sk-(?:proj|svcacct|admin|ant|or)-|gsk_|xai-|gh[pousr]_|github_pat_)[A-Za-z0-9_-]{16,}|AIza[0-9A-Za-z_-]{30,}/i;
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
    const short = (input) => (flags[input] ?? '').length < redact/* MIN_SECRET_SLICE */.h;
    return parsed.errors.every((e) => short(e.input)) ? parsed.errors.map((e) => `--${e.input}: ${e.message}`) : [];
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
            errors.push(e.carriesKey ? keyInFlag(e.input) : `--${e.input}: ${e.message}`);
        }
    }
    return { ok: false, errors };
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
// EXTERNAL MODULE: ./build/src/core/key-inspection.js
var key_inspection = __webpack_require__(3551);
// EXTERNAL MODULE: ./build/src/core/log-text.js
var log_text = __webpack_require__(7349);
// EXTERNAL MODULE: ./build/src/core/text.js
var core_text = __webpack_require__(360);
// EXTERNAL MODULE: ./build/src/probe/http-get.js + 2 modules
var http_get = __webpack_require__(5135);
// EXTERNAL MODULE: ./build/src/probe/lookup.js + 1 modules
var lookup = __webpack_require__(4016);
// EXTERNAL MODULE: ./build/src/preflight.js + 8 modules
var preflight = __webpack_require__(2452);
// EXTERNAL MODULE: ./build/src/core/findings.js
var findings = __webpack_require__(4625);
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
    out.push(`${mark} ${p.bold((0,core_text/* cliOf */.O6)(d.headline))}  ${p.dim(`[${d.status}]`)}`, '');
    for (const name of findings/* CHECK_ORDER */.U) {
        const check = d.checks[name];
        const result = { pass: p.green('pass'), fail: p.red('fail'), warn: p.yellow('warn'), skip: p.dim('skip') }[check.result];
        out.push(`  ${findings/* CHECK_LABELS */.B[name].padEnd(15)} ${result}${' '.repeat(5 - check.result.length)} ${(0,core_text/* cliOf */.O6)(check.detail)}`);
    }
    const sections = [
        ...d.findings.map((f) => ({ title: f.title, cause: (0,core_text/* cliOf */.O6)(f.cause), fix: f.fix, colour: d.blocking ? p.red : p.yellow })),
        ...d.advisories.map((a) => ({ title: a.title, cause: (0,core_text/* cliOf */.O6)(a.cause), fix: a.fix, colour: p.yellow })),
    ];
    for (const s of sections) {
        out.push('', s.colour(s.title), `  ${s.cause}`);
        s.fix.forEach((step, i) => out.push(`  ${i + 1}. ${(0,core_text/* cliOf */.O6)(step)}`));
    }
    return `${out.join('\n')}\n`;
}
//# sourceMappingURL=terminal.js.map
// EXTERNAL MODULE: ./build/src/render/outputs.js
var render_outputs = __webpack_require__(1202);
;// CONCATENATED MODULE: ./build/src/cli/json.js

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
;// CONCATENATED MODULE: ./build/src/cli/main.js
// The same diagnosis from a terminal. The key comes from DEEPSEEK_API_KEY or stdin, never from a
// flag (flags land in shell history and process lists). Everything decided here is decided by the
// same core as the action: this file only reads, runs and prints.












/** 0 and 1 are the action's pass and fail; 2 is a usage error; 130 is Ctrl-C at the prompt. */
const EXIT = { ok: 0, blocked: 1, usage: 2, cancelled: 130 };
const PROGRAM = 'deepseek-preflight';
let main_redact = (s) => s;
// The CLI also runs in workflow `run:` steps, where the runner reads its stdout and stderr for
// workflow commands: everything it prints goes through these two (../core/log-text.ts).
const print = (text) => void process.stdout.write((0,log_text/* inertText */.U)(text));
const printError = (text) => void process.stderr.write((0,log_text/* inertText */.U)(text));
function usageErrors(errors) {
    for (const error of errors)
        printError(`${PROGRAM}: ${error}\n`);
    return EXIT.usage;
}
async function main() {
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
    if (early.length > 0)
        return usageErrors(early);
    const apiKey = await readKey(process.env, process.stdin);
    const inspection = (0,key_inspection/* inspectKey */._5)(apiKey);
    main_redact = (0,redact/* makeRedactor */.$)(inspection.secretForms);
    const parsed = parseFlagValues(args.inputs, apiKey);
    if (!parsed.ok)
        return usageErrors(parsed.errors);
    const { settings } = parsed;
    const diagnosis = await (0,preflight/* runPreflight */.h)(settings, { inspection, redact: main_redact }, { surface: 'cli' }, {
        createClient: (base) => (0,http_get/* createHttpClient */.uT)(process.env, settings.timeoutMs, base),
    });
    // JSON keeps its exact values for scripts: it is made inert by JSON escapes, not by changing text.
    if (args.json)
        process.stdout.write(`${(0,log_text/* inertJson */.n)(JSON.stringify(toJson(diagnosis), null, 2))}\n`);
    else
        print(renderTerminal(diagnosis, useColour(process.stdout.isTTY, process.env) ? COLOURS : NO_COLOURS));
    return diagnosis.blocking ? EXIT.blocked : EXIT.ok;
}
// A reader that goes away (`| head -1`) is not an error worth a stack trace.
process.stdout.on('error', (error) => {
    if (error.code === 'EPIPE')
        process.exit(process.exitCode ?? 0);
});
main().then((code) => {
    process.exitCode = code;
}, (error) => {
    if (error instanceof PromptCancelled) {
        process.exitCode = EXIT.cancelled;
        return;
    }
    // Never a stack trace, never the key: a short, redacted reason, and the step's failing exit code.
    const reason = main_redact((0,core_text/* errorText */.kc)(error));
    printError(`${PROGRAM} could not complete: ${reason}\n`);
    process.exitCode = EXIT.blocked;
}).finally(lookup/* endDespiteAbandonedLookups */.Hf); // a DNS lookup abandoned at the deadline must not hold the CLI open
//# sourceMappingURL=main.js.map

/***/ })

};
