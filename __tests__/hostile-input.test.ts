// Every parser of untrusted text (server bodies and headers, the secret, the inputs, the workflow
// file, proxy variables) takes time linear in its input: a hostile 256 KiB input built from the
// worst case of each regular expression is compared with a benign input of the same size, run by
// the same function in the same test, so the bound holds on a slow or loaded machine too.
import type { HttpOutcome } from '../src/contract.js';
import { randomBytes } from 'node:crypto';
import { findApiKeyLine, workflowPathFromRef } from '../src/action/workflow-location.js';
import { parseCliArgs } from '../src/cli/args.js';
import { plainDecimal, parseDecimal } from '../src/core/input/decimal.js';
import { checkBaseUrl } from '../src/core/input/base-url.js';
import { INPUT_NAMES, parseInputs, type RawInputs } from '../src/core/input/inputs.js';
import { decodeJwt } from '../src/core/secret/jwt.js';
import { describePlaceholder, inspectKey } from '../src/core/secret/key-inspection.js';
import { observe, parseJsonBody } from '../src/core/evidence/observation.js';
import { makeRedactor } from '../src/core/secret/redact.js';
import { code, escapeMarkdown, oneLine, text } from '../src/core/text/text.js';

import { parseRetryAfter } from '../src/probe/probe.js';
import { proxyFor } from '../src/probe/proxy-env.js';

const SIZE = 256 * 1024;
/** How much slower than the benign input of the same size a hostile one may be, at first sight. */
const MAX_RATIO = 20;
/**
 * Below this, a difference is noise, GC or a per-line cost, not an algorithm: each quadratic
 * case this file guards against took seconds to minutes at this size.
 */
const FLOOR_MS = 200;
/**
 * The decisive test, for an input that looked slow: the same input built SCALE times smaller, both
 * timed in turn in this process (fastest of REPEATS each, so a burst of load on the machine is
 * not counted). Linear work grows SCALE times (8), n·log n about 10 times, quadratic SCALE² (64)
 * times: MAX_GROWTH sits between. A ratio of two times taken moments apart does not depend on how
 * busy the machine is, as an absolute bound or one baseline measured once did (issue 18.10).
 */
const SCALE = 8;
const REPEATS = 5;
const MAX_GROWTH = 24;
/** Timer resolution and call overhead: a smaller time is rounded up to this for the ratio. */
const MIN_MEASURABLE_MS = 0.05;

/** The size inputs are built at: SIZE, or SIZE / SCALE while growth is measured. */
let size = SIZE;
/** `unit` repeated to `size` characters (cut to the exact size), with an optional tail. */
const fill = (unit: string, tail = ''): string => unit.repeat(Math.ceil((size - tail.length) / unit.length)).slice(0, size - tail.length) + tail;
const randomText = (): string => randomBytes(size).toString('base64url').slice(0, size);

/** A benign input and named hostile ones, built at the current `size`. */
interface Inputs<T> {
  readonly benign: T;
  readonly hostile: Readonly<Record<string, T>>;
}

function builtAt<T>(n: number, build: () => Inputs<T>): Inputs<T> {
  const saved = size;
  size = n;
  try {
    return build();
  } finally {
    size = saved;
  }
}

function timeMs(fn: () => unknown): number {
  const started = performance.now();
  fn();
  return performance.now() - started;
}

/** The fastest of a few runs: what the algorithm costs, without a GC pause that happened to fall in. */
function fastestMs(fn: () => unknown, runs = 3): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) best = Math.min(best, timeMs(fn));
  return best;
}

/** How many times longer the full-size input takes than the one SCALE times smaller, interleaved. */
function growth(parse: (input: never) => unknown, small: unknown, full: unknown): { growth: number; smallMs: number; fullMs: number } {
  const run = parse as (input: unknown) => unknown;
  let smallMs = Infinity;
  let fullMs = Infinity;
  for (let i = 0; i < REPEATS; i++) {
    smallMs = Math.min(
      smallMs,
      timeMs(() => run(small)),
    );
    fullMs = Math.min(
      fullMs,
      timeMs(() => run(full)),
    );
  }
  return { growth: fullMs / Math.max(smallMs, MIN_MEASURABLE_MS), smallMs, fullMs };
}

/**
 * The hostile inputs whose cost grows faster than their size. A first look compares each with the
 * benign input (one run each: cheap); only one that looks slow is measured at two sizes, and that
 * decides.
 */
