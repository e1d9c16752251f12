// Unreachable, and why: what a network or TLS failure means on this runner (proxy, CA, clock),
// from the failure's code and the job's network settings.
import type { NetworkFacts } from '../../../contract.js';
import { DEFAULT_BASE_URL, isLoopbackHost } from '../../input/base-url.js';
import type { FixPlace } from '../findings.js';
import type { Settings } from '../../input/inputs.js';
import { LINKS, statusLink } from '../../text/links.js';
import type { Observation } from '../../evidence/observation.js';
import { code, link, text, trusted, type Text } from '../../text/text.js';
import { RERUN, input } from '../../text/words.js';
import { endpointName, type EndpointIdentity } from '../../text/endpoint-name.js';
import type { Rule } from './rule.js';

/** A cause, with where its fix is: only a `remote` place is something a re-run can fix. */
export interface NetworkCause {
  readonly title: string;
  readonly cause: Text;
  readonly fix: Text[];
  readonly place: FixPlace;
}

const baseUrlPlace: FixPlace = { kind: 'input', input: 'base-url' };
const remote = (host: string): FixPlace => ({ kind: 'remote', host });

/** A private (RFC 1918, unique-local) or loopback address: nothing there is "down for a while" but ours. */
export function isPrivateOrLoopbackHost(host: string): boolean {
  const h = host
    .replace(/:\d+$/, '')
    .replace(/^\[|\]$/g, '')
    .toLowerCase();
  return isLoopbackHost(h) || /^(10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.)/.test(h) || /^f[cd][0-9a-f]{2}:/.test(h) || h.endsWith('.local') || h.endsWith('.internal');
}

const TLS_UNTRUSTED = /^(DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT(_LOCALLY)?|CERT_UNTRUSTED|CERT_SIGNATURE_FAILURE)$/;

function describeTls(obs: Extract<Observation, { kind: 'network' }>, network: NetworkFacts, host: string): NetworkCause {
  const never = text`Never turn certificate checks off (\`NODE_TLS_REJECT_UNAUTHORIZED=0\`): the key would go to whoever answers.`;
  if (obs.code === 'ERR_TLS_CERT_ALTNAME_INVALID' || obs.code === 'HOSTNAME_MISMATCH') {
    return {
      title: 'TLS certificate is for another host',
      place: baseUrlPlace,
      cause: text`The certificate ${code(host)} presented is valid but issued for other host names (${trusted(obs.code)}): ${input('base-url')} names a host the certificate does not cover, or something else answers for that name (a DNS or hosts-file entry, a TLS-inspecting proxy).`,
      fix: [
        text`Write ${input('base-url')} with the host name the certificate is issued for (for DeepSeek, ${code(DEFAULT_BASE_URL)}).`,
        text`On a self-hosted runner, check what ${code(host)} resolves to.`,
      ],
    };
  }
  if (obs.code === 'CERT_HAS_EXPIRED' || obs.code === 'CERT_NOT_YET_VALID') {
    const expired = obs.code === 'CERT_HAS_EXPIRED';
    return {
      title: expired ? 'TLS certificate expired' : 'TLS certificate not yet valid',
      place: { kind: 'runner', variable: 'the system clock' },
      cause: text`The certificate ${code(host)} presented ${trusted(expired ? 'has expired' : 'is not valid yet')} (${trusted(obs.code)}), by this runner's clock. Re-running does not change that.`,
      fix: [
        text`Check the runner's clock (a self-hosted runner with a wrong date sees valid certificates this way).`,
        text`If the clock is right, whoever runs ${code(host)} must renew its certificate.`,
        never,
      ],
    };
  }
  if (obs.code === 'ERR_SSL_WRONG_VERSION_NUMBER' || obs.code === 'ERR_SSL_PACKET_LENGTH_TOO_LONG' || obs.code === 'ERR_SSL_HTTP_REQUEST') {
    return {
      title: 'Plain HTTP on an HTTPS address',
      place: baseUrlPlace,
      cause: text`${code(host)} did not answer in TLS (${trusted(obs.code)}): ${input('base-url')} says \`https://\`, but the server at that port speaks plain HTTP (or another protocol).`,
      fix: [
        text`Check the port in ${input('base-url')}: use the server's HTTPS port.`,
        text`A gateway you run on this machine may be reached with \`http://127.0.0.1:PORT\` (plain http is allowed to loopback only).`,
      ],
    };
  }
  if (TLS_UNTRUSTED.test(obs.code)) return untrustedCertificate(obs.code, network, host, never);
  return {
    title: 'TLS handshake failed',
    place: remote(host),
    cause: text`The TLS handshake with ${code(host)} failed (${trusted(obs.code)}).`,
    fix: [text`Check that ${input('base-url')} is the HTTPS address of the API.`, never],
  };
}

