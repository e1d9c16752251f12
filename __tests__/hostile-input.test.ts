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
/** How much slower than the benign input of the same size a hostile one may be. */
const MAX_RATIO = 20;
/**
 * Below this, a difference is noise, GC or a per-line cost, not an algorithm: each quadratic
 * case this file guards against took seconds to minutes at this size.
 */
const FLOOR_MS = 200;
const MAX_MS = 1000;

/** `unit` repeated to SIZE characters (cut to the exact size), with an optional tail. */
const fill = (unit: string, tail = ''): string => unit.repeat(Math.ceil((SIZE - tail.length) / unit.length)).slice(0, SIZE - tail.length) + tail;
const randomText = (): string => randomBytes(SIZE).toString('base64url').slice(0, SIZE);

/** The fastest of a few runs: what the algorithm costs, without a GC pause that happened to fall in. */
function fastestMs(fn: () => unknown, runs = 3): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    fn();
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

function expectLinear<T>(parse: (input: T) => unknown, benign: T, hostile: Record<string, T>): void {
  parse(benign); // compiled and warm before anything is timed
  const benignMs = fastestMs(() => parse(benign));
  const slow: string[] = [];
  for (const [name, input] of Object.entries(hostile)) {
    const ms = fastestMs(() => parse(input), 1);
    if (ms > Math.min(MAX_MS, Math.max(FLOOR_MS, MAX_RATIO * benignMs))) slow.push(`${name}: ${ms.toFixed(0)} ms (benign ${benignMs.toFixed(1)} ms)`);
  }
  expect(slow).toEqual([]);
}

const KEY = 'sk-0123456789abcdef0123456789abcdef';
const redact = makeRedactor([KEY]);
const response = (status: number, body: string, extra: Partial<Extract<HttpOutcome, { kind: 'response' }>> = {}): HttpOutcome => ({ kind: 'response', status, body, tooLarge: false, ...extra });

describe('server text', () => {
  const hostileBodies = {
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
  };
  const benignBody = JSON.stringify({ object: 'list', data: Array.from({ length: SIZE / 64 }, (_, i) => ({ id: `model-${i}`, object: 'model', owned_by: 'deepseek' })) }).slice(0, SIZE);

  it('parseJsonBody: page titles, blank lines and JSON', () => {
    expectLinear(parseJsonBody, benignBody, hostileBodies);
  });

  it('observe: every kind of answer, with the redactor and the one-line cut', () => {
    const asProbe = (outcome: HttpOutcome) => ({ path: '/models', outcomes: [outcome], final: outcome });
    const run = ({ outcome, expect: what }: { outcome: HttpOutcome; expect: 'models' | 'balance' }): unknown => observe(asProbe(outcome), what, redact);
    const message = (m: string): string => JSON.stringify({ error: { message: m, type: m } });
    const hostile: Record<string, { outcome: HttpOutcome; expect: 'models' | 'balance' }> = {};
    for (const [name, body] of Object.entries(hostileBodies)) {
      for (const status of [200, 401, 404, 500]) hostile[`${name} (${status})`] = { outcome: response(status, body), expect: status === 200 ? 'balance' : 'models' };
    }
    Object.assign(hostile, {
      'echoed-key runs': { outcome: response(401, message(fill('api key: ****'))), expect: 'models' },
      'asterisk runs': { outcome: response(401, message(fill('*'))), expect: 'models' },
      'spaces then is invalid': { outcome: response(401, message(`api key: *${fill(' ', 'x is invalid')}`)), expect: 'models' },
      'control character runs': { outcome: response(500, message(fill('\u0000\u2028'))), expect: 'models' },
      'key-like runs': { outcome: response(500, message(fill(KEY.slice(0, 12)))), expect: 'models' },
      'a huge id list': { outcome: response(200, JSON.stringify({ data: Array.from({ length: SIZE / 12 }, (_, i) => ({ id: `m${i}` })) })), expect: 'models' },
      'a huge balance list': {
        outcome: response(200, JSON.stringify({ is_available: true, balance_infos: Array.from({ length: SIZE / 40 }, () => ({ currency: 'CNY', total_balance: 1e-7 })) })),
        expect: 'balance',
      },
      'a long redirect target': { outcome: response(301, '', { location: fill('/') }), expect: 'models' },
    });
    expectLinear(run, { outcome: response(401, message(randomText().slice(0, SIZE - 40))), expect: 'models' }, hostile);
  });

  it('parseRetryAfter: digits, spaces and date-like text', () => {
    expectLinear((v: string) => parseRetryAfter(v, 0), randomText(), {
      digits: fill('1'),
      'digits then a letter': fill('1', 'x'),
      spaces: fill(' ', '1'),
      'date parts': fill('Mon, 01 Jan '),
    });
  });

  it('amounts: plainDecimal and parseDecimal', () => {
    expectLinear((v: string) => parseDecimal(plainDecimal(v)), randomText(), {
      digits: fill('1'),
      'digits then an exponent': fill('1', 'e-7'),
      zeros: fill('0', '.0e1'),
      'exponent runs': fill('1e'),
    });
  });
});

