// The models' causes: a required model the endpoint does not offer to this key, and a model
// DeepSeek has deprecated (worded by today's date: a date that has passed is in the past tense).
import type { Advisory, Finding } from '../findings.js';
import { LINKS } from '../../text/links.js';
import type { Settings } from '../../input/inputs.js';
import { code, join, link, text, trusted, type Text } from '../../text/text.js';
import { input } from '../../text/words.js';
import { DEPRECATED_MODELS } from './account.js';
import { nearestId } from '../../text/edit-distance.js';
import type { Rule } from './rule.js';
import { isOpenAiHost, modelListOrigin } from '../../evidence/gateway.js';
import type { EndpointIdentity } from '../../text/endpoint-name.js';

export const models: Rule<'models'> = (obs, at) => ({ models: obs.ids.map((id) => at.redact(id)) });

/** "stops being offered on D" before D, "stopped being offered on D" from D on (dates are UTC days). */
function deprecationDate(model: string, today: string): { passed: boolean; words: Text } {
  const date = DEPRECATED_MODELS.get(model) ?? '';
  const passed = date !== '' && date <= today;
  return { passed, words: text`${trusted(passed ? 'stopped being offered on' : 'stops being offered on')} ${trusted(date)}` };
}

/** `offered` is the endpoint's list (redacted); `listed` the raw ids it is compared against. */
export function modelFindings(
  settings: Settings,
  listed: readonly string[],
  offered: readonly string[],
  official: boolean,
  status: number,
  today: string,
): { findings: Finding[]; advisories: Advisory[] } {
  const findings: Finding[] = [];
  const advisories: Advisory[] = [];
  const missing = settings.models.filter((m) => !listed.includes(m));
  if (missing.length > 0) {
    const deprecated = missing.filter((m) => DEPRECATED_MODELS.has(m));
    const current = offered.filter((id) => !DEPRECATED_MODELS.has(id));
    const near = missing.map((m) => ({ m, id: nearestId(m, offered) })).filter((n): n is { m: string; id: string } => n.id !== undefined);
    // DeepSeek lists the same models to every key: an id it does not list is not a model id there.
    // A gateway may list only what this key may use.
    const why = official
      ? text` DeepSeek lists the same models to every key, so an id it does not list is misspelt or withdrawn.`
      : text` A gateway may offer only some models to a key: one the gateway has may still be refused to this key.`;
    const gone = deprecated.length ? text` DeepSeek has deprecated ${join(deprecated.map((m) => code(m)))}: it ${deprecationDate(deprecated[0] ?? '', today).words}.` : trusted('');
    findings.push({
      status: 'model_unavailable',
      title: missing.length === 1 ? `Model ${settings.echo(missing[0] ?? '').slice(0, 60)} is not available` : `${missing.length} required models are not available`,
      place: { kind: 'input', input: 'models' },
      cause: text`Not offered to this key: ${join(missing.map((m) => code(settings.echo(m))))}. Offered: ${current.length ? join(current.slice(0, 20).map((m) => code(m))) : trusted('none but deprecated ids')}.${why}${gone}`,
      fix: [
        ...near.map(({ m, id }) => text`${code(settings.echo(m))} is close to the offered ${code(id)}: if that is the one meant, write it exactly, in ${input('models')} and in your code.`),
        text`${trusted(near.length ? 'Otherwise change' : 'Change')} ${input('models')} (and the model your code calls) to one of the offered ids.`,
        text`Model ids change over time: see ${link('DeepSeek models & pricing', LINKS.models)}.`,
      ],
      httpStatus: status,
    });
  }
  const current = offered.filter((id) => !DEPRECATED_MODELS.has(id));
  for (const m of settings.models.filter((id) => DEPRECATED_MODELS.has(id) && listed.includes(id))) {
    const { passed, words } = deprecationDate(m, today);
    advisories.push({
      kind: 'model_deprecated',
      title: `Model ${m} is deprecated`,
      place: { kind: 'input', input: 'models' },
      cause: passed
        ? text`DeepSeek announced that ${code(m)} is deprecated; it ${words}, yet this endpoint still lists it for this key today. Code that calls it may break at any time.`
        : text`DeepSeek has announced that ${code(m)} is deprecated and ${words}. It still works for this key today; code that calls it breaks on that date.`,
      fix: [
        current.length
          ? text`Move to a current model id${trusted(passed ? '' : ' before then')} (this key can use ${join(current.slice(0, 10).map((id) => code(id)))}; see ${link('DeepSeek models & pricing', LINKS.models)}), in ${input('models')} and in the code that calls the API.`
          : text`Watch ${link('DeepSeek models & pricing', LINKS.models)} for the replacement ids; \`GET /models\` lists no other model yet.`,
      ],
    });
  }
  return { findings, advisories };
}

/**
 * Off DeepSeek's host, a list without a single DeepSeek id is a gateway's list of other providers'
 * models (some serve a fixed, public one): it says nothing about whether DeepSeek's are routed, so
 * the Models row warns instead of blocking. OpenAI's own list at OpenAI's host is OpenAI's.
 */
export function foreignModelList(settings: Settings, listed: readonly string[], offered: readonly string[], endpoint: EndpointIdentity, path: string): { note: Text; advisory: Advisory } | undefined {
  const origin = modelListOrigin(listed);
  if (endpoint.official || origin === 'has_deepseek' || (origin === 'openai_only' && isOpenAiHost(endpoint.host))) return undefined;
  const whose = origin === 'openai_only' ? "only OpenAI's own model ids" : "only other providers' model ids, none of DeepSeek's";
  const required = settings.models.filter((m) => !listed.includes(m)).map((m) => code(settings.echo(m)));
  const host = code(endpoint.host);
  const shown = join(offered.slice(0, 5).map((m) => code(m)));
  return {
    note: text`${host} lists ${trusted(whose)} (${String(listed.length)})${required.length ? text`; ${join(required)} not known` : trusted('')}`,
    advisory: {
      kind: 'models_list_foreign',
      place: { kind: 'gateway', host: endpoint.host },
      title: origin === 'openai_only' ? "The endpoint lists only OpenAI's models" : "The endpoint lists only other providers' models",
      cause: text`${code(`GET ${path}`)} at ${host} lists ${trusted(whose)} (${shown}${trusted(offered.length > 5 ? ', …' : '')}). ${
        required.length
          ? text`Whether it routes ${join(required)} is not known without a chat request, which this check never sends.`
          : text`The list says nothing about which DeepSeek models this endpoint routes.`
      }`,
      fix: required.length ? [text`Check the gateway's own model list or configuration for ${join(required)}.`] : [],
    },
  };
}