/**
 * Worded by the actual error: a self-signed server certificate (no CA at all: the file to trust is
 * the server's own certificate), a chain ending in a CA the runner does not know (the file is that
 * root CA), or a server that does not send its intermediate certificate.
 */
function untrustedCertificate(errorCode: string, network: NetworkFacts, host: string, never: Text): NetworkCause {
  const extra = network.extraCaCerts;
  const what =
    errorCode === 'DEPTH_ZERO_SELF_SIGNED_CERT'
      ? {
          cause: text`the server's certificate is self-signed: no CA issued it, it vouches for itself, so no CA bundle trusts it.`,
          file: text`the server's own certificate (the PEM file ${code(host)} serves)`,
        }
      : errorCode === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' || errorCode === 'UNABLE_TO_GET_ISSUER_CERT'
        ? {
            cause: text`the certificate was issued by a CA whose certificate this runner cannot find: the server does not send its intermediate certificate, or the CA is private.`,
            file: text`the issuing CA's certificate (the intermediate, and its root if private)`,
          }
        : {
            cause: text`the certificate chain ends in a root CA this runner does not trust: a TLS-inspecting corporate proxy or a private CA issued it.`,
            file: text`that root CA's certificate (your proxy's or organisation's CA, as PEM)`,
          };
  const extraNote =
    extra === 'present'
      ? text` This runner does not trust it although \`NODE_EXTRA_CA_CERTS\` is set: its file does not hold that certificate.`
      : extra === 'missing'
        ? text` \`NODE_EXTRA_CA_CERTS\` is set, but its file does not exist on this runner, so Node ignored it.`
        : trusted('');
  return {
    title: errorCode === 'DEPTH_ZERO_SELF_SIGNED_CERT' ? 'TLS certificate is self-signed' : 'TLS certificate not trusted',
    place: { kind: 'runner', variable: 'NODE_EXTRA_CA_CERTS' },
    cause: text`The TLS handshake with ${code(host)} failed (${trusted(errorCode)}): ${what.cause}${extraNote}`,
    fix: [
      extra === 'missing'
        ? text`Point \`NODE_EXTRA_CA_CERTS\` at a PEM file that exists on the runner, holding ${what.file} (${link('Node docs', LINKS.extraCaCerts)}).`
        : extra === 'present'
          ? text`Add ${what.file} to the PEM file \`NODE_EXTRA_CA_CERTS\` points at (${link('Node docs', LINKS.extraCaCerts)}).`
          : text`Give Node ${what.file}: set \`NODE_EXTRA_CA_CERTS\` to the path of that PEM file in the job's \`env:\` (${link('Node docs', LINKS.extraCaCerts)}).`,
      never,
    ],
  };
}

