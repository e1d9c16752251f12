// Property-based tests of everything that reads untrusted or arbitrary text: the key inspection,
// response parsing, input parsing, escaping and redaction. No input throws; every probe outcome
// gets exactly one status; the redactor never lets an 8+ character slice of the key through.
import type { EndpointProbe, HttpOutcome, NetworkFailure, ProbeResult } from '../src/contract.js';
import fc from 'fast-check';
import { diagnose } from '../src/core/verdict/diagnose.js';
import type { RunContext } from '../src/core/verdict/findings.js';
import { INPUT_NAMES, parseInputs, type Settings } from '../src/core/input/inputs.js';
import { inspectKey } from '../src/core/secret/key-inspection.js';
import { planProbe } from '../src/core/verdict/plan.js';
import { observe, parseJsonBody } from '../src/core/evidence/observation.js';
import { makeRedactor, MIN_SECRET_SLICE } from '../src/core/secret/redact.js';
import { STATUSES, type Status } from '../src/core/verdict/status.js';
import { escapeMarkdown, oneLine } from '../src/core/text/text.js';

import { renderAnnotations } from '../src/render/annotations.js';
import { renderOutputs } from '../src/render/outputs.js';
import { renderSummary } from '../src/render/summary.js';
import { NO_COLOURS, renderTerminal } from '../src/render/terminal.js';
import { toJson } from '../src/cli/json.js';
import { CHECK_LABELS } from '../src/core/verdict/findings.js';

const RUNS = { numRuns: 200 } as const;
const NOW = Date.UTC(2026, 0, 15);

/** Any text: printable, binary (lone surrogates, controls), and Unicode. */
const anyText = fc.oneof(fc.string({ maxLength: 80 }), fc.string({ unit: 'binary', maxLength: 80 }), fc.string({ unit: 'grapheme', maxLength: 40 }));

/** Every string inside a value, however deep. */
function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(stringsIn);
  return [];
}

function windows(secret: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + MIN_SECRET_SLICE <= secret.length; i++) out.push(secret.slice(i, i + MIN_SECRET_SLICE));
  return out;
}

/** Key material: no `*` (the redactor's replacement) so a redacted result cannot re-form a slice. */
const keyMaterial = fc.oneof(
  fc.stringMatching(/^sk-[0-9a-f]{32}$/),
  fc.stringMatching(/^[A-Za-z0-9_.~+/-]{8,64}$/),
  fc.string({ minLength: 8, maxLength: 48, unit: 'binary' }).filter((s) => !s.includes('*')),
);

/** The ways a key gets decorated in a secret. */
const decorated = fc
  .tuple(keyMaterial, fc.constantFrom('', ' ', '\n', '\r\n', '\u200b', '\t'))
  .chain(([key, space]) =>
    fc
      .constantFrom(
        key,
        `${key}${space}`,
        `"${key}"`,
        `'${key}'${space}`,
        `\u201c${key}\u201d`,
        `Bearer ${key}`,
        `DEEPSEEK_API_KEY=${key}`,
        `export OPENAI_API_KEY="${key}"`,
        `id7c3a9e1fb24d:${key}`,
        `${key.slice(0, 12)}\n${key.slice(12)}`,
      )
      .map((secret) => ({ key, secret })),
  );

describe('inspectKey', () => {
  it('never throws and always says something consistent', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          anyText,
          decorated.map((d) => d.secret),
          fc.string({ minLength: 4000, maxLength: 6000 }),
        ),
        (raw) => {
          const inspection = inspectKey(raw);
          expect(typeof inspection.present).toBe('boolean');
          if (inspection.candidate !== undefined) expect(inspection.problems.every((p) => p.cleanable)).toBe(true);
          expect(inspection.secretForms).toEqual(expect.arrayContaining(raw === '' || !inspection.present ? [] : [raw]));
        },
      ),
      RUNS,
    );
  });

  it('never shows more than the last four characters of the key', () => {
    fc.assert(
      fc.property(decorated, ({ key, secret }) => {
        const inspection = inspectKey(secret);
        const said = [inspection.fingerprint, ...inspection.problems.flatMap((p) => [p.cause.md, p.cause.plain, p.removal ?? ''])].join('\n');
        for (const w of windows(key)) expect(said).not.toContain(w);
        expect(inspection.fingerprint.replace(/^sk-…/, '…').length).toBeLessThanOrEqual(24);
      }),
      RUNS,
    );
  });
});

