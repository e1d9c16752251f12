// The redactor as a whole, each property as a class of inputs: it is total (no text makes it throw),
// it reads past everything a later step can turn into a space or drop, it folds compatibility forms,
// and pieces of the key in a list are one run.
import fc from 'fast-check';
import { inertText } from '../src/render/inert-text.js';
import { makeRedactor } from '../src/core/secret/redact.js';
import { INVISIBLE_CLASS, isInvisible, oneLine } from '../src/core/text/text.js';
import { findLeaks } from './helpers/leaks.js';

const KEY = 'sk-0123456789abcdef0123456789abcdef';
const redact = makeRedactor([KEY]);

/** 8 consecutive key characters, read as a person would: invisibles, spaces and commas dropped, NFKC. */
function readable(text: string): boolean {
  const read = text
    .normalize('NFKC')
    .replace(new RegExp(`[${INVISIBLE_CLASS},;]`, 'gu'), '')
    .toLowerCase();
  for (let i = 0; i + 8 <= KEY.length; i++) if (read.includes(KEY.slice(i, i + 8))) return true;
  return false;
}

const hex2 = fc.integer({ min: 0, max: 255 }).map((b) => `%${b.toString(16).padStart(2, '0').toUpperCase()}`);
const escapeUnit = fc.oneof(
  hex2,
  fc.array(hex2, { minLength: 2, maxLength: 4 }).map((a) => a.join('')),
  fc.integer({ min: 0, max: 0xffff }).map((n) => `\\u${n.toString(16).padStart(4, '0')}`),
  fc.integer({ min: 0, max: 0xff }).map((n) => `\\x${n.toString(16).padStart(2, '0')}`),
  fc.integer({ min: 0, max: 0x1fffff }).map((n) => `&#x${n.toString(16)};`),
  fc.integer({ min: 0, max: 9_999_999 }).map((n) => `&#${n};`),
  fc.constantFrom('&amp;', '&nbsp;', '&constructor;', '%', '\\', '&', '&#', '%F7', '\ud800', '\udfff'),
  fc.string({ unit: 'binary', maxLength: 3 }),
);

describe('the redactor is total', () => {
  it.each([
    ['a lead byte above F4', 'bad key %F7%BF%BF%BF'],
    ['above U+10FFFF with an F4 lead', 'x%F4%90%80%80'],
    ['an encoded surrogate', 'x%ED%A0%80'],
    ['an overlong form', 'x%C0%AF%E0%80%AF'],
    ['an HTML reference above U+10FFFF', '&#x110000; &#1114112;'],
    ['lone surrogates', '\ud800\\ud800\udfff'],
  ])('%s is read as written, not decoded and not a throw', (_name, text) => {
    expect(redact(text)).toBe(text);
    expect(redact(`${text} ${KEY}`)).toBe(`${text} ***`);
  });

  it('well-formed percent-encoded UTF-8 is still decoded: a zero-width space between key pieces', () => {
    expect(redact(`k ${[...KEY].join('%E2%80%8B')}.`)).toBe('k ***.');
  });

  it('never throws, for any text of escapes, references and code units, with or without the key', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(escapeUnit, fc.constant(KEY.slice(0, 12)), fc.string({ unit: 'grapheme', maxLength: 4 })), { maxLength: 40 }), (units) => {
        const text = units.join('');
        expect(typeof redact(text)).toBe('string');
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => expect(typeof redact(text)).toBe('string')),
      { numRuns: 1000 },
    );
  });
});

describe('what a later step turns into a space or drops is read past', () => {
  it('every character oneLine or inertText changes is one the redactor skips (all of Unicode)', () => {
    const missed: string[] = [];
    for (let cp = 0; cp <= 0x10ffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const ch = String.fromCodePoint(cp);
      const changed = oneLine(`a${ch}b`) !== `a${ch}b` || inertText(`a${ch}b`) !== `a${ch}b`;
      if (changed && !isInvisible(cp)) missed.push(cp.toString(16));
    }
    expect(missed).toEqual([]);
  });

  const separators = [
    '\u0001',
    '\u0007',
    '\u001b',
    '\u007f',
    '\u0085',
    '\u0090',
    '\u009f',
    '\u0600',
    '\u06dd',
    '\u070f',
    '\u08e2',
    '\u{110bd}',
    '\ufff9',
    '\u{13430}',
    '\u{1bca0}',
    '\u{1d173}',
    '\u{1d17a}',
    '\u2028',
    '\u3000',
    '\u115f',
  ];
  it.each(separators.map((c) => [`U+${c.codePointAt(0)!.toString(16).toUpperCase()}`, c]))('%s after every 7th key character: redacted, before and after flattening', (_name, sep) => {
    const message = `Your key ${KEY.replace(/(.{7})/g, `$1${sep}`)} is invalid`;
    for (const shown of [redact(message), oneLine(redact(message)), inertText(redact(message)), redact(oneLine(message))]) expect(readable(shown)).toBe(false);
    expect(readable(oneLine(message))).toBe(true);
  });

  const fullwidth = (s: string): string => [...s].map((c) => String.fromCodePoint(c.charCodeAt(0) + 0xfee0)).join('');
  const bold = (s: string): string =>
    [...s].map((c) => (/[a-z]/.test(c) ? String.fromCodePoint(0x1d41a + c.charCodeAt(0) - 97) : /\d/.test(c) ? String.fromCodePoint(0x1d7ce + c.charCodeAt(0) - 48) : c)).join('');
  it.each([
    ['fullwidth', fullwidth(KEY)],
    ['mathematical bold', bold(KEY)],
    ['fullwidth, every other character', [...KEY].map((c, i) => (i % 2 ? fullwidth(c) : c)).join('')],
    ['comma-separated (fullwidth comma)', `${KEY.slice(0, 7)}\uff0c${KEY.slice(7)}`],
  ])('a %s copy of the key is redacted', (_name, copy) => {
    expect(readable(copy)).toBe(true);
    expect(redact(`said ${copy} here`)).toBe('said *** here');
  });
});

describe('pieces of the key in a list are one run', () => {
  it('model ids of 7 key characters joined with "," or ", " are redacted', () => {
    const ids = KEY.match(/.{1,7}/g) ?? [];
    expect(readable(redact(ids.join(',')))).toBe(false);
    expect(readable(redact(ids.join(', ')))).toBe(false);
    expect(readable(redact(ids.join('; ')))).toBe(false);
  });

  it('model ids of 7 key characters each in quotes or backticks, spaced or not, are redacted', () => {
    // Checked with the independent scanner: this file's `readable` does not read past quotes.
    const ids = KEY.match(/.{1,7}/g) ?? [];
    for (const [open, close] of [
      ['"', '"'],
      ["'", "'"],
      ['`', '`'],
      ['\u201c', '\u201d'],
      ['\u2018', '\u2019'],
    ]) {
      const quoted = ids.map((id) => `${open}${id}${close}`);
      expect(findLeaks(redact(quoted.join(', ')), [KEY])).toEqual([]);
      expect(findLeaks(redact(quoted.join(',')), [KEY])).toEqual([]);
      expect(findLeaks(redact(JSON.stringify(ids)), [KEY])).toEqual([]);
    }
  });

  it('a short list without the key is left alone', () => {
    expect(redact('deepseek-chat, deepseek-reasoner; 110.00 CNY, 5.00 USD')).toBe('deepseek-chat, deepseek-reasoner; 110.00 CNY, 5.00 USD');
    expect(redact('"deepseek-chat", `deepseek-reasoner`')).toBe('"deepseek-chat", `deepseek-reasoner`');
  });
});
