// The wording pass's decisions, on the pure core: each surface gets its own words for the same
// diagnosis (summary: inputs and jobs; terminal: flags and the command), rows agree with the
// verdict, and each cause gets only its own steps.
import type { HttpOutcome, ProbeResult } from '../src/contract.js';
import { diagnose, type DiagnosisInput } from '../src/core/verdict/diagnose.js';
import { redirectBase } from '../src/core/verdict/causes/endpoint.js';
import { parseInputs, type RawInputs } from '../src/core/input/inputs.js';
import { inspectKey } from '../src/core/secret/key-inspection.js';
import { planProbe } from '../src/core/verdict/plan.js';
import { makeRedactor } from '../src/core/secret/redact.js';
import { cliOf } from '../src/core/text/text.js';

import { BALANCE, MODELS, response } from './helpers/answers.js';

import { renderAnnotations } from '../src/render/annotations.js';
import { renderSummary } from '../src/render/summary.js';
import { NO_COLOURS, renderTerminal } from '../src/render/terminal.js';

const KEY = 'sk-0123456789abcdef0123456789abcdef';
const NOW = Date.parse('2026-11-29T12:00:00Z');
const TIMEOUT: HttpOutcome = { kind: 'network', code: 'ETIMEDOUT', failure: 'timeout', attempts: 1 } as unknown as HttpOutcome;

function diagnosis(raw: RawInputs, models: HttpOutcome = MODELS, balance: HttpOutcome = BALANCE, surface: 'action' | 'cli' = 'action') {
  const parsed = parseInputs({ 'api-key': KEY, 'base-url': 'https://api.deepseek.com', ...raw });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const settings = parsed.settings;
  const inspection = inspectKey(settings.apiKey);
  const context = { surface };
  const plan = planProbe(settings, inspection, context, NOW);
  const probe: ProbeResult = { models: { path: '/models', outcomes: [models], final: models }, balance: { path: '/user/balance', outcomes: [balance], final: balance } };
  const input: DiagnosisInput = { now: NOW, settings, inspection, context, plan, redact: makeRedactor(inspection.secretForms), probe };
  return diagnose(input);
}

describe('one diagnosis, worded per surface', () => {
  it('a timeout: the summary names the input and the job, the terminal the flag and the command', () => {
    const d = diagnosis({}, TIMEOUT, TIMEOUT);
    expect(d.status).toBe('unreachable');
    const summary = renderSummary(d, {});
    expect(summary).toContain('1. Re-run this job; raise `timeout-seconds` if this endpoint is often slow.');
    const terminal = renderTerminal(d, NO_COLOURS);
    expect(terminal).toContain('1. Run the command again; raise --timeout-seconds if this endpoint is often slow.');
    expect(terminal).not.toMatch(/Re-run this job|timeout-seconds:/);
    expect(terminal).toContain('With --fail-on-outage=false (the default) the command exits 0.');
  });

  it('the headline: the deploy for the action, the exit code for the terminal', () => {
    const d = diagnosis({ models: 'deepseek-v9' });
    expect(d.headline.plain).toMatch(/ — the deploy is blocked\.$/);
    expect(cliOf(d.headline)).toMatch(/ — exit code 1\.$/);
  });

  it('an outage starts with "Nothing to change in this workflow" and is not laid out as something wrong', () => {
    const summary = renderSummary(diagnosis({}, TIMEOUT, TIMEOUT), {});
    expect(summary).toContain('### What happened: DeepSeek API unreachable');
    expect(summary).toMatch(/\n\*\*Nothing to change in this workflow\.\*\* No complete answer/);
    expect(summary).not.toContain('How to fix it');
  });
});