describe('response parsing', () => {
  const bodies = fc.oneof(
    anyText,
    fc.json(),
    fc.jsonValue().map((v) => JSON.stringify({ error: { message: v, type: v } })),
    fc.tuple(anyText, anyText).map(([m, t]) => JSON.stringify({ error: { message: m, type: t }, detail: m })),
    fc.array(anyText, { maxLength: 5 }).map((ids) => JSON.stringify({ object: 'list', data: ids.map((id) => ({ id })) })),
    fc.array(fc.tuple(anyText, anyText), { maxLength: 4 }).map((infos) => JSON.stringify({ is_available: true, balance_infos: infos.map(([c, t]) => ({ currency: c, total_balance: t })) })),
    fc.tuple(fc.nat(5), fc.json()).map(([n, j]) => `${'\n'.repeat(n)}${j}`),
    anyText.map((t) => `<!DOCTYPE html><title>${t}</title>`),
  );

  it('parseJsonBody never throws', () => {
    fc.assert(
      fc.property(bodies, (body) => {
        const parsed = parseJsonBody(body);
        if (!parsed.ok) expect(['html', 'not_json', 'unexpected_json', 'too_large', 'empty']).toContain(parsed.reason);
      }),
      RUNS,
    );
  });

  const NETWORK: NetworkFailure[] = ['dns', 'refused', 'reset', 'tls', 'timeout', 'proxy', 'other'];
  const outcome: fc.Arbitrary<HttpOutcome> = fc.oneof(
    fc
      .record({
        kind: fc.constant('response' as const),
        status: fc.oneof(fc.constantFrom(200, 200, 200, 301, 302, 307, 400, 401, 402, 403, 404, 422, 429, 500, 502, 503), fc.integer({ min: 100, max: 599 })),
        body: bodies,
        tooLarge: fc.boolean(),
        location: fc.option(anyText, { nil: undefined }),
        retryAfter: fc.option(anyText, { nil: undefined }),
      })
      .map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)) as unknown as HttpOutcome),
    fc
      .record({
        kind: fc.constant('network' as const),
        failure: fc.constantFrom(...NETWORK),
        // Codes come from Node and undici errors (never from the server): identifiers.
        code: fc.oneof(fc.constantFrom('ECONNREFUSED', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'DEADLINE', 'PROXY_REFUSED'), fc.stringMatching(/^[A-Z][A-Z0-9_]{0,30}$/)),
        proxyStatus: fc.option(fc.integer({ min: 100, max: 599 }), { nil: undefined }),
      })
      .map((r) => (r.proxyStatus === undefined ? { kind: r.kind, failure: r.failure, code: r.code } : r) as HttpOutcome),
  );
  const endpointProbe = (path: string): fc.Arbitrary<EndpointProbe> =>
    fc
      .tuple(
        fc.array(outcome, { minLength: 1, maxLength: 3 }),
        fc.option(fc.constantFrom('retries' as const, 'deadline' as const, 'retry_after_beyond_deadline' as const), { nil: undefined }),
        fc.option(fc.nat(10_000), { nil: undefined }),
      )
      .map(([outcomes, gaveUp, retryAfterSeconds]) => ({
        path,
        outcomes,
        final: outcomes[outcomes.length - 1] as HttpOutcome,
        ...(gaveUp ? { gaveUp } : {}),
        ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
      }));

  it('observe never throws, and what it keeps of the server is one short line', () => {
    fc.assert(
      fc.property(endpointProbe('/models'), fc.constantFrom('models' as const, 'balance' as const), (probe, expect_) => {
        const obs = observe(probe, expect_, (s) => s);
        // Every string of the observation, nested ones (model ids, currencies, amounts) included.
        for (const value of stringsIn(obs)) {
          expect(value).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/);
          expect(value.length).toBeLessThanOrEqual(300);
        }
      }),
      RUNS,
    );
  });

  it('observe redacts the key from everything the server says', () => {
    fc.assert(
      fc.property(
        keyMaterial.filter((k) => k.trim() === k && k.length >= 8),
        fc.integer({ min: 0, max: 3 }),
        fc.constantFrom(401, 402, 403, 404, 500, 301, 400),
        (key, form, status) => {
          const shown = [key, encodeURIComponent(key), Buffer.from(key).toString('base64'), Buffer.from(`Bearer ${key}`).toString('base64')][form] ?? key;
          const body = JSON.stringify({ error: { message: `bad key ${shown} bad`, type: shown } });
          const probe: EndpointProbe = { path: '/models', outcomes: [], final: { kind: 'response', status, body, tooLarge: false, location: `https://x.example/?k=${shown}` } };
          const obs = observe(probe, 'models', makeRedactor([key]));
          const text = JSON.stringify(Object.values(obs).filter((v) => typeof v === 'string'));
          for (const w of windows(key)) expect(JSON.parse(text).join('\n')).not.toContain(w);
        },
      ),
      RUNS,
    );
  });

  const settingsArb: fc.Arbitrary<Settings> = fc
    .record({
      models: fc.constantFrom('', 'deepseek-chat', 'deepseek-chat,deepseek-reasoner', 'other-model'),
      'min-balance': fc.constantFrom('', '5', '10 CNY', '0.01 USD'),
      'fail-on-outage': fc.constantFrom('true', 'false'),
      'on-missing-key': fc.constantFrom('auto', 'fail', 'skip'),
      'base-url': fc.constantFrom('https://api.deepseek.com', 'https://gateway.example.com/v1', 'http://api.example.com'),
    })
    .map((raw) => {
      const parsed = parseInputs(raw);
      if (!parsed.ok) throw new Error(`fixture inputs rejected: ${JSON.stringify(parsed.errors)}`);
      return parsed.settings;
    });
  const keyArb = fc.oneof(
    fc.constantFrom('', 'sk-0123456789abcdef0123456789abcdef', 'sk-0123456789abcdef0123456789abcdef\n', 'null', 'sk-proj-abc', 'gw_token_0123456789'),
    decorated.map((d) => d.secret),
    anyText,
  );
  const contextArb: fc.Arbitrary<RunContext> = fc.constantFrom(
    {},
    { withheld: 'fork_pull_request' as const },
    { withheld: 'dependabot' as const },
    { secretsUrl: 'https://github.com/a/b/settings/secrets/actions' },
  );

  /**
   * Whether a status blocks the deploy, as README's table of statuses says it, written out here
   * (not read from src/core/status.ts, which the code under test uses): every failure blocks, an
   * outage only with `fail-on-outage: true`, a pass or a skip never.
   */
  const BLOCKS: Readonly<Record<Status, boolean | 'fail-on-outage'>> = {
    ok: false,
    skipped: false,
    missing_key: true,
    malformed_key: true,
    invalid_key: true,
    expired_token: true,
    insufficient_balance: true,
    low_balance: true,
    model_unavailable: true,
    forbidden: true,
    wrong_endpoint: true,
    unreachable: 'fail-on-outage',
    rate_limited: 'fail-on-outage',
    server_error: 'fail-on-outage',
  };

  it('diagnose gives every combination exactly one status, and the renderers never throw', () => {
    fc.assert(
      fc.property(settingsArb, keyArb, contextArb, fc.option(fc.tuple(endpointProbe('/models'), endpointProbe('/user/balance')), { nil: undefined }), (settings, key, context, probes) => {
        const inspection = inspectKey(key);
        const probe: ProbeResult | undefined = probes ? { models: probes[0], balance: probes[1] } : undefined;
        const keyed = { ...settings, apiKey: key };
        const d = diagnose({
          now: Date.now(),
          settings: keyed,
          inspection,
          context,
          plan: planProbe(keyed, inspection, context, NOW),
          redact: makeRedactor(inspection.secretForms),
          ...(probe ? { probe } : {}),
        });
        expect(STATUSES).toContain(d.status);
        expect(d.ok).toBe(d.status === 'ok');
        // README: an outage status blocks when fail-on-outage is true, or when its fix is not remote (a failure every re-run repeats).
        const expected = BLOCKS[d.status] === 'fail-on-outage' ? settings.failOnOutage || (d.findings[0] !== undefined && d.findings[0].place.kind !== 'remote') : BLOCKS[d.status];
        expect(d.blocking).toBe(expected);
        if (d.findings.length > 0) expect(d.findings[0]?.status).toBe(d.status);
        else expect(['ok', 'skipped']).toContain(d.status);
        const outputs = renderOutputs(d);
        expect(outputs.status).toBe(d.status);
        expect(outputs.message).not.toMatch(/[\r\n]/);
        const annotations = renderAnnotations(d, settings.failOnOutage);
        for (const a of annotations) expect(a.message).not.toMatch(/[\r\n]/);
        // Every status but ok has a titled annotation; the verdict's is an error exactly when it blocks.
        if (d.status !== 'ok') expect(annotations[0]?.title).toBeTruthy();
        if (d.findings.length > 0) expect(annotations[0]?.level).toBe(d.blocking ? 'error' : 'warning');
        // A key that authenticated was judged: never "not judged" next to "accepted".
        if (d.checks.authentication.result === 'pass') expect(d.advisories.map((a) => a.title)).not.toContain('This run could not check the key');
        const summary = renderSummary(d, context);
        expect(summary).toContain('| Check | Result | Detail |');
        expect(summary).toContain(`\`${d.status}\``);
      }),
      RUNS,
    );
  });
});

