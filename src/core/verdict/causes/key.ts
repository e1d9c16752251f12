// The key's causes: a 401 (the key is wrong, or the endpoint forwards to another provider) and a
// 403 (recognised but not allowed). The fix is in the secret's value, the account or the gateway.
import type { FixPlace } from '../findings.js';
import { apiKeysLink } from '../../text/links.js';
import { secretHome, secretNameOf, secretPlace } from '../plan.js';
import { code, text, trusted, type Text } from '../../text/text.js';
import { endpointName, endpointTitleName } from '../../text/endpoint-name.js';
import { RERUN, input } from '../../text/words.js';
import { wrongEndpointFix } from './endpoint.js';
import { serverSaid, type CauseAt, type Rule } from './rule.js';

/** The gateway's console, by name when known: where a gateway's own key is managed. */
const gatewayConsole = (at: CauseAt): Text => (at.endpoint.gateway ? text`${trusted(at.endpoint.gateway)}'s dashboard` : text`the gateway's dashboard (${code(at.endpoint.host)})`);

/** A 401 from the endpoint: which key, what DeepSeek echoed, where a new one comes from. */
export const authFailed: Rule<'auth_failed'> = (obs, at) => {
  const { settings, inspection, context } = at;
  if (obs.openaiStyle) {
    return {
      findings: [
        {
          status: 'wrong_endpoint',
          title: 'base-url leads to OpenAI, not DeepSeek',
          place: { kind: 'input', input: 'base-url' },
          cause: text`The endpoint answered 401 with OpenAI's message ${code(obs.message ?? '')}: ${input('base-url')} (or a gateway behind it) forwards to OpenAI, which does not know DeepSeek keys.`,
          fix: wrongEndpointFix(settings),
          httpStatus: 401,
        },
      ],
    };
  }
  const official = at.endpoint.official;
  const sentTail = (inspection.candidate ?? '').slice(-4);
  const secret = code(secretNameOf(context));
  // A gateway's own key (an OpenRouter key at OpenRouter) is judged by the gateway alone.
  const gatewayKey = !official && obs.echoedTail === undefined && inspection.otherProvider?.gatewayMayAccept === true;
  let tail = trusted('');
  if (obs.echoedTail !== undefined) {
    tail =
      obs.echoedTail === sentTail
        ? text` DeepSeek echoed the last four characters it received, ${code(obs.echoedTail)}, which match the secret: it saw this exact key and does not accept it.`
        : text` DeepSeek echoed ${code(obs.echoedTail)} as the end of the key it received, but the secret ends in ${code(sentTail)}: something between the runner and DeepSeek (a gateway or proxy) replaced the key.`;
  }
  let shapeNote = trusted('');
  if (inspection.shape === 'other' && !gatewayKey) {
    shapeNote = inspection.otherProvider
      ? text` The secret looks like ${trusted(inspection.otherProvider.description)}, not a DeepSeek key.`
      : text` The secret does not have the usual DeepSeek shape (\`sk-\` and 32 hex characters; this one has ${String((inspection.candidate ?? '').length)} characters).`;
  }
  const paste = text`paste it whole into the secret ${secret} in ${secretHome(context)} (a key is shown only once)`;
  const atGateway = [text`The key is checked by the gateway: find the key ending in ${code(sentTail)} in ${gatewayConsole(at)}; if it is not listed or disabled there, create a new one and ${paste}.`];
  const atDeepSeek = [
    text`Open ${apiKeysLink} and look for a key ending in ${code(sentTail)}. If none is listed, it was deleted: create a new key there and ${paste}.`,
    text`If one is listed but still rejected, the secret holds another key with the same last four characters, or a copy cut short: create a new key, paste it whole into the secret, then delete the old one.`,
  ];
  // A gateway either issues its own keys or passes DeepSeek's through; DeepSeek's echo of the
  // key's end says it was DeepSeek that judged it.
  const steps =
    official || obs.echoedTail !== undefined
      ? atDeepSeek
      : gatewayKey
        ? atGateway
        : [...atGateway.map((t) => text`${t} If the gateway passes DeepSeek keys through instead, the next steps apply.`), ...atDeepSeek];
  return {
    findings: [
      {
        status: 'invalid_key',
        title: `${endpointTitleName(at.endpoint)} rejected the API key`,
        place: secretPlace(context),
        cause: obs.relayed
          ? text`${code(at.request)} answered ${String(obs.status)}, and its body carries the upstream's refusal of the key: ${code(obs.message ?? '')}. ${endpointName(at.endpoint, 'sentence')} turned a 401 into a ${String(obs.status)}: the key is wrong, was deleted or disabled, or was only partly copied.${shapeNote}`
          : text`${code(at.request)} answered 401: ${official ? trusted('DeepSeek') : endpointName(at.endpoint)} does not accept this key (wrong, deleted or disabled, or only partly copied).${tail}${shapeNote}${serverSaid(obs.message)}`,
        fix: [...steps, text`${RERUN} to confirm.`],
        httpStatus: obs.status,
      },
    ],
  };
};

/** Most likely first: at DeepSeek itself a 403 is about the account; behind a gateway, about the gateway's rules. */
function forbiddenFix(at: CauseAt): Text[] {
  const account = text`Sign in at ${apiKeysLink} and read the account's notices: a suspended account or a region DeepSeek does not serve answers 403 to every key of the account, so a new key will not help.`;
  const gateway = text`The gateway decides who may use it: check in ${gatewayConsole(at)} that this key is allowed there (its allow-list, plan or model permissions).`;
  return at.endpoint.official
    ? [account, text`If the message above names a model or a feature, the key may be used for other requests: check ${input('models')} and the model your code calls.`]
    : [gateway, text`If the gateway passes DeepSeek keys through and its message names DeepSeek, the DeepSeek account is the cause. ${account}`];
}

export const forbidden: Rule<'forbidden'> = (obs, at) => {
  const place: FixPlace = at.endpoint.official ? { kind: 'account' } : { kind: 'gateway', host: at.endpoint.host };
  return {
    findings: [
      {
        status: 'forbidden',
        title: `${endpointTitleName(at.endpoint)} refused the key`,
        place,
        cause: text`${code(at.request)} answered 403 Forbidden: the key was recognised but is not allowed to make this request.${serverSaid(obs.message)}`,
        fix: forbiddenFix(at),
        httpStatus: obs.status,
      },
    ],
  };
};
