// The diagnosis: settings, key facts and what the endpoints said in; findings, the verdict, the
// checks table and output values out. Pure and synchronous, so the action, the CLI and the tests
// all get the same answer from the same facts.
import { PROOF_REQUEST_LABELS, proveKey, type AuthProof, type ProofAttempt } from './auth-proof.js';
import { compareDecimal, parseDecimal } from './decimal.js';
import type { Advisory, Check, CheckName, Diagnosis, Finding, NetworkFacts, RunContext } from './findings.js';
import type { Settings } from './inputs.js';
import { describeRemovals, type KeyInspection } from './key-inspection.js';
import { LINKS, apiKeysLink, statusLink, topUpLink } from './links.js';
import { observe, type BalanceInfo, type Observation } from './observation.js';
import type { ProbePlan } from './plan.js';
import type { Redactor } from './redact.js';
import { BALANCE_STATUSES, KEY_ANSWERED_STATUSES, KEY_FORMAT_STATUSES, KEY_REFUSED_STATUSES, REQUEST_REFUSED_STATUSES, blocks, isOutage, priorityOf, type Status } from './status.js';
import { code, join, link, text, trusted, type Text } from './text.js';
import type { ProbeResult } from '../probe/probe.js';

/**
 * Model ids DeepSeek has announced as deprecated, with the date it gave. A Map: ids come from the
 * server and the inputs, and `constructor` must not find Object.prototype's.
 */
export const DEPRECATED_MODELS: ReadonlyMap<string, string> = new Map([
  ['deepseek-chat', '2026-07-24'],
  ['deepseek-reasoner', '2026-07-24'],
]);

export interface DiagnosisInput {
  readonly settings: Settings;
  readonly inspection: KeyInspection;
  readonly context: RunContext;
  /**
   * The plan the probe ran under (planProbe), decided once with the clock read before any request:
   * re-planning afterwards would call a token that expired mid-probe "not sent" while it was.
   */
  readonly plan: ProbePlan;
  /** Absent when the plan decided not to send the key. */
  readonly probe?: ProbeResult;
  readonly redact: Redactor;
}

interface ProbeFacts {
  findings: Finding[];
  advisories: Advisory[];
  checks: Partial<Record<CheckName, Check>>;
  models: string[];
  balance: string;
  /** Proven: an answer only a valid key gets (core/auth-proof.ts). */
  accepted: boolean;
  proof?: AuthProof;
  /** Why the balance is unknown although the key was accepted. */
  balanceUnknown?: string;
}

const attemptsText = (n: number): string => (n === 1 ? 'once' : `on all ${n} attempts`);

const serverSaid = (message: string | undefined): Text => (message ? text` The endpoint said: ${code(message)}.` : trusted(''));

const TLS_UNTRUSTED = /^(DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT(_LOCALLY)?|CERT_UNTRUSTED|CERT_SIGNATURE_FAILURE)$/;