describe('parseInputs', () => {
  it('never throws; every error names a real input in one line', () => {
    const raw = fc.dictionary(fc.constantFrom(...INPUT_NAMES), fc.oneof(anyText, fc.constantFrom('20', '0', '-1', '601', '2', '11', 'true', 'skip', '5 CNY', 'deepseek-chat')));
    fc.assert(
      fc.property(raw, (inputs) => {
        const result = parseInputs(inputs);
        if (result.ok) {
          expect(result.settings.timeoutMs).toBeGreaterThanOrEqual(1000);
          expect(result.settings.timeoutMs).toBeLessThanOrEqual(600_000);
          expect(result.settings.retries).toBeLessThanOrEqual(10);
        } else {
          expect(result.errors.length).toBeGreaterThan(0);
          for (const e of result.errors) {
            expect(INPUT_NAMES).toContain(e.input);
            expect(e.message).not.toMatch(/[\r\n]/);
            expect(e.message.length).toBeLessThan(400);
          }
        }
      }),
      RUNS,
    );
  });

  it('never echoes the key pasted into another input', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^sk-[0-9a-f]{32}$/),
        fc.constantFrom(...INPUT_NAMES.filter((n) => n !== 'api-key')),
        fc.constantFrom('', ' ', 'x', 'https://api.deepseek.com/'),
        (key, name, prefix) => {
          const result = parseInputs({ 'api-key': key, [name]: `${prefix}${key}` });
          expect(result.ok).toBe(false);
          if (!result.ok) for (const w of windows(key)) expect(result.errors.map((e) => e.message).join('\n')).not.toContain(w);
        },
      ),
      RUNS,
    );
  });
});