/** What a proxy's answer to CONNECT means: 407 credentials, 403 policy, 502/503/504 no upstream. */
function proxyAnswer(status: number | undefined, via: Text, host: string, variable: string): NetworkCause {
  const runner: FixPlace = { kind: 'runner', variable };
  const noProxy = text`Or add ${code(host)} to \`NO_PROXY\` if the runner can reach it directly.`;
  if (status === 407)
    return {
      title: 'The proxy asked for credentials',
      place: runner,
      cause: text`${via} asked for credentials: it answered 407 Proxy Authentication Required to the request to open a tunnel to ${code(host)}. The key was never sent.`,
      fix: [text`Put the proxy's user name and password in \`${trusted(variable)}\`, from a secret: ${code('http://USER:PASSWORD@HOST:PORT')}.`, noProxy],
    };
  if (status === 403)
    return {
      title: 'The proxy does not allow this host',
      place: runner,
      cause: text`${via} answered 403 Forbidden to the request to open a tunnel to ${code(host)}: its policy does not allow that host. The key was never sent.`,
      fix: [text`Ask whoever runs the proxy to allow ${code(host)} (port 443).`, noProxy],
    };
  if (status === 502 || status === 503 || status === 504)
    return {
      title: 'The proxy could not reach the endpoint',
      place: remote(host),
      cause: text`${via} answered ${String(status)} to the request to open a tunnel to ${code(host)}: the proxy is up, but could not reach ${code(host)} itself${trusted(status === 504 ? ' in time' : '')}. The key was never sent.`,
      fix: [text`${RERUN} later; if it persists, ask whoever runs the proxy whether it can reach ${code(host)}.`],
    };
  return {
    title: 'The proxy refused the tunnel',
    place: runner,
    cause: text`${via} refused to open a tunnel to ${code(host)} (it answered ${String(status ?? 'an error')}). The key was never sent.`,
    fix: [text`Check the proxy's allow-list and the \`${trusted(variable)}\` / \`NO_PROXY\` variables.`],
  };
}

/** The proxy itself could not be used or reached: a name that does not exist repeats on every run. */
function proxyUnreachable(obs: Extract<Observation, { kind: 'network' }>, via: Text, tries: Text, host: string, proxy: { variable: string; hostPort: string }): NetworkCause {
  const what =
    obs.failure === 'refused'
      ? 'refused the connection'
      : obs.code === 'DNS_TIMEOUT' || obs.code === 'EAI_AGAIN'
        ? 'could not be resolved in time: the DNS server did not answer'
        : obs.failure === 'dns'
          ? 'could not be resolved: no such host name'
          : 'closed the connection';
  const permanent = obs.failure === 'dns' && noSuchName(obs.code);
  return {
    title: 'The proxy could not be reached',
    place: permanent ? { kind: 'runner', variable: proxy.variable } : remote(proxy.hostPort),
    cause: text`${via} ${trusted(what)} (${trusted(obs.code)})${tries}; the request never reached ${code(host)}. The key was not judged.`,
    fix: [text`Check that the proxy is running and that \`${trusted(proxy.variable)}\` on this runner points at it.`, text`Or add ${code(host)} to \`NO_PROXY\` if the runner can reach it directly.`],
  };
}

/** DNS answered that the name does not exist: re-running asks the same question and gets the same answer. */
const noSuchName = (errorCode: string): boolean => errorCode === 'ENOTFOUND' || errorCode === 'EAI_NONAME';

function unreachableTitle(endpoint: EndpointIdentity): string {
  return endpoint.official ? 'DeepSeek API unreachable' : endpoint.gateway ? `${endpoint.gateway} unreachable` : 'Endpoint unreachable';
}

