import fc from 'fast-check';
import { formsToMask } from '../src/action/masking.js';
import { describeRemovals, inspectKey, removalsArePlural } from '../src/core/secret/key-inspection.js';
import { decodeJwt, humanDuration } from '../src/core/secret/jwt.js';
import { makeJwt } from './helpers/simulated.js';

const KEY = 'sk-0123456789abcdef0123456789abcdef';

describe('inspectKey', () => {
  it('accepts a DeepSeek-shaped key as is', () => {
    const k = inspectKey(KEY);
    expect(k).toMatchObject({ present: true, problems: [], candidate: KEY, cleaned: false, shape: 'deepseek', fingerprint: 'sk-…cdef' });
  });

  it('an empty or whitespace-only secret is missing, not malformed', () => {
    expect(inspectKey('').present).toBe(false);
    expect(inspectKey(' \n\t').present).toBe(false);
    expect(inspectKey('\ufeff').present).toBe(false);
  });

  it.each([
    [`${KEY}\n`, 'the trailing newline'],
    [`${KEY}\r\n`, 'the trailing newline'],
    [`${KEY}\n\n`, 'the trailing line breaks'],
    [` ${KEY}`, 'the leading space'],
    [`   ${KEY}  `, 'the 3 leading spaces and the 2 trailing spaces'],
    [`\u200b${KEY}`, 'the leading invisible character (U+200B)'],
    [`"${KEY}"`, 'the surrounding quotes'],
    [`'${KEY}'\n`, 'the trailing newline and the surrounding quotes'],
    [`\u201c${KEY}\u201d`, 'the surrounding quotes'],
    [`Bearer ${KEY}`, 'the `Bearer` prefix'],
    [`bearer  ${KEY}`, 'the `bearer` prefix'],
    [`DEEPSEEK_API_KEY=${KEY}`, 'the `DEEPSEEK_API_KEY=` before the key'],
    [`export DEEPSEEK_API_KEY="${KEY}"`, 'the `DEEPSEEK_API_KEY=` before the key and the surrounding quotes'],
  ])('%j is cleanable: %s', (raw, removal) => {
    const k = inspectKey(raw);
    expect(k.candidate).toBe(KEY);
    expect(k.cleaned).toBe(true);
    expect(k.problems.every((p) => p.cleanable)).toBe(true);
    expect(describeRemovals(k)).toBe(removal);
    expect(k.secretForms).toEqual(expect.arrayContaining([raw, KEY]));
  });

  it.each([
    ['${{ secrets.DEEPSEEK_API_KEY }}', 'placeholder'],
    ['$DEEPSEEK_API_KEY', 'placeholder'],
    ['${DEEPSEEK_API_KEY}', 'placeholder'],
    ['%DEEPSEEK_API_KEY%', 'placeholder'],
    ['null', 'placeholder'],
    ['"undefined"', 'placeholder'],
    ['None', 'placeholder'],
    ['your-api-key-here', 'placeholder'],
    ['<YOUR_DEEPSEEK_API_KEY>', 'placeholder'],
    ['sk-xxxxxxxxxxxxxxxx', 'placeholder'],
    ['DEEPSEEK_API_KEY', 'placeholder'],
    ['***', 'masked_copy'],
    [`${KEY} ${KEY}`, 'internal_whitespace'],
    [`${KEY}\n${KEY}`, 'internal_whitespace'],
    ['sk-0123\u0007456789abcdef0123456789abcdef', 'control_characters'],
    ['sk-0123456789аbcdef0123456789abcdef', 'non_ascii'],
    ['sk-12', 'too_short'],
    [`sk-${'0'.repeat(5000)}`, 'too_long'],
  ])('%j is not usable (%s)', (raw, kind) => {
    const k = inspectKey(raw);
    expect(k.candidate).toBeUndefined();
    expect(k.problems.map((p) => p.kind)).toContain(kind);
  });

  it('recognises other providers, and which ones a gateway may accept', () => {
    expect(inspectKey('sk-proj-abcdefghijklmnopqrstuvwxyz').otherProvider).toMatchObject({ gatewayMayAccept: false });
    expect(inspectKey('sk-ant-api03-abcdefghijklmnopqrstuvwxyz').otherProvider).toMatchObject({ gatewayMayAccept: false });
    expect(inspectKey('sk-or-v1-abcdefghijklmnopqrstuvwxyz').otherProvider).toMatchObject({ gatewayMayAccept: true });
    expect(inspectKey(KEY).otherProvider).toBeUndefined();
  });

  it('never shows more than the last four characters, and not even those of a short value', () => {
    expect(inspectKey('gateway-token-123456').fingerprint).toBe('…3456');
    expect(inspectKey('abcdefghij').fingerprint).toBe('…(10 characters)');
  });

  it('decodes JWT claims without verifying them', () => {
    const token = makeJwt({ exp: 2_000_000_000, nbf: 1_000_000_000 });
    const k = inspectKey(token);
    expect(k.shape).toBe('jwt');
    expect(k.jwt).toEqual({ exp: 2_000_000_000, nbf: 1_000_000_000 });
    expect(decodeJwt('a.b.c')).toBeUndefined();
    expect(decodeJwt(`${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('[]').toString('base64url')}.`)).toBeUndefined();
  });

  it('says durations in the largest whole unit', () => {
    expect(humanDuration(3 * 86_400_000 + 5000)).toBe('3 days');
    expect(humanDuration(3_600_000)).toBe('1 hour');
    expect(humanDuration(59_000)).toBe('59 seconds');
    expect(humanDuration(10)).toBe('less than a second');
  });
});

