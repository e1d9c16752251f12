// The remote service's causes: 429 and 5xx after the retries. Nothing to change here; the words
// name the endpoint as what it is (DeepSeek only at DeepSeek's host, with its status page).
import { statusLink } from '../../text/links.js';
import { code, text, trusted, type Text } from '../../text/text.js';
import { endpointName, endpointTitleName } from '../../text/endpoint-name.js';
import { RERUN } from '../../text/words.js';
import { serverSaid, attemptsText, type CauseAt, type Rule } from './rule.js';

/** The status page only for DeepSeek's own host; elsewhere whoever runs the endpoint knows. */
export const statusStep = (at: CauseAt): Text => (at.endpoint.official ? text`Check ${statusLink}.` : text`If it persists, ask whoever runs ${endpointName(at.endpoint)} (its status page or logs).`);

export const rateLimited: Rule<'rate_limited'> = (obs, at) => {
  const official = at.endpoint.official;
  const waited = obs.gaveUp === 'retry_after_beyond_deadline' ? ` and asked to wait ${String(obs.retryAfterSeconds ?? '?')} s, beyond the deadline` : '';
  return {
    findings: [
      {
        status: 'rate_limited',
        title: official ? 'DeepSeek is rate-limiting this account' : `${endpointTitleName(at.endpoint)} is rate-limiting this key`,
        place: { kind: 'remote', host: at.endpoint.host },
        cause: official
          ? text`${code(at.request)} answered 429 Rate Limit Reached ${trusted(attemptsText(obs.attempts))}${trusted(waited)}. DeepSeek limits concurrency per account, across all its keys.`
          : text`${code(at.request)} answered 429 ${trusted(attemptsText(obs.attempts))}${trusted(waited)}: ${endpointName(at.endpoint)} limits this key, or passes on the limit of the provider behind it.${serverSaid(obs.message)}`,
        fix: [text`${RERUN} later; other jobs and programs using the same ${trusted(official ? 'account' : 'key')} share the limit.`, statusStep(at)],
        httpStatus: obs.status,
      },
    ],
  };
};

export const serverError: Rule<'server_error'> = (obs, at) => ({
  findings: [
    {
      status: 'server_error',
      title: `${endpointTitleName(at.endpoint)} answered ${obs.status}`,
      place: { kind: 'remote', host: at.endpoint.host },
      cause: at.endpoint.official
        ? text`${code(at.request)} answered ${String(obs.status)} ${trusted(obs.status === 503 ? 'Server Overloaded' : 'Server Error')} ${trusted(attemptsText(obs.attempts))}.${serverSaid(obs.message)}`
        : text`${code(at.request)} answered ${String(obs.status)} ${trusted(attemptsText(obs.attempts))}: ${endpointName(at.endpoint)} failed, and whether the provider behind it was reached is not known.${serverSaid(obs.message)}`,
      fix: [text`${RERUN} after a short wait.`, statusStep(at)],
      httpStatus: obs.status,
    },
  ],
});
