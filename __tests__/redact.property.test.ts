// What a server can do to a key it echoes, and what a reader could still get out of the redacted
// text. The detector below is written independently of src/: it decodes the output every way a
// person with a shell could (strip invisible characters, unescape JSON, URL and HTML, decode hex and
// base64 at every alignment) and searches each reading, ignoring case, for 8 characters of the key.
import fc from 'fast-check';
import { makeRedactor } from '../src/core/secret/redact.js';

const SLICE = 8;
const RUNS = { numRuns: 300 } as const;

/** Zero-width, bidi, soft hyphen, word joiner, BOM, Mongolian vowel separator, tag space. */
const INVISIBLES = ['\u200b', '\u200c', '\u200d', '\u200e', '\u200f', '\u00ad', '\u2060', '\u2062', '\ufeff', '\u180e', '\u202a', '\u202c', '\u2066', '\u2069', '\u034f', '\u{e0020}'];

function keyWindows(key: string): string[] {
  const lower = key.toLowerCase();
  const out: string[] = [];
  for (let i = 0; i + SLICE <= lower.length; i++) out.push(lower.slice(i, i + SLICE));
  return out;
}

const latin1 = (bytes: Buffer): string => bytes.toString('latin1');

/** Every way of reading `text` that could show the key. */
function readings(text: string): string[] {
  // Code point by code point: some invisibles are astral, and a class of them would be misread.
  const stripped = Array.from(text)
    .filter((c) => !INVISIBLES.includes(c) && !/\s/u.test(c))
    .join('');
  const unescaped = stripped
    .replace(/\\u([0-9a-fA-F]{4})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)))
    .replace(/&#x([0-9a-fA-F]+);/g, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/\\([\p{P}\p{S}])/gu, '$1');
  const percent = (s: string): string => s.replace(/%([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  const out = [text, stripped, unescaped, percent(text), percent(unescaped)];
  for (const source of [text, stripped]) {
    for (const run of source.match(/[A-Za-z0-9+/_-]{4,}/g) ?? []) {
      for (let shift = 0; shift < 4; shift++) out.push(latin1(Buffer.from(run.slice(shift), 'base64')));
    }
    for (const run of source.match(/[0-9a-fA-F]{4,}/g) ?? []) {
      for (let shift = 0; shift < 2; shift++) out.push(latin1(Buffer.from(run.slice(shift), 'hex')));
    }
  }
  return out;
}

/** The first run of 8 key characters a reader could get from `text`, if any. */
function readableSlice(text: string, key: string): string | undefined {
  const windows = keyWindows(key);
  for (const reading of readings(text)) {
    const lower = reading.toLowerCase();
    const hit = windows.find((w) => lower.includes(w));
    if (hit) return hit;
  }
  return undefined;
}

/** Keys as they come: DeepSeek's shape, and gateway tokens (ASCII, as HTTP headers require). */
const keyArb = fc.oneof(fc.stringMatching(/^sk-[0-9a-f]{32}$/), fc.stringMatching(/^[A-Za-z0-9_.~+/-]{8,64}$/));
/** Text around the echoed key; any Unicode, so that base64 and hex see it at every byte offset. */
const around = fc.string({
  maxLength: 24,
  unit: fc.oneof(fc.constant('a'), fc.constant(':'), fc.constant(' '), fc.constant('é'), fc.constant('💥'), fc.string({ minLength: 1, maxLength: 1, unit: 'grapheme' })),
});

type Transform = (key: string, before: string, after: string, pick: number[]) => string;
const choose = <T>(options: readonly T[], n: number): T => options[n % options.length] as T;

/** What a server can do to the key it echoes; `pick` drives the random choices of each. */
const TRANSFORMS: Record<string, Transform> = {
  plain: (k, b, a) => `${b}${k}${a}`,
  'case changed': (k, b, a, pick) =>
    `${b}${[...k].map((c, i) => ((pick[i % pick.length] ?? 0) % 3 === 0 ? c.toUpperCase() : (pick[i % pick.length] ?? 0) % 3 === 1 ? c.toLowerCase() : c)).join('')}${a}`,
  'upper case': (k, b, a) => `${b}${k.toUpperCase()}${a}`,
  'invisible characters inserted': (k, b, a, pick) => `${b}${[...k].map((c, i) => c + ((pick[i % pick.length] ?? 0) % 2 ? choose(INVISIBLES, pick[(i + 1) % pick.length] ?? 0) : '')).join('')}${a}`,
  'an invisible character between every two': (k, b, a, pick) => `${b}${[...k].join(choose(INVISIBLES, pick[0] ?? 0))}${a}`,
  'JSON \\u escapes': (k, b, a, pick) =>
    JSON.stringify(`${b}${k}${a}`).replace(/[A-Za-z0-9-]/g, (c, i: number) => ((pick[i % pick.length] ?? 0) % 2 ? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}` : c)),
  'JSON \\u escapes, upper-case hex': (k, b, a) => `${b}${[...k].map((c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`).join('')}${a}`,
  'percent escapes': (k, b, a, pick) =>
    `${encodeURIComponent(b)}${[...k].map((c, i) => ((pick[i % pick.length] ?? 0) % 2 ? `%${c.charCodeAt(0).toString(16).padStart(2, '0')}` : encodeURIComponent(c))).join('')}${encodeURIComponent(a)}`,
  'percent escapes, upper-case hex': (k, b, a) => `${b}${[...k].map((c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`).join('')}${a}`,
  'HTML character references': (k, b, a, pick) => `${b}${[...k].map((c, i) => ((pick[i % pick.length] ?? 0) % 2 ? `&#${c.charCodeAt(0)};` : `&#x${c.charCodeAt(0).toString(16)};`)).join('')}${a}`,
  base64: (k, b, a) => Buffer.from(`${b}${k}${a}`).toString('base64'),
  base64url: (k, b, a) => Buffer.from(`${b}${k}${a}`).toString('base64url'),
  'base64 of user:key': (k, b) => Buffer.from(`${b}:${k}`).toString('base64'),
  'hex, lower case': (k, b, a) => Buffer.from(`${b}${k}${a}`).toString('hex'),
  'hex, upper case': (k, b, a) => Buffer.from(`${b}${k}${a}`).toString('hex').toUpperCase(),
};

describe('the redactor against a server that disguises the echoed key', () => {
  it('the detector finds the key in every disguise (so a pass below means something)', () => {
    fc.assert(
      fc.property(keyArb, around, around, fc.array(fc.nat(1000), { minLength: 1, maxLength: 8 }), (key, before, after, pick) => {
        for (const [name, transform] of Object.entries(TRANSFORMS)) {
          expect([name, readableSlice(transform(key, before, after, pick), key)]).toEqual([name, expect.any(String)]);
        }
      }),
      { numRuns: 50 },
    );
  });

  it.each(Object.keys(TRANSFORMS))('%s: no 8 characters of the key can be read from the redacted text', (name) => {
    const transform = TRANSFORMS[name] as Transform;
    fc.assert(
      fc.property(keyArb, around, around, fc.array(fc.nat(1000), { minLength: 1, maxLength: 8 }), (key, before, after, pick) => {
        const echoed = transform(key, before, after, pick);
        const redacted = makeRedactor([key])(`Authentication Fails, Your api key: ${echoed} is invalid`);
        expect(readableSlice(redacted, key)).toBeUndefined();
      }),
      RUNS,
    );
  });

  it('two disguises at once: each key character escaped or not, invisible characters between, case changed', () => {
    const escapes = [
      (c: string) => c,
      (c: string) => c.toUpperCase(),
      (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
      (c: string) => `%${c.charCodeAt(0).toString(16)}`,
      (c: string) => `&#${c.charCodeAt(0)};`,
      (c: string) => `${c}\u200b`,
    ];
    fc.assert(
      fc.property(keyArb, fc.array(fc.nat(escapes.length - 1), { minLength: 64, maxLength: 64 }), (key, pick) => {
        const echoed = [...key].map((c, i) => (escapes[pick[i] ?? 0] ?? escapes[0]!)(c)).join('');
        expect(readableSlice(makeRedactor([key])(`key=${echoed};`), key)).toBeUndefined();
      }),
      RUNS,
    );
  });

  it('leaves text without the key as it is', () => {
    const key = 'sk-0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a';
    const redact = makeRedactor([key]);
    for (const text of [
      'Authentication Fails, Your api key: ****6f5a is invalid',
      'deepseek-chat, deepseek-reasoner',
      '{"detail":"Not Found"}',
      'sk-0d9e8f7 is only 10 characters... of another',
      'c2stMGQ',
    ]) {
      // 'sk-0d9e8f7' is 10 characters of the key: it goes. The others stay.
      if (text.includes('sk-0d9e8f7')) expect(redact(text)).toBe('*** is only 10 characters... of another');
      else expect(redact(text)).toBe(text);
    }
  });

  it('keeps what surrounds a disguised key, and cuts the escapes with it', () => {
    const key = 'sk-0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a';
    const escaped = [...key].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');
    expect(makeRedactor([key])(`{"message":"key ${escaped} rejected"}`)).toBe('{"message":"key *** rejected"}');
    expect(makeRedactor([key])(`key ${[...key].join('\u200b')}.`)).toBe('key ***.');
    expect(makeRedactor([key])(`key ${[...key].join('&nbsp;')}.`)).toBe('key ***.');
    expect(makeRedactor([key])(`key ${[...key].join('&ZeroWidthSpace;')}.`)).toBe('key ***.');
    expect(makeRedactor([key])('&constructor; &toString; &hasOwnProperty;')).toBe('&constructor; &toString; &hasOwnProperty;');
  });

  it('handles a body at the 256 KiB cap without choking on escapes or invisible characters', () => {
    const key = 'sk-0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a';
    const redact = makeRedactor([key]);
    for (const filler of ['x', '\u200b', '%4', '\\u00', '&#', 'sk-0d9e8f7']) {
      const body = filler.repeat(Math.ceil(262_144 / filler.length)).slice(0, 262_144) + key;
      const out = redact(body);
      expect(out.endsWith('***')).toBe(true);
      expect(readableSlice(out.slice(-64), key)).toBeUndefined();
    }
  });
});
