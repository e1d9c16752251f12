// The one validated parse per response shape: what a server's body becomes, for the documented
// shapes and for the ones real servers and proxies send instead. An unexpected shape is a finding,
// never a TypeError; a name from Object.prototype is only ever a name.
import type { EndpointProbe, HttpOutcome } from '../src/contract.js';
import { plainDecimal, parseDecimal } from '../src/core/input/decimal.js';
import { checkBaseUrl } from '../src/core/input/base-url.js';
import { htmlTitle, observe, parseJsonBody, type Observation } from '../src/core/evidence/observation.js';
import { arrayOf, nonEmptyString, object, oneOf, optional, string, boolean as bool } from '../src/core/evidence/schema.js';

const same = (s: string): string => s;

function observed(body: string, expect: 'models' | 'balance', status = 200): Observation {
  const final: HttpOutcome = { kind: 'response', status, body, tooLarge: false };
  return observe({ path: expect === 'models' ? '/models' : '/user/balance', outcomes: [final], final }, expect, same);
}

describe('the balance shape', () => {
  it.each([
    ['a null entry', '{"is_available":true,"balance_infos":[null]}'],
    ['a null among good entries', '{"is_available":true,"balance_infos":[{"currency":"CNY","total_balance":"1.00"},null]}'],
    ['an array entry', '{"is_available":true,"balance_infos":[["CNY","1.00"]]}'],
    ['a string entry', '{"is_available":true,"balance_infos":["CNY 1.00"]}'],
    ['a missing currency', '{"is_available":true,"balance_infos":[{"total_balance":"1.00"}]}'],
    ['a null amount', '{"is_available":true,"balance_infos":[{"currency":"CNY","total_balance":null}]}'],
    ['an object amount', '{"is_available":true,"balance_infos":[{"currency":"CNY","total_balance":{"value":"1"}}]}'],
    ['is_available as text', '{"is_available":"true","balance_infos":[]}'],
    ['balance_infos as an object', '{"is_available":true,"balance_infos":{"currency":"CNY"}}'],
    ['fields only on the prototype', '{"__proto__":{"is_available":true,"balance_infos":[]}}'],
    ['a top-level array', '[{"is_available":true,"balance_infos":[]}]'],
    ['null', 'null'],
  ])('%s is unexpected_json, not a crash', (_label, body) => {
    expect(observed(body, 'balance')).toEqual({ kind: 'not_api', status: 200, reason: 'unexpected_json' });
  });

  it('reads the documented shape, extra fields ignored', () => {
    const body = '{"is_available":true,"balance_infos":[{"currency":"CNY","total_balance":"110.00","granted_balance":"10.00","topped_up_balance":"100.00","note":"x"}],"extra":1}';
    expect(observed(body, 'balance')).toEqual({
      kind: 'balance',
      status: 200,
      available: true,
      infos: [{ currency: 'CNY', totalBalance: '110.00', grantedBalance: '10.00', toppedUpBalance: '100.00' }],
    });
  });

  it.each([
    ['1e-7', '0.0000001'],
    ['1E+3', '1000'],
    ['"1E+3"', '1000'],
    ['"1.5e2"', '150'],
    ['0.30000000000000004', '0.30000000000000004'],
    ['1e21', '1000000000000000000000'],
    // Beyond what is compared exactly: shown as sent, and reported as not comparable.
    ['1e300', '1e+300'],
    ['"1e9999"', '1e9999'],
  ])('the amount %s reads as %s', (json, text) => {
    const obs = observed(`{"is_available":true,"balance_infos":[{"currency":"CNY","total_balance":${json},"granted_balance":${json}}]}`, 'balance');
    expect(obs).toMatchObject({ kind: 'balance', infos: [{ totalBalance: text, grantedBalance: text }] });
  });

  it('a number JSON cannot hold (1e999 is Infinity) is not an amount', () => {
    expect(observed('{"is_available":true,"balance_infos":[{"currency":"CNY","total_balance":1e999}]}', 'balance')).toMatchObject({ kind: 'not_api', reason: 'unexpected_json' });
  });

  it('an optional amount of the wrong type is left out, not fatal', () => {
    const obs = observed('{"is_available":true,"balance_infos":[{"currency":"CNY","total_balance":"1","granted_balance":null,"topped_up_balance":{}}]}', 'balance');
    expect(obs).toEqual({ kind: 'balance', status: 200, available: true, infos: [{ currency: 'CNY', totalBalance: '1' }] });
  });

  it('currencies named like Object.prototype members are only names', () => {
    const obs = observed('{"is_available":true,"balance_infos":[{"currency":"__proto__","total_balance":"1"},{"currency":"constructor","total_balance":"2"}]}', 'balance');
    expect(obs).toMatchObject({
      kind: 'balance',
      infos: [
        { currency: '__proto__', totalBalance: '1' },
        { currency: 'constructor', totalBalance: '2' },
      ],
    });
  });
});