describe('assignments and wrappers', () => {
  it('a `name=value` token is a token: sent whole, nothing of it shown', () => {
    const token = 'tkn_KeyId9f8e7d6c5b4a=Zx81Qm2Nv7Lp4Rt6';
    expect(inspectKey(token)).toMatchObject({ candidate: token, problems: [] });
  });
  it('a lower-case name is an assignment only when the value is a DeepSeek key, and the name is not shown', () => {
    const k = inspectKey(`deepseek_key=${KEY}`);
    expect(k.candidate).toBe(KEY);
    expect(JSON.stringify(k.problems)).not.toContain('deepseek_key');
  });
  it('brackets kept from an example around a real key are removable', () => {
    const k = inspectKey(`<${KEY}>`);
    expect(k.candidate).toBe(KEY);
    expect(describeRemovals(k)).toBe('the surrounding brackets');
    expect(inspectKey('<your-api-key>').candidate).toBeUndefined();
  });
  it('an `id:secret` gateway token is a token, not an assignment', () => {
    const token = 'gw7c3a9e1fb24d:0123456789abcdef0123';
    expect(inspectKey(token)).toMatchObject({ candidate: token, problems: [] });
  });
  it('`api_key: sk-…` from a YAML file is an assignment', () => {
    expect(inspectKey(`api_key: ${KEY}`).candidate).toBe(KEY);
  });
});

describe('edges found by walking in from each end', () => {
  // The edges used to be found with `[…]+$`, which restarts at every character of an inner run
  // (quadratic: a minute for 256 KiB). The walk must describe exactly what the expression did.
  it('a long inner run of spaces is inside the key, not at its edges', () => {
    const k = inspectKey(`${KEY.slice(0, 10)}${' '.repeat(100_000)}${KEY.slice(10)}`);
    expect(k.problems.map((p) => p.kind)).toEqual(['internal_whitespace', 'too_long']);
    expect(k.candidate).toBeUndefined();
  });

  it.each([
    [`\u200b\ufeff ${KEY}\u2060\n`, 'the leading invisible character (U+200B U+FEFF U+0020) and the trailing line breaks'],
    [`\t${KEY}\u00a0`, 'the leading whitespace and the trailing whitespace'],
    [`${KEY}\u200d`, 'the trailing invisible character (U+200D)'],
  ])('%j: both edges described as before', (raw, removal) => {
    const k = inspectKey(raw);
    expect(k.candidate).toBe(KEY);
    expect(describeRemovals(k)).toBe(removal);
  });

  it('a secret of nothing but whitespace is missing; of zero-width characters, unusable', () => {
    expect(inspectKey(' \t\n'.repeat(50_000)).present).toBe(false);
    const k = inspectKey(' \u200b'.repeat(50_000));
    expect(k).toMatchObject({ present: true });
    expect(k.candidate).toBeUndefined();
  });
});