function describeTls(obs: Extract<Observation, { kind: 'network' }>, network: NetworkFacts, host: string): { title: string; cause: Text; fix: Text[] } {
  const never = text`Never turn certificate checks off (\`NODE_TLS_REJECT_UNAUTHORIZED=0\`): the key would go to whoever answers.`;
  if (obs.code === 'ERR_TLS_CERT_ALTNAME_INVALID' || obs.code === 'HOSTNAME_MISMATCH') {
    return {
      title: 'TLS certificate is for another host',
      cause: text`The certificate ${code(host)} presented is valid but issued for other host names (${trusted(obs.code)}): \`base-url\` names a host the certificate does not cover, or something else answers for that name (a DNS or hosts-file entry, a TLS-inspecting proxy).`,
      fix: [text`Write \`base-url\` with the host name the certificate is issued for (for DeepSeek, ${code('https://api.deepseek.com')}).`, text`On a self-hosted runner, check what ${code(host)} resolves to.`],
    };
  }
  if (obs.code === 'CERT_HAS_EXPIRED' || obs.code === 'CERT_NOT_YET_VALID') {
    const expired = obs.code === 'CERT_HAS_EXPIRED';
    return {
      title: expired ? 'TLS certificate expired' : 'TLS certificate not yet valid',
      cause: text`The certificate ${code(host)} presented ${trusted(expired ? 'has expired' : 'is not valid yet')} (${trusted(obs.code)}), by this runner's clock.`,
      fix: [text`Check the runner's clock (a self-hosted runner with a wrong date sees valid certificates this way).`, text`If the clock is right, whoever runs ${code(host)} must renew its certificate.`, never],
    };
  }
  if (obs.code === 'ERR_SSL_WRONG_VERSION_NUMBER' || obs.code === 'ERR_SSL_PACKET_LENGTH_TOO_LONG' || obs.code === 'ERR_SSL_HTTP_REQUEST') {
    return {
      title: 'Plain HTTP on an HTTPS address',
      cause: text`${code(host)} did not answer in TLS (${trusted(obs.code)}): \`base-url\` says \`https://\`, but the server at that port speaks plain HTTP (or another protocol).`,
      fix: [text`Check the port in \`base-url\`: use the server's HTTPS port.`, text`A gateway you run on this machine may be reached with \`http://127.0.0.1:PORT\` (plain http is allowed to loopback only).`],
    };
  }
  if (TLS_UNTRUSTED.test(obs.code)) {
    const extra = network.extraCaCerts;
    return {
      title: 'TLS certificate not trusted',
      cause: extra === 'present'
        ? text`The TLS handshake with ${code(host)} failed (${trusted(obs.code)}): the certificate is not trusted by this runner, although \`NODE_EXTRA_CA_CERTS\` is set. That file does not hold the CA that issued this certificate, or the server does not send its intermediate certificate.`
        : extra === 'missing'
          ? text`The TLS handshake with ${code(host)} failed (${trusted(obs.code)}): the certificate is not trusted by this runner. \`NODE_EXTRA_CA_CERTS\` is set, but its file does not exist on this runner, so Node ignored it.`
          : text`The TLS handshake with ${code(host)} failed (${trusted(obs.code)}): the certificate is not trusted by this runner. A TLS-inspecting corporate proxy or a gateway with a private CA does this.`,
      fix: [
        extra === 'present'
          ? text`Put the issuing CA (the root, and any intermediate the server does not send) in the PEM file \`NODE_EXTRA_CA_CERTS\` points at (${link('Node docs', LINKS.extraCaCerts)}).`
          : extra === 'missing'
            ? text`Point \`NODE_EXTRA_CA_CERTS\` at a PEM file that exists on the runner, holding the CA certificate (${link('Node docs', LINKS.extraCaCerts)}).`
            : text`Give Node the CA certificate: set \`NODE_EXTRA_CA_CERTS\` to the path of a PEM file in the job's \`env:\` (${link('Node docs', LINKS.extraCaCerts)}).`,
        never,
      ],
    };
  }
  return {
    title: 'TLS handshake failed',
    cause: text`The TLS handshake with ${code(host)} failed (${trusted(obs.code)}).`,
    fix: [text`Check that \`base-url\` is the HTTPS address of the API.`, never],
  };
}

function describeNetwork(obs: Extract<Observation, { kind: 'network' }>, settings: Settings, host: string, network: NetworkFacts): { title: string; cause: Text; fix: Text[] } {
  const tries = trusted(obs.attempts > 1 ? ` after ${obs.attempts} attempts` : '');
  const proxy = network.proxy;
  if (proxy && 'problem' in proxy) {
    return {
      title: 'The proxy setting is not usable',
      cause: text`\`${trusted(proxy.variable)}\` is set, but it is not a proxy URL this action can use: ${trusted(proxy.problem)}. No request was made; the key was not judged.`,
      fix: [text`Write it as ${code('http://host:port')} (or ${code('http://user:password@host:port')}, with the password from a secret), or unset it.`, text`Or add ${code(host)} to \`NO_PROXY\` if the runner can reach it directly.`],
    };
  }
  const via = proxy ? text`The proxy ${code(proxy.hostPort)} (from \`${trusted(proxy.variable)}\`)` : trusted('');
  // Through a proxy, a refused, unresolved or reset connection is the proxy's: the API host is
  // only reached from the proxy, which reports its own failures as a refused tunnel.
  if (proxy && (obs.failure === 'refused' || obs.failure === 'dns' || obs.failure === 'reset')) {
    const what = obs.failure === 'refused' ? 'refused the connection' : obs.code === 'DNS_TIMEOUT' ? 'could not be resolved in time: the DNS server did not answer' : obs.failure === 'dns' ? 'could not be resolved' : 'closed the connection';
    return {
      title: 'The proxy could not be reached',
      cause: text`${via} ${trusted(what)} (${trusted(obs.code)})${tries}; the request never reached ${code(host)}. The key was not judged.`,
      fix: [text`Check that the proxy is running and that \`${trusted(proxy.variable)}\` on this runner points at it.`, text`Or add ${code(host)} to \`NO_PROXY\` if the runner can reach it directly.`],
    };
  }
  const unreachable = 'DeepSeek API unreachable';
  const through = proxy ? text` (through the proxy ${code(proxy.hostPort)}, from \`${trusted(proxy.variable)}\`)` : trusted('');
  switch (obs.failure) {
    case 'dns':
      return obs.code === 'DNS_TIMEOUT'
        ? { title: unreachable, cause: text`The runner's DNS did not answer for ${code(host)} within \`timeout-seconds\` (${String(settings.timeoutMs / 1000)} s); the lookup was abandoned.`, fix: [text`On a self-hosted runner, check its DNS servers (\`/etc/resolv.conf\`) and firewall.`, text`If the runner must use a proxy, set \`HTTPS_PROXY\`.`] }
        : { title: unreachable, cause: text`The host name ${code(host)} could not be resolved (DNS ${trusted(obs.code)})${tries}.`, fix: [text`Check \`base-url\` for a typo.`, text`On a self-hosted runner, check its DNS and whether it needs a proxy (\`HTTPS_PROXY\`).`] };
    case 'refused':
      return { title: unreachable, cause: text`The connection to ${code(host)} was refused${tries}: nothing is listening there.`, fix: [text`Check the host and port in \`base-url\`.`, text`If it is a gateway you run, check that it is up.`] };
    case 'tls':
      return describeTls(obs, network, host);
    case 'proxy':
      return obs.proxyStatus === 407
        ? { title: 'The proxy refused the connection', cause: text`${via} refused the connection with 407 Proxy Authentication Required: the proxy wants credentials. The key was never sent to DeepSeek.`, fix: [text`Put the proxy's credentials in the proxy URL (\`HTTPS_PROXY=http://user:pass@proxy:port\`), from a secret.`, text`Or add the API host to \`NO_PROXY\` if the runner can reach it directly.`] }
        : { title: 'The proxy refused the connection', cause: text`${via} refused to open a tunnel to ${code(host)} (it answered ${String(obs.proxyStatus ?? 'an error')}).`, fix: [text`Check the proxy's allow-list and the \`HTTPS_PROXY\` / \`NO_PROXY\` variables.`] };
    case 'timeout':
      return { title: unreachable, cause: text`No complete answer from ${code(host)}${through} within \`timeout-seconds\` (${String(settings.timeoutMs / 1000)} s)${tries}. Under heavy load DeepSeek holds requests open.`, fix: [text`Re-run the job; raise \`timeout-seconds\` if this endpoint is often slow.`, text`Check ${statusLink}.`] };
    case 'reset':
      return { title: unreachable, cause: text`The connection to ${code(host)} was closed before a complete answer (${trusted(obs.code)})${tries}.`, fix: [text`Re-run the job; check ${statusLink}.`, text`On a self-hosted runner, check firewalls and proxies that cut connections.`] };
    default:
      return { title: unreachable, cause: text`The request to ${code(host)}${through} failed (${trusted(obs.code)})${tries}.`, fix: [text`Re-run the job; check ${statusLink}.`] };
  }
}

