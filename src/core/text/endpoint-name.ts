// What to call the endpoint in a sentence: DeepSeek only at DeepSeek's own host; a known gateway by
// its name; anything else as "the endpoint (host)". One function, so that a gateway detector that
// reads the answers (response headers, error bodies) can add its name here without any sentence
// changing shape.
import { code, text, trusted, type Text } from './text.js';

export interface EndpointIdentity {
  readonly host: string;
  /** DeepSeek's own API host. */
  readonly official: boolean;
  /** The gateway's name, when the host (or a detector reading its answers) says which one it is. */
  readonly gateway?: string;
}

/** Hosts of gateways whose names readers know; matched on the host or a parent domain. */
const KNOWN_GATEWAY_HOSTS: ReadonlyArray<readonly [string, string]> = [
  ['openrouter.ai', 'OpenRouter'],
  ['openai.azure.com', 'Azure OpenAI'],
  ['services.ai.azure.com', 'Azure AI Foundry'],
  ['portkey.ai', 'Portkey'],
  ['gateway.ai.cloudflare.com', 'Cloudflare AI Gateway'],
  ['together.xyz', 'Together AI'],
  ['fireworks.ai', 'Fireworks AI'],
  ['groq.com', 'Groq'],
  ['deepinfra.com', 'DeepInfra'],
  ['siliconflow.cn', 'SiliconFlow'],
  ['siliconflow.com', 'SiliconFlow'],
  ['litellm.ai', 'LiteLLM'],
  ['helicone.ai', 'Helicone'],
];

/** The gateway a host belongs to, by name, when it is a known one. */
export function gatewayByHost(host: string): string | undefined {
  const lower = host.toLowerCase().replace(/:\d+$/, '');
  return KNOWN_GATEWAY_HOSTS.find(([suffix]) => lower === suffix || lower.endsWith(`.${suffix}`))?.[1];
}

/** `detected` is a gateway name read from the answers (headers, body), which wins over the host's. */
export function identifyEndpoint(host: string, official: boolean, detected?: string): EndpointIdentity {
  const gateway = official ? undefined : (detected ?? gatewayByHost(host));
  return { host, official, ...(gateway ? { gateway } : {}) };
}

/** The endpoint as the subject of a sentence: "DeepSeek", "OpenRouter (`openrouter.ai`)", "The endpoint `127.0.0.1:8080`". */
export function endpointName(identity: EndpointIdentity, start: 'sentence' | 'inline' = 'inline'): Text {
  if (identity.official) return trusted('DeepSeek');
  if (identity.gateway) return text`${trusted(identity.gateway)} (${code(identity.host)})`;
  return text`${trusted(start === 'sentence' ? 'The endpoint' : 'the endpoint')} ${code(identity.host)}`;
}

/** A short plain name for a title: "DeepSeek", "OpenRouter", "The endpoint". */
export function endpointTitleName(identity: EndpointIdentity): string {
  return identity.official ? 'DeepSeek' : (identity.gateway ?? 'The endpoint');
}