export function describeNetwork(obs: Extract<Observation, { kind: 'network' }>, settings: Settings, endpoint: EndpointIdentity, network: NetworkFacts): NetworkCause {
  const host = endpoint.host;
  const tries = trusted(obs.attempts > 1 ? ` after ${obs.attempts} attempts` : '');
  const proxy = network.proxy;
  if (proxy && 'problem' in proxy) {
    return {
      title: 'The proxy setting is not usable',
      place: { kind: 'runner', variable: proxy.variable },
      cause: text`\`${trusted(proxy.variable)}\` is set, but it is not a proxy URL this action can use: ${trusted(proxy.problem)}. No request was made, so the key was not judged.`,
      fix: [
        text`Write it as ${code('http://host:port')} (or ${code('http://user:password@host:port')}, with the password from a secret), or unset it.`,
        text`Or add ${code(host)} to \`NO_PROXY\` if the runner can reach it directly.`,
      ],
    };
  }
  const via = proxy ? text`The proxy ${code(proxy.hostPort)} (from \`${trusted(proxy.variable)}\`)` : trusted('');
  // Through a proxy, a refused, unresolved or reset connection is the proxy's: the API host is
  // only reached from the proxy, which reports its own failures as a refused tunnel.
  if (proxy && (obs.failure === 'refused' || obs.failure === 'dns' || obs.failure === 'reset')) return proxyUnreachable(obs, via, tries, host, proxy);
  const title = unreachableTitle(endpoint);
  const through = proxy ? text` (through the proxy ${code(proxy.hostPort)}, from \`${trusted(proxy.variable)}\`)` : trusted('');
  const statusStep = endpoint.official ? text`Check ${statusLink}.` : text`If it persists, check that ${endpointName(endpoint)} is up.`;
  switch (obs.failure) {
    case 'dns':
      if (noSuchName(obs.code))
        return {
          title: endpoint.official ? title : 'The host name of base-url does not exist',
          // DeepSeek's name always exists: a runner that cannot resolve it has a DNS problem of its own.
          place: endpoint.official ? { kind: 'runner', variable: 'DNS' } : baseUrlPlace,
          cause: text`The host name ${code(host)} could not be resolved: DNS answered that no such name exists (${trusted(obs.code)})${tries}. Re-running gives the same answer.`,
          fix: endpoint.official
            ? [text`On a self-hosted runner, check its DNS servers (\`/etc/resolv.conf\`) and whether it needs a proxy (\`HTTPS_PROXY\`).`]
            : [text`Check ${input('base-url')} for a typo in the host name.`, text`On a self-hosted runner, check its DNS and whether it needs a proxy (\`HTTPS_PROXY\`).`],
        };
      return {
        title,
        place: remote(host),
        cause:
          obs.code === 'DNS_TIMEOUT'
            ? text`The runner's DNS did not answer for ${code(host)} within ${input('timeout-seconds')} (${String(settings.timeoutMs / 1000)} s); the lookup was abandoned.`
            : text`The runner's DNS gave no answer for ${code(host)} (${trusted(obs.code)})${tries}.`,
        fix: [text`${RERUN}; on a self-hosted runner, check its DNS servers (\`/etc/resolv.conf\`) and firewall.`, text`If the runner must use a proxy, set \`HTTPS_PROXY\`.`],
      };
    case 'refused': {
      // Nothing listening on this machine or a private network is a configuration that repeats;
      // a public host refusing is down for a while.
      const local = isPrivateOrLoopbackHost(host);
      return {
        title,
        place: local ? baseUrlPlace : remote(host),
        cause: text`The connection to ${code(host)} was refused${tries}: nothing is listening there.${local ? trusted(' It is a local or private address, so re-running gives the same answer until something listens there.') : trusted('')}`,
        fix: [text`Check the host and port in ${input('base-url')}.`, text`If it is a gateway you run, check that it is up.`],
      };
    }
    case 'tls':
      return describeTls(obs, network, host);
    case 'proxy':
      return proxyAnswer(obs.proxyStatus, via, host, proxy?.variable ?? 'HTTPS_PROXY');
    case 'timeout':
      return {
        title,
        place: remote(host),
        cause: text`No complete answer from ${code(host)}${through} within ${input('timeout-seconds')} (${String(settings.timeoutMs / 1000)} s)${tries}.${endpoint.official ? trusted(' Under heavy load DeepSeek holds requests open.') : trusted('')}`,
        fix: [text`${RERUN}; raise ${input('timeout-seconds')} if this endpoint is often slow.`, statusStep],
      };
    case 'reset':
      return {
        title,
        place: remote(host),
        cause: text`The connection to ${code(host)} was closed before a complete answer (${trusted(obs.code)})${tries}.`,
        fix: [text`${RERUN}. ${statusStep}`, text`On a self-hosted runner, check firewalls and proxies that cut connections.`],
      };
    default:
      return { title, place: remote(host), cause: text`The request to ${code(host)}${through} failed (${trusted(obs.code)})${tries}.`, fix: [text`${RERUN}. ${statusStep}`] };
  }
}

// The network's causes: no answer at all (DNS, refused, TLS, proxy, timeout, reset). Where the fix
// is decides whether it blocks by default: a failure the runner repeats on every run (fix place
// `input` or `runner`) is not an outage.
export const network: Rule<'network'> = (obs, at) => {
  const { title, cause, fix, place } = describeNetwork(obs, at.settings, at.endpoint, at.context.network ?? {});
  return { findings: [{ status: 'unreachable', title, cause, fix, place }] };
};