function superLinear<T>(parse: (input: T) => unknown, build: () => Inputs<T>, floorMs = FLOOR_MS): string[] {
  const { benign, hostile } = build();
  parse(benign); // compiled and warm before anything is timed
  const benignMs = fastestMs(() => parse(benign));
  const suspects = Object.keys(hostile).filter((name) => timeMs(() => parse(hostile[name] as T)) > Math.max(floorMs, MAX_RATIO * benignMs));
  if (suspects.length === 0) return [];
  const small = builtAt(SIZE / SCALE, build).hostile;
  const slow: string[] = [];
  for (const name of suspects) {
    const measured = growth(parse, small[name], hostile[name]);
    // Both: growing faster than the size, and costly at this size even at its fastest (a cost that
    // grows but stays in milliseconds, such as V8's JSON.parse on deep nesting, is no hang).
    if (measured.growth > MAX_GROWTH && measured.fullMs > floorMs)
      slow.push(`${name}: ${SCALE}× the size took ${measured.growth.toFixed(1)}× the time (${measured.smallMs.toFixed(2)} → ${measured.fullMs.toFixed(2)} ms, fastest of ${REPEATS})`);
  }
  return slow;
}

function expectLinear<T>(parse: (input: T) => unknown, build: () => Inputs<T>): void {
  expect(superLinear(parse, build)).toEqual([]);
}

describe('the timing harness itself', () => {
  // A parser that is linear but hit by a burst of load on its first hostile run (as on a busy CI
  // machine: 242 ms against a 3.4 ms baseline), and one that is quadratic.
  const linear = (input: string): number => {
    let sum = 0;
    for (let i = 0; i < input.length; i++) sum += input.charCodeAt(i);
    return sum;
  };
  const build = (): Inputs<string> => ({ benign: randomText(), hostile: { spaces: fill(' ') } });

  it('passes a linear parser that a burst of load slowed down once', () => {
    let burst = true;
    const loaded = (input: string): number => {
      if (burst && input.startsWith(' ')) {
        burst = false;
        const until = performance.now() + 300;
        while (performance.now() < until); // the machine was busy elsewhere
      }
      return linear(input);
    };
    expect(superLinear(loaded, build)).toEqual([]);
    expect(burst).toBe(false); // the burst did happen, in the timed run
  });

  it('catches a quadratic one', () => {
    // Quadratic on a run of spaces (in a sixty-fourth of it, so that it takes tens of milliseconds,
    // not minutes), linear on anything else: a backtracking regular expression's shape.
    const quadratic = (input: string): number => {
      const n = input.startsWith(' ') ? Math.floor(input.length / 64) : 0;
      let sum = 0;
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) sum += (i ^ j) & 1;
      return sum + linear(input);
    };
    const slow = superLinear(quadratic, build, 0);
    expect(slow).toHaveLength(1);
    expect(slow[0]).toMatch(/^spaces: 8× the size took \d+/);
  });
});

const KEY = 'sk-0123456789abcdef0123456789abcdef';
const redact = makeRedactor([KEY]);
const response = (status: number, body: string, extra: Partial<Extract<HttpOutcome, { kind: 'response' }>> = {}): HttpOutcome => ({ kind: 'response', status, body, tooLarge: false, ...extra });

