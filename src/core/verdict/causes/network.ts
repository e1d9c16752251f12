// Unreachable, and why: what a network or TLS failure means on this runner (proxy, CA, clock),
// from the failure's code and the job's network settings.
import { DEFAULT_BASE_URL } from '../../input/base-url.js';
import type { NetworkFacts } from '../../../contract.js';
import type { Settings } from '../../input/inputs.js';
import { LINKS, statusLink } from '../../text/links.js';
import type { Observation } from '../../evidence/observation.js';
import { code, link, text, trusted, type Text } from '../../text/text.js';
import { RERUN, input } from '../../text/words.js';

const TLS_UNTRUSTED = /^(DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT(_LOCALLY)?|CERT_UNTRUSTED|CERT_SIGNATURE_FAILURE)$/;

function describeTls(obs: Extract<Observation, { kind: 'network' }>, network: NetworkFacts, host: string): { title: string; cause: Text; fix: Text[] } {
  const never = text`Never turn certificate checks off (\`NODE_TLS_REJECT_UNAUTHORIZED=0\`): the key would go to whoever answers.`;
  if (obs.code === 'ERR_TLS_CERT_ALTNAME_INVALID' || obs.code === 'HOSTNAME_MISMATCH') {
    return {
      title: 'TLS certificate is for another host',
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
      cause: text`The certificate ${code(host)} presented ${trusted(expired ? 'has expired' : 'is not valid yet')} (${trusted(obs.code)}), by this runner's clock.`,
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
      cause: text`${code(host)} did not answer in TLS (${trusted(obs.code)}): ${input('base-url')} says \`https://\`, but the server at that port speaks plain HTTP (or another protocol).`,
      fix: [
        text`Check the port in ${input('base-url')}: use the server's HTTPS port.`,
        text`A gateway you run on this machine may be reached with \`http://127.0.0.1:PORT\` (plain http is allowed to loopback only).`,
      ],
    };
  }
  if (TLS_UNTRUSTED.test(obs.code)) {
    const extra = network.extraCaCerts;
    return {
      title: 'TLS certificate not trusted',
      cause:
        extra === 'present'
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
    fix: [text`Check that ${input('base-url')} is the HTTPS address of the API.`, never],
  };
}

export function describeNetwork(obs: Extract<Observation, { kind: 'network' }>, settings: Settings, host: string, network: NetworkFacts): { title: string; cause: Text; fix: Text[] } {
  const tries = trusted(obs.attempts > 1 ? ` after ${obs.attempts} attempts` : '');
  const proxy = network.proxy;
  if (proxy && 'problem' in proxy) {
    return {
      title: 'The proxy setting is not usable',
      cause: text`\`${trusted(proxy.variable)}\` is set, but it is not a proxy URL this action can use: ${trusted(proxy.problem)}. No request was made; the key was not judged.`,
      fix: [
        text`Write it as ${code('http://host:port')} (or ${code('http://user:password@host:port')}, with the password from a secret), or unset it.`,
        text`Or add ${code(host)} to \`NO_PROXY\` if the runner can reach it directly.`,
      ],
    };
  }
  const via = proxy ? text`The proxy ${code(proxy.hostPort)} (from \`${trusted(proxy.variable)}\`)` : trusted('');
  // Through a proxy, a refused, unresolved or reset connection is the proxy's: the API host is
  // only reached from the proxy, which reports its own failures as a refused tunnel.
  if (proxy && (obs.failure === 'refused' || obs.failure === 'dns' || obs.failure === 'reset')) {
    const what =
      obs.failure === 'refused'
        ? 'refused the connection'
        : obs.code === 'DNS_TIMEOUT'
          ? 'could not be resolved in time: the DNS server did not answer'
          : obs.failure === 'dns'
            ? 'could not be resolved'
            : 'closed the connection';
    return {
      title: 'The proxy could not be reached',
      cause: text`${via} ${trusted(what)} (${trusted(obs.code)})${tries}; the request never reached ${code(host)}. The key was not judged.`,
      fix: [
        text`Check that the proxy is running and that \`${trusted(proxy.variable)}\` on this runner points at it.`,
        text`Or add ${code(host)} to \`NO_PROXY\` if the runner can reach it directly.`,
      ],
    };
  }
  const unreachable = 'DeepSeek API unreachable';
  const through = proxy ? text` (through the proxy ${code(proxy.hostPort)}, from \`${trusted(proxy.variable)}\`)` : trusted('');
  switch (obs.failure) {
    case 'dns':
      return obs.code === 'DNS_TIMEOUT'
        ? {
            title: unreachable,
            cause: text`The runner's DNS did not answer for ${code(host)} within ${input('timeout-seconds')} (${String(settings.timeoutMs / 1000)} s); the lookup was abandoned.`,
            fix: [text`On a self-hosted runner, check its DNS servers (\`/etc/resolv.conf\`) and firewall.`, text`If the runner must use a proxy, set \`HTTPS_PROXY\`.`],
          }
        : {
            title: unreachable,
            cause: text`The host name ${code(host)} could not be resolved (DNS ${trusted(obs.code)})${tries}.`,
            fix: [text`Check ${input('base-url')} for a typo.`, text`On a self-hosted runner, check its DNS and whether it needs a proxy (\`HTTPS_PROXY\`).`],
          };
    case 'refused':
      return {
        title: unreachable,
        cause: text`The connection to ${code(host)} was refused${tries}: nothing is listening there.`,
        fix: [text`Check the host and port in ${input('base-url')}.`, text`If it is a gateway you run, check that it is up.`],
      };
    case 'tls':
      return describeTls(obs, network, host);
    case 'proxy':
      return obs.proxyStatus === 407
        ? {
            title: 'The proxy asked for credentials',
            cause: text`${via} asked for credentials: it answered 407 Proxy Authentication Required to the request to open a tunnel to ${code(host)}. The key was never sent to DeepSeek.`,
            fix: [
              text`Put the proxy's user name and password in \`${trusted(proxy?.variable ?? 'HTTPS_PROXY')}\`, from a secret: ${code('http://USER:PASSWORD@HOST:PORT')}.`,
              text`Or add ${code(host)} to \`NO_PROXY\` if the runner can reach it directly.`,
            ],
          }
        : {
            title: 'The proxy refused the connection',
            cause: text`${via} refused to open a tunnel to ${code(host)} (it answered ${String(obs.proxyStatus ?? 'an error')}).`,
            fix: [text`Check the proxy's allow-list and the \`HTTPS_PROXY\` / \`NO_PROXY\` variables.`],
          };
    case 'timeout':
      return {
        title: unreachable,
        cause: text`No complete answer from ${code(host)}${through} within ${input('timeout-seconds')} (${String(settings.timeoutMs / 1000)} s)${tries}. Under heavy load DeepSeek holds requests open.`,
        fix: [text`${RERUN}; raise ${input('timeout-seconds')} if this endpoint is often slow.`, text`Check ${statusLink}.`],
      };
    case 'reset':
      return {
        title: unreachable,
        cause: text`The connection to ${code(host)} was closed before a complete answer (${trusted(obs.code)})${tries}.`,
        fix: [text`${RERUN}; check ${statusLink}.`, text`On a self-hosted runner, check firewalls and proxies that cut connections.`],
      };
    default:
      return { title: unreachable, cause: text`The request to ${code(host)}${through} failed (${trusted(obs.code)})${tries}.`, fix: [text`${RERUN}; check ${statusLink}.`] };
  }
}
