// The network's causes: no answer at all (DNS, refused, TLS, proxy, timeout, reset). Where the fix
// is decides whether it blocks by default: a failure the runner repeats on every run (fix place
// `input` or `runner`) is not an outage.
import { describeNetwork } from '../../diagnosis/network.js';
import type { Rule } from './rule.js';

export const network: Rule<'network'> = (obs, at) => {
  const { title, cause, fix, place } = describeNetwork(obs, at.settings, at.endpoint, at.context.network ?? {});
  return { findings: [{ status: 'unreachable', title, cause, fix, place }] };
};