describe('server text', () => {
  const hostileBodies = (): Record<string, string> => ({
    'unclosed <title runs': fill('<title'),
    '<title then attributes without >': `<title ${fill('a')}`,
    '<title> then text without <': `<title>${fill('a')}`,
    '<title>x< runs': fill('<title>x<'),
    '<title a> runs': fill('<title a>'),
    'a title too long for the bound': `<title>${fill(' ')}</title>`,
    'blank lines before a body': fill('\n', '{}'),
    'BOM and spaces': fill('\ufeff ', '<title'),
    'quote runs': fill('"'),
    'nested arrays': fill('['),
    'nested objects': fill('{"a":'),
    'percent runs': fill('%'),
  });
  const benignBody = (): string => JSON.stringify({ object: 'list', data: Array.from({ length: size / 64 }, (_, i) => ({ id: `model-${i}`, object: 'model', owned_by: 'deepseek' })) }).slice(0, size);

  it('parseJsonBody: page titles, blank lines and JSON', () => {
    expectLinear(parseJsonBody, () => ({ benign: benignBody(), hostile: hostileBodies() }));
  });

  it('observe: every kind of answer, with the redactor and the one-line cut', () => {
    const asProbe = (outcome: HttpOutcome) => ({ path: '/models', outcomes: [outcome], final: outcome });
    const run = ({ outcome, expect: what }: { outcome: HttpOutcome; expect: 'models' | 'balance' }): unknown => observe(asProbe(outcome), what, redact);
    const message = (m: string): string => JSON.stringify({ error: { message: m, type: m } });
    type Answer = { outcome: HttpOutcome; expect: 'models' | 'balance' };
    const build = (): Inputs<Answer> => {
      const hostile: Record<string, Answer> = {};
      for (const [name, body] of Object.entries(hostileBodies())) {
        for (const status of [200, 401, 404, 500]) hostile[`${name} (${status})`] = { outcome: response(status, body), expect: status === 200 ? 'balance' : 'models' };
      }
      Object.assign(hostile, {
        'echoed-key runs': { outcome: response(401, message(fill('api key: ****'))), expect: 'models' },
        'asterisk runs': { outcome: response(401, message(fill('*'))), expect: 'models' },
        'spaces then is invalid': { outcome: response(401, message(`api key: *${fill(' ', 'x is invalid')}`)), expect: 'models' },
        'control character runs': { outcome: response(500, message(fill('\u0000\u2028'))), expect: 'models' },
        'key-like runs': { outcome: response(500, message(fill(KEY.slice(0, 12)))), expect: 'models' },
        'a huge id list': { outcome: response(200, JSON.stringify({ data: Array.from({ length: size / 12 }, (_, i) => ({ id: `m${i}` })) })), expect: 'models' },
        'a huge balance list': {
          outcome: response(200, JSON.stringify({ is_available: true, balance_infos: Array.from({ length: size / 40 }, () => ({ currency: 'CNY', total_balance: 1e-7 })) })),
          expect: 'balance',
        },
        'a long redirect target': { outcome: response(301, '', { location: fill('/') }), expect: 'models' },
      });
      return { benign: { outcome: response(401, message(randomText().slice(0, size - 40))), expect: 'models' }, hostile };
    };
    expectLinear(run, build);
  });

  it('parseRetryAfter: digits, spaces and date-like text', () => {
    expectLinear(
      (v: string) => parseRetryAfter(v, 0),
      () => ({
        benign: randomText(),
        hostile: { digits: fill('1'), 'digits then a letter': fill('1', 'x'), spaces: fill(' ', '1'), 'date parts': fill('Mon, 01 Jan ') },
      }),
    );
  });

  it('amounts: plainDecimal and parseDecimal', () => {
    expectLinear(
      (v: string) => parseDecimal(plainDecimal(v)),
      () => ({ benign: randomText(), hostile: { digits: fill('1'), 'digits then an exponent': fill('1', 'e-7'), zeros: fill('0', '.0e1'), 'exponent runs': fill('1e') } }),
    );
  });
});

describe('the secret', () => {
  const hostile = (): Record<string, string> => ({
    'inner spaces': `a${fill(' ')}b`,
    'inner tabs and newlines': `a${fill('\t\n')}b`,
    'inner zero-width spaces': `a${fill('\u200b')}b`,
    'edge spaces': fill(' ', 'x'),
    'Bearer runs': fill('Bearer '),
    'assignment runs': fill('a='),
    'export runs': fill('export '),
    'colon-space runs': fill('A: '),
    'quote runs': fill('"'),
    'backtick runs': fill('`'),
    'expression openers': fill('${{'),
    'variable openers': fill('$('),
    'bracket runs': fill('<'),
    'placeholder words': fill('your-api-'),
    'sk- runs': fill('sk-'),
    'x runs': fill('x', '!'),
    'upper-case name runs': fill('A_', 'KEYx'),
    asterisks: fill('*', 'x'),
    'dot runs': fill('.'),
  });

  it('inspectKey', () => {
    expectLinear(inspectKey, () => ({ benign: randomText(), hostile: hostile() }));
  });

  it('describePlaceholder', () => {
    expectLinear(describePlaceholder, () => ({ benign: randomText(), hostile: hostile() }));
  });

  it('decodeJwt', () => {
    const segment = (): string => randomText().slice(0, size / 2 - 10);
    expectLinear(decodeJwt, () => ({
      benign: `${segment()}.${segment()}.sig`,
      hostile: {
        'dot runs': fill('.'),
        'a. runs': fill('a.'),
        'segment characters then a bad one': `${fill('a', '!')}.a.a`,
        'base64 of nested arrays': `eyJhbGciOiJIUzI1NiJ9.${Buffer.from(fill('[')).toString('base64url')}.`,
      },
    }));
  });
});