describe('cleaning, step by step', () => {
  // Wrappings in the order a key is found in them (inside first), as they are cleaned (outside first).
  const WS = fc.constantFrom('', ' ', '  ', '\n', '\r\n', '\t', '\u200b', '\ufeff');
  const wrapped = fc.record({
    key: fc.constantFrom(KEY, 'sk-fedcba9876543210fedcba9876543210', 'gw_0123456789abcdefXYZ'),
    bearer: fc.constantFrom('', 'Bearer ', 'bearer  '),
    brackets: fc.constantFrom(null, ['<', '>'], ['[', ']']),
    quotes: fc.constantFrom(null, ['"', '"'], ["'", "'"], ['\u201c', '\u201d']),
    insideQuotes: WS,
    assignment: fc.constantFrom('', 'DEEPSEEK_API_KEY=', 'export DEEPSEEK_API_KEY=', 'API_KEY: '),
    before: WS,
    after: WS,
  });

  it('every value the key passes through is a secret form, and masked', () => {
    fc.assert(
      fc.property(wrapped, (w) => {
        const layers: string[] = [w.key];
        let v: string = w.key;
        const layer = (next: string) => {
          v = next;
          layers.push(v);
        };
        if (w.bearer) layer(`${w.bearer}${v}`);
        // Brackets around a value with a space in it are not an example's brackets: not cleaned.
        else if (w.brackets) layer(`${w.brackets[0]}${v}${w.brackets[1]}`);
        if (w.quotes) {
          if (w.insideQuotes) layer(`${w.insideQuotes}${v}${w.insideQuotes}`);
          layer(`${w.quotes[0]}${v}${w.quotes[1]}`);
        }
        if (w.assignment) layer(`${w.assignment}${v}`);
        layer(`${w.before}${v}${w.after}`);
        const inspection = inspectKey(v);
        expect(inspection.candidate).toBe(w.key);
        expect(inspection.secretForms).toEqual(expect.arrayContaining(layers));
        const masked = formsToMask(inspection);
        for (const form of layers) expect(masked).toContain(form.trim());
      }),
      { numRuns: 300 },
    );
  });

  it('names each wrapping by its own kind, and says "are" only for what is plural', () => {
    const kinds = (raw: string) => inspectKey(raw).problems.map((p) => p.kind);
    expect(kinds(`<${KEY}>`)).toEqual(['brackets']);
    expect(kinds(`"${KEY}"`)).toEqual(['quotes']);
    expect(kinds(`" Bearer ${KEY} "\n`)).toEqual(['surrounding_whitespace', 'quotes', 'surrounding_whitespace', 'bearer_prefix']);
    expect(removalsArePlural(inspectKey(`${KEY}\n`))).toBe(false);
    expect(removalsArePlural(inspectKey(`Bearer ${KEY}`))).toBe(false);
    expect(removalsArePlural(inspectKey(`"${KEY}"`))).toBe(true);
    expect(removalsArePlural(inspectKey(`  ${KEY}`))).toBe(true);
    expect(removalsArePlural(inspectKey(`Bearer ${KEY}\n`))).toBe(true);
  });
});

describe('a secret too short to be a key', () => {
  const causeOf = (value: string): string => inspectKey(value).problems.find((p) => p.kind === 'too_short')?.cause.plain ?? '';

  it('reads as a key cut short only when it starts like one', () => {
    expect(causeOf('sk-01')).toContain('it was cut off when copied');
    expect(causeOf('junk')).toContain('It is not a key: something else was pasted into the secret.');
    expect(causeOf('junk')).not.toContain('cut off');
  });
});

describe('decodeJwt: dates no Date can hold', () => {
  const part = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url');
  const token = (claims: unknown): string => `${part({ alg: 'HS256' })}.${part(claims)}.sig`;

  it.each([
    [{ nbf: 10_000_000_000_000 }, ['nbf']],
    [{ exp: -10_000_000_000_000 }, ['exp']],
    [{ exp: 1e308, nbf: -1e308 }, ['exp', 'nbf']],
  ])('%j: the claim is out of range, not a date', (claims, names) => {
    const decoded = decodeJwt(token(claims));
    expect(decoded?.outOfRange).toEqual(names);
    expect(decoded?.exp).toBeUndefined();
    expect(decoded?.nbf).toBeUndefined();
  });

  it('the largest date a Date holds is still a date', () => {
    expect(decodeJwt(token({ exp: 8.64e12 }))).toEqual({ exp: 8.64e12 });
  });
});