function notApiCause(obs: Extract<Observation, { kind: 'not_api' }>, path: string): Text {
  switch (obs.reason) {
    case 'html':
      return obs.title ? text`${code(`GET ${path}`)} answered with an HTML page titled ${code(obs.title)}, not the API: a web site, a login page or a captive portal is at that address.` : text`${code(`GET ${path}`)} answered with an HTML page, not the API: a web site or a login page is at that address.`;
    case 'too_large':
      return text`${code(`GET ${path}`)} answered with more than 256 KiB; the API answers a few KiB, so this is not the API.`;
    case 'empty':
      return text`${code(`GET ${path}`)} answered ${String(obs.status)} with an empty body.`;
    case 'encoded':
      return text`${code(`GET ${path}`)} answered with a body compressed as ${code(obs.encoding ?? '')} (Content-Encoding), although the request asked for none, and it could not be decoded.`;
    case 'not_json':
      return text`${code(`GET ${path}`)} answered ${String(obs.status)} with something that is not JSON.`;
    default:
      return text`${code(`GET ${path}`)} answered JSON that is not the shape of the DeepSeek API.`;
  }
}

function wrongEndpointFix(settings: Settings): Text[] {
  return [
    text`Set \`base-url\` to ${code('https://api.deepseek.com')} (or remove it); ${code('https://api.deepseek.com/v1')} works too.`,
    text`For a gateway, use the base its docs give for OpenAI-compatible clients (the part before \`/chat/completions\`); it is currently ${code(settings.echo(settings.baseUrlInput))}.`,
  ];
}

function balanceText(infos: readonly BalanceInfo[]): string {
  return infos.map((i) => `${i.totalBalance} ${i.currency}`).join(', ');
}

function lowBalance(infos: readonly BalanceInfo[], settings: Settings): Finding | Advisory | undefined {
  const min = settings.minBalance;
  if (!min) return undefined;
  const candidates = min.currency ? infos.filter((i) => i.currency.toUpperCase() === min.currency) : infos;
  const threshold = settings.echo(`${min.amount.text}${min.currency ? ` ${min.currency}` : ''}`);
  if (candidates.length === 0) {
    return {
      status: 'low_balance',
      title: `No ${min.currency ?? ''} balance to compare with min-balance`,
      cause: text`\`min-balance\` is ${threshold}, but the account has no ${min.currency ?? ''} balance: it has ${balanceText(infos) || 'none'}.`,
      fix: [text`Top up in ${min.currency ?? 'the account currency'} at ${topUpLink}, or write \`min-balance\` in the currency the account uses.`],
      httpStatus: 200,
    } satisfies Finding;
  }
  const parsed = candidates.map((info) => ({ info, total: parseDecimal(info.totalBalance) }));
  if (parsed.some((p) => p.total === undefined)) {
    return { kind: 'balance_not_compared', title: 'Balance could not be compared', cause: text`The balance came back as ${code(balanceText(candidates))}, which is not a plain decimal amount, so \`min-balance\` was not compared.`, fix: [] };
  }
  if (parsed.some((p) => p.total && compareDecimal(p.total, min.amount) >= 0)) return undefined;
  return {
    status: 'low_balance',
    title: 'Balance below min-balance',
    cause: text`The account has ${balanceText(candidates)}, below ${code(`min-balance: ${threshold}`)}${trusted(min.currency ? '' : ' (compared with every currency the account has)')}.`,
    fix: [text`Top up at ${topUpLink} before the balance runs out and calls start failing with 402.`, text`Or lower \`min-balance\` if the threshold is too cautious.`],
    httpStatus: 200,
  } satisfies Finding;
}