describe('the models shape', () => {
  it.each([
    ['a null entry', '{"object":"list","data":[null]}'],
    ['an entry without id', '{"object":"list","data":[{"id":"deepseek-chat"},{"object":"model"}]}'],
    ['an empty id', '{"object":"list","data":[{"id":""}]}'],
    ['an object id', '{"object":"list","data":[{"id":{"toString":"x"}}]}'],
    ['nested arrays', '{"object":"list","data":[[{"id":"deepseek-chat"}]]}'],
    ['data only on the prototype', '{"__proto__":{"data":[{"id":"x"}]}}'],
    ['data as an object', '{"data":{"id":"deepseek-chat"}}'],
  ])('%s is unexpected_json', (_label, body) => {
    expect(observed(body, 'models')).toEqual({ kind: 'not_api', status: 200, reason: 'unexpected_json' });
  });

  it('ids named like Object.prototype members are ids', () => {
    const obs = observed('{"object":"list","data":[{"id":"constructor"},{"id":"__proto__"},{"id":"toString"},{"id":"hasOwnProperty"},{"id":"valueOf"}]}', 'models');
    expect(obs).toEqual({ kind: 'models', status: 200, ids: ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'] });
  });

  it('ids are one line; an id of only line breaks names nothing', () => {
    expect(observed('{"data":[{"id":"a\\nb"},{"id":"\\u2028"},{"id":"c"}]}', 'models')).toEqual({ kind: 'models', status: 200, ids: ['a b', 'c'] });
  });

  it('blank lines and a BOM before the body are skipped', () => {
    expect(observed('\n\n\r\n\ufeff{"data":[{"id":"deepseek-chat"}]}', 'models')).toEqual({ kind: 'models', status: 200, ids: ['deepseek-chat'] });
  });
});

describe('the error body', () => {
  const message = (body: string, status = 500): Observation => observed(body, 'models', status);

  it.each([
    ['{"error":{"message":"Server Error","type":"server_error"}}', 'Server Error'],
    ['{"error":"Bad gateway"}', 'Bad gateway'],
    ['{"detail":"Not Found"}', 'Not Found'],
    ['{"message":"busy"}', 'busy'],
    ['{"error":null,"detail":"from detail"}', 'from detail'],
    ['{"error":7,"message":"from message"}', 'from message'],
  ])('%s says %s', (body, said) => {
    expect(message(body)).toMatchObject({ kind: 'server_error', message: said });
  });

  it.each([
    '{"error":{"message":{"toString":"x"}}}',
    '{"error":{"message":null},"detail":"not used: the error object was there"}',
    '{"detail":[{"loc":["body"],"msg":"x"}]}',
    '{"constructor":"x","toString":"y"}',
    '[null]',
    '"text"',
  ])('%s gives no message and no crash', (body) => {
    const obs = message(body);
    expect(obs.kind).toBe('server_error');
    expect(obs).not.toHaveProperty('message');
  });

  it('the error type of a 401 is kept only when it is text', () => {
    expect(message('{"error":{"message":"Authentication Fails","type":{"a":1}}}', 401)).toEqual({ kind: 'auth_failed', status: 401, openaiStyle: false, message: 'Authentication Fails' });
    expect(message('{"error":{"message":"Authentication Fails","type":"authentication_error"}}', 401)).toMatchObject({ errorType: 'authentication_error' });
  });
});

describe('HTML pages', () => {
  it.each([
    ['<!DOCTYPE html><html><head><title>Sign in</title></head></html>', 'Sign in'],
    ['<html><TITLE lang="en"> Captive portal </TITLE>', 'Captive portal'],
    ['<title\n>Line</title>', 'Line'],
    ['<title<title>Second</title>', 'Second'],
    ['<titles>no</titles><title>yes</title>', 'yes'],
    ['<title>a<b>c</b></title><title>later</title>', 'later'],
    ['<p>\u0130\u0130\u0130 K\u212a</p><title>After dotted capitals</title>', 'After dotted capitals'],
    ['<title>\u0130stanbul</title>', '\u0130stanbul'],
  ])('%s is titled %s', (html, title) => {
    expect(htmlTitle(html)).toBe(title);
    expect(parseJsonBody(html)).toEqual({ ok: false, reason: 'html', title });
  });

  it.each([
    ['no title', '<html><body>x</body></html>'],
    ['an empty title', '<title></title>'],
    ['a blank title', '<title>   </title>'],
    ['an unclosed title', '<title>Sign in'],
    ['a title past the bound', `<title>${'x'.repeat(201)}</title>`],
    ['a tag that only starts like title', '<titlebar>x</titlebar>'],
    ['no closing >', '<title'],
  ])('%s: an HTML page without a title', (_label, html) => {
    expect(htmlTitle(html)).toBeUndefined();
    expect(parseJsonBody(html)).toEqual({ ok: false, reason: 'html' });
  });

  it('a title of exactly 200 characters is kept', () => {
    expect(htmlTitle(`<title>${'x'.repeat(200)}</title>`)).toBe('x'.repeat(200));
  });
});

describe('amounts in exponent form', () => {
  it.each([
    ['1e-7', '0.0000001'],
    ['1E+3', '1000'],
    ['1.5e3', '1500'],
    ['1.50e1', '15'],
    ['100e-2', '1'],
    ['-2.5e-1', '-0.25'],
    ['00012e-1', '1.2'],
    ['0e0', '0'],
  ])('%s is %s, and compares as a decimal', (value, plain) => {
    expect(plainDecimal(value)).toBe(plain);
    expect(parseDecimal(plainDecimal(value))).toBeDefined();
  });

  it.each(['1e+300', '1e-20', '1e9999', '1e', 'e5', '1e1.5', '12.34', 'abc', ''])('%s is left as it is', (value) => {
    expect(plainDecimal(value)).toBe(value);
  });
});

describe('lookups keyed by outside text', () => {
  it.each(['constructor', '__proto__', 'tostring', 'valueof', 'hasownproperty'])('a base-url host named %s is a host, not another provider', (host) => {
    expect(checkBaseUrl(`https://${host}/v1`)).toMatchObject({ ok: true, endpoint: { host } });
  });
});

describe('the schema helper', () => {
  const shape = object({ name: nonEmptyString, tags: arrayOf(string), on: optional(bool), kind: oneOf(string, arrayOf(string)) });

  it('reads own fields into a fresh object and leaves absent optional ones out', () => {
    const input = JSON.parse('{"name":"a","tags":["x"],"kind":"k","extra":1}') as unknown;
    const parsed = shape(input);
    expect(parsed).toEqual({ ok: true, value: { name: 'a', tags: ['x'], kind: 'k' } });
    if (parsed.ok) expect(parsed.value).not.toBe(input);
  });

  it('never finds a field on the prototype', () => {
    const inherited = Object.create({ name: 'a', tags: [], kind: 'k' }) as unknown;
    expect(shape(inherited)).toEqual({ ok: false });
    expect(object({ toString: string, constructor: string })({})).toEqual({ ok: false });
  });

  it('rejects the whole array for one bad item', () => {
    expect(arrayOf(string)(['a', null, 'b'])).toEqual({ ok: false });
  });
});

const balanceProbe = (body: unknown): EndpointProbe => {
  const final = { kind: 'response', status: 200, body: JSON.stringify(body), tooLarge: false } as const;
  return { path: '/user/balance', outcomes: [final], final };
};
const noRedaction = (s: string): string => s;

describe('a balance answer whose balance_infos holds something other than objects', () => {
  // Each item is checked to be an object before a field of it is read: `[null]` once threw a
  // TypeError that ended the step with an unexpected error.
  it.each([[[null]], [[1]], [['CNY']], [[{ currency: 'CNY', total_balance: '1.00' }, null]]])('%j is an unexpected answer, not a crash', (infos) => {
    expect(observe(balanceProbe({ is_available: true, balance_infos: infos }), 'balance', noRedaction)).toEqual({ kind: 'not_api', status: 200, reason: 'unexpected_json' });
  });

  it('a well-formed answer is still read', () => {
    expect(observe(balanceProbe({ is_available: true, balance_infos: [{ currency: 'CNY', total_balance: '110.00' }] }), 'balance', noRedaction)).toMatchObject({
      kind: 'balance',
      available: true,
      infos: [{ currency: 'CNY', totalBalance: '110.00' }],
    });
  });
});