describe('rows and words that agree with the verdict', () => {
  it('a 402 proves the key: Authentication passes, and no row says "no answer"', () => {
    const d = diagnosis(
      {},
      response(402, { error: { message: 'Insufficient Balance', type: 'unknown_error', param: null, code: 'invalid_request_error' } }),
      response(402, { error: { message: 'Insufficient Balance' } }),
    );
    expect(d.status).toBe('insufficient_balance');
    expect(d.checks.authentication.result).toBe('pass');
    expect(
      Object.values(d.checks)
        .map((c) => c.detail.plain)
        .join(' '),
    ).not.toContain('no answer');
  });

  it('"HTTP 200" is not shown beside a failure it does not explain', () => {
    const summary = renderSummary(diagnosis({ models: 'deepseek-v9' }), {});
    expect(summary).not.toContain('HTTP 200');
  });

  it('min-balance without a currency says it was compared with each currency, and shows one with a currency', () => {
    const d = diagnosis({ 'min-balance': '500' });
    expect(d.findings[0]?.cause.plain).toContain('"min-balance: 500" names no currency, so it was compared with each currency the account has: 110.00 CNY is below it.');
    expect(d.findings[0]?.fix.map((f) => f.plain)).toContain('Or lower min-balance, or give it the currency it is meant in, such as "min-balance: 500 CNY".');
  });

  it('a near-miss model id is named, and a deprecated id is never offered as the replacement', () => {
    const d = diagnosis({ models: 'deepseek-v4-por' });
    expect(d.findings[0]?.fix[0]?.plain).toBe('"deepseek-v4-por" is close to the offered "deepseek-v4-pro": if that is the one meant, write it exactly, in models and in your code.');
    expect(d.findings[0]?.cause.plain).toContain('Offered: "deepseek-v4-pro".');
  });

  it('each annotation says first where the fix is', () => {
    const [annotation] = renderAnnotations(diagnosis({ models: 'deepseek-v9' }), false);
    expect(annotation?.message).toMatch(/^The fix is the models input of this step\./);
  });
});

describe('a redirect offers the base it implies', () => {
  it.each([
    ['https://api.deepseek.com/v1/models', 'https://api.deepseek.com/v1'],
    ['/v1/models', 'https://gw.example.com/v1'],
    ['https://api.deepseek.com/models', 'https://api.deepseek.com'],
  ])('%s → %s', (location, base) => {
    expect(redirectBase(location, 'https://gw.example.com/models', '/models')).toBe(base);
  });

  it.each([['https://login.example.com/sso?next=/models'], ['http://elsewhere.example.com/models'], ['https://u:p@api.example.com/models'], ['https://example.com/']])(
    'offers nothing for %s',
    (location) => {
      expect(redirectBase(location, 'https://gw.example.com/models', '/models')).toBeUndefined();
    },
  );
});

describe('an invalid input, in both voices', () => {
  it('gives the with: line for the action and the flag for a terminal', () => {
    const parsed = parseInputs({ 'api-key': KEY, 'timeout-seconds': 'soon', 'min-balance': 'lots' });
    if (parsed.ok) throw new Error('parsed');
    // In the input table's order.
    expect(parsed.errors.map((e) => [e.message, e.cli])).toEqual([
      [
        '"lots" is not an amount. Write a non-negative number, optionally with a currency: `min-balance: 5` or `min-balance: 10 CNY`.',
        `"lots" is not an amount. Write a non-negative number, optionally with a currency: --min-balance 5 or --min-balance '10 CNY'.`,
      ],
      [
        '"soon" is not a number of seconds. Write a number from 1 to 600, such as `timeout-seconds: 20`.',
        '"soon" is not a number of seconds. Write a number from 1 to 600, such as --timeout-seconds 20.',
      ],
    ]);
  });
});

describe('each cause gets only its own steps', () => {
  it('"Bearer " pasted in: no step about trailing newlines', () => {
    const d = diagnosis({ 'api-key': `Bearer ${KEY}` });
    expect(d.status).toBe('malformed_key');
    expect(d.findings[0]?.fix.map((f) => f.plain).join(' ')).not.toMatch(/newline/);
  });

  it('a trailing newline: the step that avoids one', () => {
    const d = diagnosis({ 'api-key': `${KEY}\n` });
    expect(d.findings[0]?.fix.map((f) => f.plain).join(' ')).toContain('printf %s "$KEY" | gh secret set DEEPSEEK_API_KEY');
  });

  it('at a terminal, a key with extra characters is fixed where the terminal takes it, not in repository settings', () => {
    const d = diagnosis({ 'api-key': `Bearer ${KEY}` }, MODELS, BALANCE, 'cli');
    const steps = d.findings[0]?.fix.map(cliOf).join(' ') ?? '';
    expect(steps).toContain('set "DEEPSEEK_API_KEY" to it');
    expect(steps).not.toMatch(/Settings|gh secret set/);
  });
});