function isFinding(value: Finding | Advisory): value is Finding {
  return 'status' in value;
}

function fromProbe(input: DiagnosisInput, probe: ProbeResult, host: string): ProbeFacts {
  const { settings, inspection, redact } = input;
  const facts: ProbeFacts = { findings: [], advisories: [], checks: {}, models: [], balance: '', accepted: false };
  const modelsObs = observe(probe.models, 'models', redact);
  const balanceObs = observe(probe.balance, 'balance', redact);
  const official = settings.endpoint.ok && settings.endpoint.endpoint.official;
  const proof = proveKey(probe, official);
  // The proof's own requests count only for what they say about the key or the service; that they
  // lack a model list or a balance is expected.
  const proofVerdicts = [probe.keyInfo, probe.chat].flatMap((pair) => {
    if (!pair) return [];
    const obs = observe(pair.keyed, 'models', redact);
    const request = pair === probe.chat ? `POST ${pair.keyed.path}` : `GET ${pair.keyed.path}`;
    return ['auth_failed', 'payment_required', 'forbidden', 'rate_limited', 'server_error', 'network'].includes(obs.kind) ? [{ obs, path: pair.keyed.path, request, primary: false }] : [];
  });
  const both = [
    { obs: modelsObs, path: probe.models.path, request: `GET ${probe.models.path}`, primary: true },
    { obs: balanceObs, path: probe.balance.path, request: `GET ${probe.balance.path}`, primary: false },
    ...proofVerdicts,
  ];
  // Both probes often say the same thing (two 401s): say it once.
  const add = (finding: Finding): void => {
    if (!facts.findings.some((f) => f.status === finding.status)) facts.findings.push(finding);
  };

  for (const { obs, path, request, primary } of both) {
    switch (obs.kind) {
      case 'auth_failed': {
        if (obs.openaiStyle) {
          add({ status: 'wrong_endpoint', title: 'base-url leads to OpenAI, not DeepSeek', cause: text`The endpoint answered 401 with OpenAI's message ${code(obs.message ?? '')}: \`base-url\` (or a gateway behind it) forwards to OpenAI, which does not know DeepSeek keys.`, fix: wrongEndpointFix(settings), httpStatus: 401 });
          break;
        }
        const sentTail = (inspection.candidate ?? '').slice(-4);
        let tail = trusted('');
        if (obs.echoedTail !== undefined) {
          tail = obs.echoedTail === sentTail
            ? text` DeepSeek echoed the last four characters it received, ${code(obs.echoedTail)}, which match the secret: it saw this exact key and does not accept it.`
            : text` DeepSeek echoed ${code(obs.echoedTail)} as the end of the key it received, but the secret ends in ${code(sentTail)}: something between the runner and DeepSeek (a gateway or proxy) replaced the key.`;
        }
        let shapeNote = trusted('');
        if (inspection.shape === 'other') {
          shapeNote = inspection.otherProvider
            ? text` The secret looks like ${trusted(inspection.otherProvider.description)}, not a DeepSeek key.`
            : text` The secret does not have the usual DeepSeek shape (\`sk-\` and 32 hex characters; this one has ${String((inspection.candidate ?? '').length)} characters).`;
        }
        add({
          status: 'invalid_key',
          title: settings.endpoint.ok && !settings.endpoint.endpoint.official ? 'The endpoint rejected the API key' : 'DeepSeek rejected the API key',
          cause: text`${code(request)} answered 401 Authentication Fails: the key is wrong, was deleted or disabled, or was only partly copied.${tail}${shapeNote}${serverSaid(obs.message)}`,
          fix: [
            text`Open ${apiKeysLink} and check that a key ending in ${code(sentTail)} is listed; if not, it was deleted.`,
            text`Create a new key there and paste it whole into the secret (it is shown only once).`,
            text`Re-run this job to confirm.`,
          ],
          httpStatus: obs.status,
        });
        break;
      }
      case 'payment_required':
        add({ status: 'insufficient_balance', title: 'The DeepSeek account has no balance', cause: text`${code(request)} answered 402 Insufficient Balance: the key is valid but the account cannot pay for API calls.${serverSaid(obs.message)}`, fix: [text`Top up at ${topUpLink}.`, text`Check spending at ${link('DeepSeek platform → Usage', LINKS.usage)}; set \`min-balance\` to be warned before it runs out.`], httpStatus: obs.status });
        break;
      case 'forbidden':
        add({ status: 'forbidden', title: 'DeepSeek refused the key (403)', cause: text`${code(request)} answered 403 Forbidden: the key is known but not allowed here — missing permissions, a region restriction, or an account restriction.${serverSaid(obs.message)}`, fix: [text`Check the account's status and notices at ${apiKeysLink}.`, text`If a gateway sits in front, check that this key is allowed to use it.`], httpStatus: obs.status });
        break;
      case 'redirect':
        if (primary) add({ status: 'wrong_endpoint', title: 'base-url redirects elsewhere', cause: obs.location ? text`${code(`GET ${path}`)} answered ${String(obs.status)}, a redirect to ${code(obs.location)}. Redirects are never followed with the key.` : text`${code(`GET ${path}`)} answered ${String(obs.status)}, a redirect without a target. Redirects are never followed with the key.`, fix: [text`Write the final address in \`base-url\` yourself, if you trust it (usually the \`https://\` form of the same host).`, ...wrongEndpointFix(settings)], httpStatus: obs.status });
        break;
      case 'not_found':
        if (primary) add({ status: 'wrong_endpoint', title: 'base-url has no DeepSeek API', cause: text`${code(`GET ${path}`)} answered 404 Not Found: \`base-url\` points at a server without the API at that path.${serverSaid(obs.message)}`, fix: wrongEndpointFix(settings), httpStatus: obs.status });
        break;
      case 'not_api':
      case 'client_error':
        if (primary) add({ status: 'wrong_endpoint', title: 'base-url does not answer like the DeepSeek API', cause: obs.kind === 'not_api' ? notApiCause(obs, path) : text`${code(`GET ${path}`)} answered ${String(obs.status)}, which the API does not answer to this request.${serverSaid(obs.message)}`, fix: wrongEndpointFix(settings), httpStatus: obs.status });
        break;
      case 'rate_limited':
        add({ status: 'rate_limited', title: 'DeepSeek is rate-limiting (429)', cause: text`${code(request)} answered 429 Rate Limit Reached ${trusted(attemptsText(obs.attempts))}${trusted(obs.gaveUp === 'retry_after_beyond_deadline' ? ` and asked to wait ${String(obs.retryAfterSeconds ?? '?')} s, beyond the deadline` : '')}. DeepSeek limits concurrency per account, across all its keys.`, fix: [text`Re-run later; other jobs using the same account share the limit.`, text`Check ${statusLink}.`], httpStatus: obs.status });
        break;
      case 'server_error':
        add({ status: 'server_error', title: `DeepSeek answered ${obs.status}`, cause: text`${code(request)} answered ${String(obs.status)} ${trusted(obs.status === 503 ? 'Server Overloaded' : 'Server Error')} ${trusted(attemptsText(obs.attempts))}.${serverSaid(obs.message)}`, fix: [text`Re-run the job after a short wait.`, text`Check ${statusLink}.`], httpStatus: obs.status });
        break;
      case 'network': {
        const { title, cause, fix } = describeNetwork(obs, settings, host, input.context.network ?? {});
        add({ status: 'unreachable', title, cause, fix });
        break;
      }
      case 'models':
        facts.models = obs.ids.map((id) => redact(id));
        break;
      case 'balance':
        facts.balance = balanceText(obs.infos);
        if (!obs.available) {
          add({ status: 'insufficient_balance', title: 'The DeepSeek account has no usable balance', cause: text`The key is valid, but ${code(`GET ${path}`)} reports \`is_available: false\`: the account cannot pay for API calls. Balance: ${facts.balance || 'none reported'}.`, fix: [text`Top up at ${topUpLink}.`, text`Set \`min-balance\` to be warned before it runs out.`], httpStatus: obs.status });
        } else {
          const low = lowBalance(obs.infos, settings);
          if (low && isFinding(low)) add(low);
          else if (low) facts.advisories.push(low);
        }
        break;
      case 'cancelled':
        // Stopped because the other probe already had the verdict (a 401): nothing to add.
        break;
    }
  }

  // The balance endpoint is DeepSeek's own: a gateway may not have it. That is not an error, but
  // with `min-balance` set the user must know the threshold was not checked.
  const minNote = settings.minBalance ? text`, so \`min-balance\` was not checked` : text``;
  if (modelsObs.kind === 'models' && (balanceObs.kind === 'not_found' || balanceObs.kind === 'client_error' || balanceObs.kind === 'redirect')) {
    facts.balanceUnknown = 'not offered by this endpoint';
    facts.advisories.push({
      kind: 'balance_not_offered',
      title: 'Balance not available at this endpoint',
      cause: text`${code(`GET ${probe.balance.path}`)} is not offered by this endpoint (a gateway or a compatible server)${minNote}.`,
      fix: [],
    });
  } else if (modelsObs.kind === 'models' && balanceObs.kind === 'not_api') {
    facts.balanceUnknown = 'answered in an unexpected shape';
    facts.advisories.push({
      kind: 'balance_unexpected_shape',
      title: 'Balance answered in an unexpected shape',
      cause: text`${code(`GET ${probe.balance.path}`)} answered, but not with \`is_available\` and \`balance_infos\` as DeepSeek documents them${minNote}.`,
      fix: settings.minBalance ? [text`Re-run later; if it persists, the API changed: check the balance at ${topUpLink} by hand.`] : [],
    });
  }

  facts.proof = proof;
  facts.accepted = proof.kind === 'proven';
  // Safe by construction: without proof the result is never ok. An answer about the key or an
  // outage already explains the missing proof; anything else is an endpoint that cannot prove keys.
  const explained = facts.findings.some((f) => KEY_ANSWERED_STATUSES.has(f.status) || isOutage(f.status));
  if (proof.kind === 'unproven' && !explained) add(unprovenFinding(proof));

  if (modelsObs.kind === 'models') {
    const missing = settings.models.filter((m) => !modelsObs.ids.includes(m));
    if (missing.length > 0) {
      const deprecated = missing.filter((m) => DEPRECATED_MODELS.has(m));
      add({
        status: 'model_unavailable',
        title: missing.length === 1 ? `Model ${settings.echo(missing[0] ?? '').slice(0, 60)} is not available` : `${missing.length} required models are not available`,
        cause: text`Not offered to this key: ${join(missing.map((m) => code(settings.echo(m))))}. Available: ${facts.models.length ? join(facts.models.slice(0, 20).map((m) => code(m))) : trusted('none')}.${deprecated.length ? text` DeepSeek announced ${join(deprecated.map((m) => code(m)))} as deprecated (${trusted(DEPRECATED_MODELS.get(deprecated[0] ?? '') ?? '')}).` : trusted('')}`,
        fix: [text`Change \`models\` (and the model your code calls) to one of the available ids.`, text`Model ids change over time: see ${link('DeepSeek models & pricing', LINKS.models)}.`],
        httpStatus: modelsObs.status,
      });
    }
    const current = facts.models.filter((id) => !DEPRECATED_MODELS.has(id));
    for (const m of settings.models.filter((id) => DEPRECATED_MODELS.has(id) && modelsObs.ids.includes(id))) {
      facts.advisories.push({
        kind: 'model_deprecated',
        title: `Model ${m} is deprecated`,
        cause: text`DeepSeek has announced that ${code(m)} is deprecated as of ${trusted(DEPRECATED_MODELS.get(m) ?? '')}. It is still offered to this key, but code that calls it will break when it is withdrawn.`,
        fix: [current.length
          ? text`Move to a current model id (this key can use ${join(current.slice(0, 10).map((id) => code(id)))}), in \`models\` and in the code that calls the API.`
          : text`Watch ${link('DeepSeek models & pricing', LINKS.models)} for the replacement ids; \`GET /models\` lists no other model yet.`],
      });
    }
  }
  return facts;
}