describe('escaping', () => {
  it('escapeMarkdown never throws and leaves no tag, line break, link, autolink or mention', () => {
    const hostile = fc.oneof(
      anyText,
      fc.array(fc.constantFrom('<', '>', '[', ']', '(', ')', '!', '@', 'https://', 'www.', '`', '*', '_', '|', '\n', '&', 'x', ' ', ':', '/', '\\'), { maxLength: 60 }).map((a) => a.join('')),
    );
    fc.assert(
      fc.property(hostile, (value) => {
        const md = escapeMarkdown(value);
        expect(md).not.toMatch(/[<>\r\n\u2028\u2029]/);
        expect(md).not.toMatch(/(^|[^\\])[[\]()!`*_|]/);
        expect(md).not.toMatch(/@(?!\u200b)/);
        expect(md).not.toContain('://');
        expect(md).not.toMatch(/www\\?\./i);
      }),
      RUNS,
    );
  });

  it('oneLine never leaves a control character or exceeds its bound', () => {
    fc.assert(
      fc.property(anyText, fc.integer({ min: 2, max: 400 }), (value, max) => {
        const line = oneLine(value, max);
        expect(line).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
        expect(line.length).toBeLessThanOrEqual(max);
      }),
      RUNS,
    );
  });
});

describe('makeRedactor', () => {
  it('never throws, on any secrets and any text', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(anyText, fc.constantFrom('sk-\ud800abcdefgh', '\udfffxxxxxxxxxx')), { maxLength: 3 }), anyText, (secrets, value) => {
        expect(typeof makeRedactor(secrets)(value)).toBe('string');
      }),
      RUNS,
    );
  });

  it('never lets an 8+ character slice of the key (or of its encodings) through', () => {
    const slice = (s: string): fc.Arbitrary<string> =>
      fc
        .tuple(fc.nat(s.length), fc.integer({ min: MIN_SECRET_SLICE, max: s.length }))
        .map(([start, len]) => s.slice(Math.min(start, s.length - MIN_SECRET_SLICE), Math.min(start, s.length - MIN_SECRET_SLICE) + len));
    const scenario = keyMaterial.chain((key) => {
      const forms = [key, encodeURIComponent(key), Buffer.from(key).toString('base64'), Buffer.from(`Bearer ${key}`).toString('base64')].filter((f) => f.length >= MIN_SECRET_SLICE);
      const pieces = fc.array(
        fc.oneof(
          anyText.filter((t) => !t.includes('*')),
          ...forms.map(slice),
        ),
        { minLength: 1, maxLength: 8 },
      );
      return fc.tuple(
        fc.constant(key),
        fc.constant(forms),
        pieces.map((p) => p.join('')),
      );
    });
    fc.assert(
      fc.property(scenario, ([key, forms, text]) => {
        const out = makeRedactor([key])(text);
        for (const form of forms) for (const w of windows(form)) expect(out).not.toContain(w);
      }),
      RUNS,
    );
  });
});

// The whole pipeline, as a runner would meet it: arbitrary JSON as the body of each endpoint
// (null entries, Object.prototype names as keys and as values, huge and exponent numbers, nested
// arrays, line breaks in every string), then observe -> diagnose -> every renderer. Each run gets
// a status from STATUSES, nothing throws, and every output and annotation is one line.
describe('the whole pipeline on arbitrary JSON bodies', () => {
  const PROTOTYPE_NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', 'propertyIsEnumerable', 'toLocaleString', '__defineGetter__', 'prototype'];
  const LINE_BREAKING = ['a\nb', 'x\r\ny', '\u2028', 'CNY\n', '\u0085USD', 'deepseek-chat\n::error::x', '##[error]x\n'];
  const word = fc.oneof(fc.constantFrom(...PROTOTYPE_NAMES, ...LINE_BREAKING, 'CNY', 'USD', 'deepseek-chat', 'deepseek-reasoner', ''), anyText);
  const amountNumber = fc.oneof(fc.constantFrom(1e-7, 1e21, 1e300, 5e-324, -0, 0.1 + 0.2, -5, Number.MAX_SAFE_INTEGER + 2), fc.double({ noNaN: true }), fc.integer());
  const amountText = fc.oneof(fc.constantFrom('110.00', '0.00', '1e-7', '1E+3', '-2.5e-1', '1e9999', '1e-999', ' 5 ', 'NaN', '0x10'), amountNumber.map(String), word);
  const leaf = fc.oneof(fc.constant(null), fc.boolean(), amountNumber, word);
  const { json: anyJson } = fc.letrec<{ json: unknown }>((tie) => ({
    json: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, fc.array(tie('json'), { maxLength: 4 }), fc.dictionary(word, tie('json'), { maxKeys: 4 })),
  }));
  const orAnything = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<unknown> => fc.oneof({ weight: 4, arbitrary: arb }, { weight: 1, arbitrary: anyJson });
  const modelsBody = fc.record({
    object: orAnything(fc.constant('list')),
    data: orAnything(fc.array(orAnything(fc.record({ id: orAnything(word), object: orAnything(fc.constant('model')) })), { maxLength: 6 })),
  });
  const balanceInfo = fc.record(
    { currency: orAnything(word), total_balance: orAnything(amountText), granted_balance: orAnything(amountText), topped_up_balance: orAnything(amountText) },
    { requiredKeys: ['currency', 'total_balance'] },
  );
  const balanceBody = fc.record({ is_available: orAnything(fc.boolean()), balance_infos: orAnything(fc.array(orAnything(balanceInfo), { maxLength: 4 })) });
  const errorBody = fc.oneof(
    fc.record({ error: orAnything(fc.record({ message: orAnything(word), type: orAnything(word) })) }),
    fc.record({ detail: orAnything(word) }),
    fc.record({ message: orAnything(word) }),
  );
  /** JSON as a server writes it, including what JSON.stringify never produces. */
  const rawBodies = fc.constantFrom(
    '{"is_available":true,"balance_infos":[null]}',
    '{"is_available":true,"balance_infos":[{"currency":"CNY","total_balance":1E+3}]}',
    '{"is_available":true,"balance_infos":[{"currency":"CNY","total_balance":1e-7}]}',
    '{"is_available":true,"balance_infos":[{"currency":"CNY","total_balance":1e999}]}',
    '{"is_available":true,"balance_infos":[{"currency":"__proto__","total_balance":"1","__proto__":{"currency":"x"}}]}',
    '{"__proto__":{"data":[{"id":"x"}]},"data":[{"id":"constructor"},{"id":"__proto__"}]}',
    '{"object":"list","data":[[{"id":"a"}]]}',
    '{"object":"list","data":[{"id":{"toString":"x"}}]}',
    '{"error":{"message":{"toString":1}},"detail":"x"}',
    '{"error":null,"detail":["x"],"message":"m"}',
    `${'['.repeat(3000)}${']'.repeat(3000)}`,
    '\n\n\ufeff{"data":[]}',
  );
  const body = fc.oneof(
    modelsBody.map((b) => JSON.stringify(b)),
    balanceBody.map((b) => JSON.stringify(b)),
    errorBody.map((b) => JSON.stringify(b)),
    anyJson.map((b) => JSON.stringify(b) ?? 'null'),
    rawBodies,
  );
  const status = fc.constantFrom(200, 200, 200, 200, 401, 402, 403, 404, 422, 429, 500, 503, 301);
  const probeOf = (path: string): fc.Arbitrary<EndpointProbe> =>
    fc.tuple(status, body).map(([s, b]) => {
      const final: HttpOutcome = { kind: 'response', status: s, body: b, tooLarge: false };
      return { path, outcomes: [final], final };
    });
  const settingsArb: fc.Arbitrary<Settings> = fc
    .record({
      models: fc.constantFrom('', 'constructor', 'toString,valueOf', 'hasOwnProperty', 'deepseek-chat', 'deepseek-chat,constructor'),
      'min-balance': fc.constantFrom('', '5', '10 CNY', '0.0000001', '1000 USD'),
    })
    .map((raw) => {
      const parsed = parseInputs({ ...raw, 'api-key': 'sk-0123456789abcdef0123456789abcdef' });
      if (!parsed.ok) throw new Error(`fixture inputs rejected: ${JSON.stringify(parsed.errors)}`);
      return parsed.settings;
    });
  const LINE_BREAK = /[\r\n\u2028\u2029\u0085]/;

  it('gives a status, throws nothing, and keeps every output and annotation on one line', () => {
    fc.assert(
      fc.property(settingsArb, probeOf('/models'), probeOf('/user/balance'), (settings, models, balance) => {
        const inspection = inspectKey(settings.apiKey);
        const d = diagnose({
          now: Date.now(),
          settings,
          inspection,
          context: {},
          plan: planProbe(settings, inspection, {}, NOW),
          redact: makeRedactor(inspection.secretForms),
          probe: { models, balance },
        });
        expect(STATUSES).toContain(d.status);

        const outputs = renderOutputs(d);
        for (const [name, value] of Object.entries(outputs)) expect([name, value]).toEqual([name, expect.not.stringMatching(LINE_BREAK)]);
        for (const a of renderAnnotations(d, settings.failOnOutage)) {
          expect(a.title).not.toMatch(LINE_BREAK);
          expect(a.message).not.toMatch(LINE_BREAK);
        }

        // Each check is one table row, whatever the server put into its detail.
        const summary = renderSummary(d, {});
        expect(summary).not.toMatch(/[\r\u2028\u2029\u0085]/);
        const rows = summary.split('\n');
        const header = rows.indexOf('| Check | Result | Detail |');
        for (const [i, name] of (['secret', 'format', 'endpoint', 'authentication', 'balance', 'models'] as const).entries()) {
          const row = rows[header + 2 + i] ?? '';
          expect(row.startsWith(`| ${CHECK_LABELS[name]} | `) && row.endsWith(' |')).toBe(true);
        }

        // The terminal report has exactly the lines its structure gives: no value added one.
        const terminal = renderTerminal(d, NO_COLOURS);
        expect(terminal).not.toMatch(/[\r\u2028\u2029\u0085]/);
        const sections = [...d.findings, ...d.advisories];
        expect(terminal.split('\n')).toHaveLength(2 + 6 + sections.reduce((n, s) => n + 3 + s.fix.length, 0) + 1);

        const json = toJson(d);
        for (const value of stringsIn(json)) expect(value).not.toMatch(LINE_BREAK);
        for (const id of d.models) expect(id).not.toMatch(LINE_BREAK);
      }),
      { numRuns: 400 },
    );
  });

  it('model ids and currencies that break lines reach no output as line breaks', () => {
    // The same guarantee, aimed: a 200 answer of the right shape, every id and currency multi-line.
    const breaking = fc.constantFrom(...LINE_BREAKING.filter((s) => s.trim() !== ''));
    fc.assert(
      fc.property(fc.array(breaking, { minLength: 1, maxLength: 3 }), fc.array(breaking, { minLength: 1, maxLength: 3 }), (ids, currencies) => {
        const response = (b: unknown): EndpointProbe['final'] => ({ kind: 'response', status: 200, body: JSON.stringify(b), tooLarge: false });
        const models = response({ object: 'list', data: ids.map((id) => ({ id })) });
        const balance = response({ is_available: true, balance_infos: currencies.map((currency) => ({ currency, total_balance: `1\n${currency}` })) });
        const parsed = parseInputs({ 'api-key': 'sk-0123456789abcdef0123456789abcdef' });
        if (!parsed.ok) throw new Error('fixture inputs rejected');
        const inspection = inspectKey(parsed.settings.apiKey);
        const d = diagnose({
          now: Date.now(),
          settings: parsed.settings,
          inspection,
          context: {},
          plan: planProbe(parsed.settings, inspection, {}, NOW),
          redact: makeRedactor(inspection.secretForms),
          probe: { models: { path: '/models', outcomes: [models], final: models }, balance: { path: '/user/balance', outcomes: [balance], final: balance } },
        });
        expect(d.status).toBe('ok');
        const outputs = renderOutputs(d);
        expect(outputs.models).not.toBe('');
        expect(outputs.balance).not.toBe('');
        expect(outputs.models).not.toMatch(LINE_BREAK);
        expect(outputs.balance).not.toMatch(LINE_BREAK);
      }),
      RUNS,
    );
  });
});