describe('the secret', () => {
  const hostile = {
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
  };

  it('inspectKey', () => {
    expectLinear(inspectKey, randomText(), hostile);
  });

  it('describePlaceholder', () => {
    expectLinear(describePlaceholder, randomText(), hostile);
  });

  it('decodeJwt', () => {
    const segment = randomText().slice(0, SIZE / 2 - 10);
    expectLinear(decodeJwt, `${segment}.${segment}.sig`, {
      'dot runs': fill('.'),
      'a. runs': fill('a.'),
      'segment characters then a bad one': `${fill('a', '!')}.a.a`,
      'base64 of nested arrays': `eyJhbGciOiJIUzI1NiJ9.${Buffer.from(fill('[')).toString('base64url')}.`,
    });
  });
});

describe('inputs', () => {
  it('parseInputs: every input holding hostile text', () => {
    const hostileValues: Record<string, string> = {
      digits: fill('1', 'x'),
      'decimal digits': `1.${fill('1', 'x')}`,
      spaces: fill(' ', 'x'),
      'currency then spaces': `CNY${fill(' ', 'x')}`,
      'comma runs': fill(','),
      'distinct model ids': Array.from({ length: SIZE / 6 }, (_, i) => `m${i}`)
        .join(',')
        .slice(0, SIZE),
      'invalid model ids': fill('!,'),
      slashes: `https://a.example${fill('/', 'x')}`,
      'percent runs': fill('%'),
    };
    const hostile: Record<string, RawInputs> = {};
    for (const name of INPUT_NAMES.filter((n) => n !== 'api-key')) {
      for (const [label, value] of Object.entries(hostileValues)) hostile[`${name}: ${label}`] = { 'api-key': KEY, [name]: value };
    }
    const benign = Object.fromEntries(INPUT_NAMES.map((name) => [name, name === 'api-key' ? KEY : randomText()]));
    expectLinear(parseInputs, { ...benign, 'api-key': KEY, models: randomText() }, hostile);
  });

  it('checkBaseUrl: long paths of slashes', () => {
    expectLinear(checkBaseUrl, `https://a.example/${randomText()}`, {
      slashes: `https://a.example${fill('/', 'x')}`,
      'trailing slashes': `https://a.example${fill('/')}`,
      'dot segments': `https://a.example${fill('/.')}x`,
    });
  });

  it('parseCliArgs: long flags and values', () => {
    expectLinear(parseCliArgs, ['--models', randomText()], {
      dashes: [fill('-')],
      'key-flag look-alikes': [fill('--api-key')],
      'equals runs': [`--models${fill('=')}`],
    });
  });
});

describe('the workflow file and the environment', () => {
  it("findApiKeyLine (locateApiKeyInput's scanner)", () => {
    const step = '      - uses: acme/deepseek-preflight@v1\n        id: check\n        with:\n          api-key: ${{ secrets.KEY }}\n';
    expectLinear(findApiKeyLine, fill(step), {
      spaces: fill(' '),
      'spaces then a dash': fill(' ', '-'),
      'dash then spaces': `-${fill(' ', 'x')}`,
      'spaces around an optional dash': `${' '.repeat(SIZE / 2)}-${' '.repeat(SIZE / 2 - 10)}uses`,
      'uses then spaces': `uses:${fill(' ')}`,
      'id then spaces': `- id:${fill(' ', '!')}`,
      'api-key then spaces': `api-key${fill(' ')}`,
      'blank lines': fill('\n'),
      'CR runs': fill('\r'),
      'many steps': fill('- run: x\n'),
    });
  });

  it('workflowPathFromRef', () => {
    expectLinear(workflowPathFromRef, `a/b/.github/workflows/${randomText()}@refs/heads/main`, {
      'no @': `a/b/.github/workflows/${fill('x')}`,
      slashes: fill('/'),
      'workflow dir runs': `a/b/${fill('.github/workflows/')}`,
    });
  });

  it('proxyFor: NO_PROXY lists', () => {
    const env = (noProxy: string) => ({ https_proxy: 'http://proxy.example:3128', no_proxy: noProxy });
    expectLinear((e: ReturnType<typeof env>) => proxyFor('https://api.deepseek.com', e), env(randomText()), {
      'port-like runs': env(fill(':1', 'x')),
      'digits after one colon': env(`:${fill('1', 'x')}`),
      'wildcard runs': env(fill('*.')),
      'separator runs': env(fill(', ')),
    });
  });
});

describe('escaping', () => {
  const hostile = {
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
  };

  it('oneLine', () => {
    expectLinear(oneLine, randomText(), hostile);
  });

  it('escapeMarkdown', () => {
    expectLinear(escapeMarkdown, randomText(), hostile);
  });

  it('text and code', () => {
    expectLinear((v: string) => [text`x ${v} y`, code(v)], randomText(), hostile);
  });
});