/** The verdict title when no request could prove the key. */
export const UNPROVEN_TITLE = 'This endpoint does not let us verify keys without spending tokens';

const answerText = (status: number | undefined): string => (status === undefined ? 'no answer' : String(status));

function attemptText(attempt: ProofAttempt): Text {
  const request = code(PROOF_REQUEST_LABELS[attempt.request]);
  const what = attempt.request === 'chat' ? text`${request} with a body that can never run` : request;
  if (attempt.anonymous === undefined) return text`${what} answered ${answerText(attempt.keyed)}`;
  if (attempt.keyed === attempt.anonymous) {
    const why = attempt.keyedLooksAccepted ? (attempt.request === 'chat' ? ' (this endpoint checks the body before the key)' : ', so its answer says nothing about the key') : '';
    return text`${what} answered ${answerText(attempt.keyed)} with and without a key${trusted(why)}`;
  }
  return text`${what} answered ${answerText(attempt.keyed)} with the key and ${answerText(attempt.anonymous)} without one`;
}

/** The order the requests were asked in, which reads as the story of what was tried. */
function inAskingOrder(attempts: readonly ProofAttempt[]): ProofAttempt[] {
  const order = ['models', 'balance', 'keyInfo', 'chat'];
  return [...attempts].sort((a, b) => order.indexOf(a.request) - order.indexOf(b.request));
}