describe('inputs', () => {
  it('parseInputs: every input holding hostile text', () => {
    const build = (): Inputs<RawInputs> => {
      const hostileValues: Record<string, string> = {
        digits: fill('1', 'x'),
        'decimal digits': `1.${fill('1', 'x')}`,
        spaces: fill(' ', 'x'),
        'currency then spaces': `CNY${fill(' ', 'x')}`,
        'comma runs': fill(','),
        'distinct model ids': Array.from({ length: size / 6 }, (_, i) => `m${i}`)
          .join(',')
          .slice(0, size),
        'invalid model ids': fill('!,'),
        slashes: `https://a.example${fill('/', 'x')}`,
        'percent runs': fill('%'),
      };
      const hostile: Record<string, RawInputs> = {};
      for (const name of INPUT_NAMES.filter((n) => n !== 'api-key')) {
        for (const [label, value] of Object.entries(hostileValues)) hostile[`${name}: ${label}`] = { 'api-key': KEY, [name]: value };
      }
      const benign = Object.fromEntries(INPUT_NAMES.map((name) => [name, name === 'api-key' ? KEY : randomText()]));
      return { benign: { ...benign, 'api-key': KEY, models: randomText() }, hostile };
    };
    expectLinear(parseInputs, build);
  });

  it('checkBaseUrl: long paths of slashes', () => {
    expectLinear(checkBaseUrl, () => ({
      benign: `https://a.example/${randomText()}`,
      hostile: { slashes: `https://a.example${fill('/', 'x')}`, 'trailing slashes': `https://a.example${fill('/')}`, 'dot segments': `https://a.example${fill('/.')}x` },
    }));
  });

  it('parseCliArgs: long flags and values', () => {
    expectLinear(parseCliArgs, () => ({
      benign: ['--models', randomText()],
      hostile: { dashes: [fill('-')], 'key-flag look-alikes': [fill('--api-key')], 'equals runs': [`--models${fill('=')}`] },
    }));
  });
});

describe('the workflow file and the environment', () => {
  it("findApiKeyLine (locateApiKeyInput's scanner)", () => {
    const step = '      - uses: acme/deepseek-preflight@v1\n        id: check\n        with:\n          api-key: ${{ secrets.KEY }}\n';
    expectLinear(findApiKeyLine, () => ({
      benign: fill(step),
      hostile: {
        spaces: fill(' '),
        'spaces then a dash': fill(' ', '-'),
        'dash then spaces': `-${fill(' ', 'x')}`,
        'spaces around an optional dash': `${' '.repeat(size / 2)}-${' '.repeat(size / 2 - 10)}uses`,
        'uses then spaces': `uses:${fill(' ')}`,
        'id then spaces': `- id:${fill(' ', '!')}`,
        'api-key then spaces': `api-key${fill(' ')}`,
        'blank lines': fill('\n'),
        'CR runs': fill('\r'),
        'many steps': fill('- run: x\n'),
      },
    }));
  });

  it('workflowPathFromRef', () => {
    expectLinear(workflowPathFromRef, () => ({
      benign: `a/b/.github/workflows/${randomText()}@refs/heads/main`,
      hostile: { 'no @': `a/b/.github/workflows/${fill('x')}`, slashes: fill('/'), 'workflow dir runs': `a/b/${fill('.github/workflows/')}` },
    }));
  });

  it('proxyFor: NO_PROXY lists', () => {
    const env = (noProxy: string) => ({ https_proxy: 'http://proxy.example:3128', no_proxy: noProxy });
    expectLinear(
      (e: ReturnType<typeof env>) => proxyFor('https://api.deepseek.com', e),
      () => ({
        benign: env(randomText()),
        hostile: { 'port-like runs': env(fill(':1', 'x')), 'digits after one colon': env(`:${fill('1', 'x')}`), 'wildcard runs': env(fill('*.')), 'separator runs': env(fill(', ')) },
      }),
    );
  });
});

describe('escaping', () => {
  const hostile = (): Record<string, string> => ({
    percent: fill('%'),
    controls: fill('\u0000\u0085'),
    'line separators': fill(' \u2028'),
    spaces: fill(' ', 'x'),
    'double spaces': fill('  x'),
    'www runs': fill('www.'),
    'scheme separators': fill('://'),
    mentions: fill('@'),
    backslashes: fill('\\'),
    'markdown specials': fill('*_[]()#+-.!|~=^`{}'),
    'html specials': fill('&<>"\''),
  });
  const build = (): Inputs<string> => ({ benign: randomText(), hostile: hostile() });

  it('oneLine', () => {
    expectLinear(oneLine, build);
  });

  it('escapeMarkdown', () => {
    expectLinear(escapeMarkdown, build);
  });

  it('text and code', () => {
    expectLinear((v: string) => [text`x ${v} y`, code(v)], build);
  });
});
