// The endpoint's causes: `GET /models` answered, but not like the API (a redirect, a 404, an HTML
// page, another 4xx). Only the first request says what the endpoint is; the others are not asked
// to. At DeepSeek's own host the value of base-url is not the cause, and is never offered back.
import type { Finding, FixPlace } from '../../findings.js';
import { code, text, type Text } from '../../text.js';
import { RERUN, input } from '../../words.js';
import { notApiCause, redirectFinding, wrongEndpointFix } from '../../diagnosis/endpoint.js';
import { serverSaid } from './key.js';
import { NOTHING, type CauseAt, type Rule } from './rule.js';

/**
 * DeepSeek's own host answered like something else: an intercepting proxy or an egress filter on
 * the runner's path does that (or DeepSeek changed its API). Writing base-url again changes nothing.
 */
function atOfficialHost(at: CauseAt): { place: FixPlace; fix: Text[] } {
  const proxy = at.context.network?.proxy;
  const variable = proxy ? proxy.variable : 'the network path';
  return {
    place: { kind: 'runner', variable },
    fix: [
      text`${input('base-url')} already names DeepSeek's API host ${code(at.endpoint.host)}, so the answer came from something on the way: ${proxy ? text`the proxy in \`${proxy.variable}\`` : text`an intercepting proxy or an egress filter of this runner's network`}. Ask whoever runs it to let ${code(at.endpoint.host)} through unchanged.`,
      text`If nothing is in the way, DeepSeek may have changed its API: ${RERUN} later and check the DeepSeek API docs.`,
    ],
  };
}

function notTheApi(at: CauseAt, title: string, cause: Text, status: number): Finding {
  const { place, fix } = at.endpoint.official ? atOfficialHost(at) : { place: { kind: 'input', input: 'base-url' } as const, fix: wrongEndpointFix(at.settings) };
  return { status: 'wrong_endpoint', title: at.endpoint.official ? title.replace(/^base-url/, 'api.deepseek.com') : title, place, cause, fix, httpStatus: status };
}

export const redirect: Rule<'redirect'> = (obs, at) => (at.primary ? { findings: [redirectFinding(at.settings, at.path, obs.status, obs.location)] } : NOTHING);

export const notFound: Rule<'not_found'> = (obs, at) =>
  at.primary
    ? {
        findings: [
          notTheApi(
            at,
            'base-url has no DeepSeek API',
            text`${code(`GET ${at.path}`)} answered 404 Not Found: ${at.endpoint.official ? text`no API at that path` : text`${input('base-url')} points at a server without the API at that path`}.${serverSaid(obs.message)}`,
            obs.status,
          ),
        ],
      }
    : NOTHING;

export const notApi: Rule<'not_api'> = (obs, at) => (at.primary ? { findings: [notTheApi(at, 'base-url does not answer like the DeepSeek API', notApiCause(obs, at.path), obs.status)] } : NOTHING);

export const clientError: Rule<'client_error'> = (obs, at) =>
  at.primary
    ? {
        findings: [
          notTheApi(
            at,
            'base-url does not answer like the DeepSeek API',
            text`${code(`GET ${at.path}`)} answered ${String(obs.status)}, which the API does not answer to this request.${serverSaid(obs.message)}`,
            obs.status,
          ),
        ],
      }
    : NOTHING;