function unprovenFinding(proof: Extract<AuthProof, { kind: 'unproven' }>): Finding {
  return {
    status: 'wrong_endpoint',
    kind: 'key_unproven',
    title: UNPROVEN_TITLE,
    cause: text`No request that costs no tokens proved the key, so it is not reported as working: ${join(inAskingOrder(proof.attempts).map(attemptText), '; ')}. Only a request that runs a model could tell, and this check never sends one.`,
    fix: [
      text`To check a DeepSeek key, check it at DeepSeek itself: set \`base-url\` to ${code('https://api.deepseek.com')} (or remove it).`,
      text`A gateway's own keys can be checked only where the gateway refuses \`GET /models\` without a key, or offers a key endpoint such as OpenRouter's \`GET /key\`; this one does neither.`,
    ],
  };
}

function proofText(proof: Extract<AuthProof, { kind: 'proven' }>): Text {
  const request = code(PROOF_REQUEST_LABELS[proof.by]);
  const answer =
    proof.by === 'balance' ? text`${request} answered ${String(proof.keyed)} with a balance`
    : proof.by === 'models' ? text`${request} answered ${String(proof.keyed)} with the model list`
    : proof.by === 'keyInfo' ? text`${request} answered ${String(proof.keyed)} with the key's details`
    : text`${request} with a body that can never run answered ${String(proof.keyed)}, past authentication`;
  return proof.anonymous === undefined ? answer : text`${answer}; without a key it answers ${String(proof.anonymous)}`;
}

function headlineFor(status: Diagnosis['status'], verdict: Finding | undefined, fingerprint: string, blocking: boolean, advisories: readonly Advisory[]): Text {
  if (status === 'ok') return fingerprint ? text`The DeepSeek API key ${fingerprint} works.` : text`The DeepSeek API key works.`;
  if (status === 'skipped') return text`${trusted(advisories.find((a) => a.kind === 'check_skipped')?.title ?? 'Key check skipped')}.`;
  const title = verdict?.title ?? status;
  // A title can carry a model id from the inputs: escaped like any other value.
  return text`${title}${trusted(blocking ? ' — the deploy is blocked.' : ' — not blocking.')}`;
}

export function diagnose(input: DiagnosisInput): Diagnosis {
  const { settings, inspection, context, plan, probe } = input;
  const findings: Finding[] = [...plan.findings];
  const advisories: Advisory[] = [...plan.advisories];
  const host = settings.endpoint.ok ? settings.echo(settings.endpoint.endpoint.host) : '';
  const facts = probe ? fromProbe(input, probe, host) : undefined;
  if (facts) {
    findings.push(...facts.findings);
    advisories.push(...facts.advisories);
  }
  if (facts && context.network?.tlsOverrideIgnored) {
    advisories.push({
      kind: 'tls_override_ignored',
      title: 'NODE_TLS_REJECT_UNAUTHORIZED=0 was ignored',
      cause: text`This job sets \`NODE_TLS_REJECT_UNAUTHORIZED=0\`, which turns certificate checks off for Node. This check verified the certificate anyway: the request carries the API key, which must not go to a server that is not proven to be ${code(host)}.`,
      fix: [text`Remove \`NODE_TLS_REJECT_UNAUTHORIZED\` from the job: every other Node step still accepts any certificate with it. For a private CA, set \`NODE_EXTRA_CA_CERTS\` instead (${link('Node docs', LINKS.extraCaCerts)}).`],
    });
  }

  // A cleaned key was probed: tell the user whether cleaning the secret is all it takes.
  const malformed = findings.find((f) => f.status === 'malformed_key');
  if (malformed && facts && inspection.cleaned) {
    const keyProblems = facts.findings.filter((f) => REQUEST_REFUSED_STATUSES.has(f.status));
    const addition = facts.accepted && keyProblems.length === 0
      ? text` The secret works once ${trusted(describeRemovals(inspection))} ${trusted(/ and |s$/.test(describeRemovals(inspection)) ? 'are' : 'is')} removed: DeepSeek accepted the cleaned key.`
      : keyProblems.some((f) => f.status === 'invalid_key')
        ? text` Even with ${trusted(describeRemovals(inspection))} removed, DeepSeek rejects the key (see below).`
        : trusted('');
    findings[findings.indexOf(malformed)] = { ...malformed, cause: join([malformed.cause, addition], '') };
  }

  findings.sort((a, b) => priorityOf(a.status) - priorityOf(b.status));
  const verdict = findings[0];
  const status = verdict?.status ?? (plan.skipped ? 'skipped' : 'ok');
  const blocking = blocks(status, settings.failOnOutage);
  const keyJudged = status !== 'skipped' && (!isOutage(status) || facts?.accepted === true) && verdict?.kind !== 'key_unproven';
  const blockingWord = trusted(settings.failOnOutage ? 'With `fail-on-outage: true` this blocks the deploy.' : 'With `fail-on-outage: false` (the default) this does not block the deploy.');
  if (verdict && isOutage(status)) {
    advisories.unshift(
      keyJudged
        ? { kind: 'outage_key_works', title: 'The key works; part of the check could not be done', cause: text`The key authenticated, but ${trusted(verdict.title)}, so the rest of the check (balance or models) was not done. ${blockingWord}`, fix: [] }
        : { kind: 'outage_key_not_judged', title: 'The secret itself was not judged', cause: text`The endpoint could not give an answer about the key, so this run says nothing about whether the secret works. ${blockingWord}`, fix: [] },
    );
  }

  const checks = buildChecks(input, findings, facts, plan.skipped);
  // The status of the response behind the verdict: none for what was decided before any request.
  const httpStatus = verdict ? verdict.httpStatus : status === 'ok' ? 200 : undefined;
  return {
    status,
    ok: status === 'ok',
    blocking,
    findings,
    advisories,
    checks,
    headline: headlineFor(status, verdict, inspection.fingerprint, blocking, advisories),
    keyJudged,
    ...(httpStatus !== undefined ? { httpStatus } : {}),
    keyFingerprint: inspection.fingerprint,
    balance: facts?.balance ?? '',
    models: facts?.models ?? [],
  };
}

function buildChecks(input: DiagnosisInput, findings: readonly Finding[], facts: ProbeFacts | undefined, skipped: boolean): Record<CheckName, Check> {
  const { inspection, settings } = input;
  const has = (statuses: ReadonlySet<Status>): Finding | undefined => findings.find((f) => statuses.has(f.status));
  const hasStatus = (status: Status): Finding | undefined => findings.find((f) => f.status === status);
  const notChecked = (why: string): Check => ({ result: 'skip', detail: text`not checked: ${trusted(why)}` });
  const outage = findings.find((f) => isOutage(f.status));
  const rejected = has(REQUEST_REFUSED_STATUSES);
  const pending = skipped ? 'no key' : !facts ? 'the key was not sent' : rejected ? 'the request was refused' : outage ? 'no answer from the endpoint' : 'no answer';

  const secret: Check = inspection.present ? { result: 'pass', detail: text`present` } : { result: skipped ? 'skip' : 'fail', detail: text`empty` };
  const malformed = has(KEY_FORMAT_STATUSES);
  const format: Check = !inspection.present
    ? notChecked('no key')
    : malformed
      ? { result: 'fail', detail: trusted(malformed.title) }
      : inspection.shape === 'deepseek'
        ? { result: 'pass', detail: text`DeepSeek key shape, ${code(inspection.fingerprint)}` }
        : inspection.shape === 'jwt'
          ? { result: 'pass', detail: text`JWT (gateway token), ${code(inspection.fingerprint)}` }
          : { result: 'warn', detail: text`not the usual DeepSeek shape (\`sk-\` + 32 hex); sent as is, ${code(inspection.fingerprint)}` };
  const endpointFinding = hasStatus('wrong_endpoint');
  const endpoint: Check = endpointFinding
    ? { result: 'fail', detail: trusted(endpointFinding.title) }
    : settings.endpoint.ok
      ? { result: facts?.accepted ? 'pass' : outage ? 'warn' : facts ? 'pass' : 'skip', detail: code(settings.echo(settings.endpoint.endpoint.base)) }
      : notChecked('invalid base-url');
  const auth = has(KEY_REFUSED_STATUSES);
  const proof = facts?.proof;
  const authentication: Check = auth
    ? { result: 'fail', detail: text`${trusted(auth.title)} (${String(auth.httpStatus ?? '')})` }
    : facts?.accepted && proof?.kind === 'proven'
      ? { result: 'pass', detail: text`accepted${trusted(inspection.cleaned ? ' (once cleaned)' : '')}: ${proofText(proof)}` }
      : findings.some((f) => f.kind === 'key_unproven')
        ? { result: 'fail', detail: text`not proven: ${trusted(UNPROVEN_TITLE.replace(/^This endpoint/, 'this endpoint'))}` }
      : outage
        ? { result: 'warn', detail: text`not judged: ${trusted(outage.title)}` }
        : notChecked(pending);
  const balanceFinding = has(BALANCE_STATUSES);
  const balance: Check = balanceFinding
    ? { result: 'fail', detail: facts?.balance ? text`${trusted(balanceFinding.title)}: ${facts.balance}` : trusted(balanceFinding.title) }
    : facts?.balance
      ? { result: 'pass', detail: text`${facts.balance}${settings.minBalance ? text` (min-balance ${settings.echo(`${settings.minBalance.amount.text}${settings.minBalance.currency ? ` ${settings.minBalance.currency}` : ''}`)})` : trusted('')}` }
      : facts?.balanceUnknown
        ? { result: settings.minBalance ? 'warn' : 'skip', detail: text`${trusted(facts.balanceUnknown)}` }
        : facts?.accepted && outage
          ? { result: 'warn', detail: text`not checked: ${trusted(outage.title)}` }
          : notChecked(pending);
  const modelFinding = hasStatus('model_unavailable');
  const models: Check = modelFinding
    ? { result: 'fail', detail: text`${modelFinding.title}` }
    : facts && facts.models.length > 0
      ? { result: 'pass', detail: settings.models.length ? text`required ${join(settings.models.map((m) => code(settings.echo(m))))} available` : text`${String(facts.models.length)} available: ${join(facts.models.slice(0, 10).map((m) => code(m)))}${trusted(facts.models.length > 10 ? ', …' : '')}` }
      : notChecked(pending);
  return { secret, format, endpoint, authentication, balance, models };
}
