// Who answered: the endpoint's host, and the gateway by name where it identifies itself (its
// response headers, the shape of its error bodies, or a host it is known to serve). Pure: facts in,
// a name out. The words use it (core/text/endpoint-name.ts) so that no finding says "DeepSeek" for an
// answer DeepSeek never gave.
import { gatewayByHost } from '../text/endpoint-name.js';

/** Response header names (lower case) a gateway sets on its answers, and whose they are. */
const HEADER_PREFIXES: ReadonlyArray<readonly [string, string]> = [
  ['x-portkey-', 'Portkey'],
  ['cf-aig-', 'Cloudflare AI Gateway'],
  ['helicone-', 'Helicone'],
  ['x-litellm-', 'LiteLLM'],
  ['x-kong-', 'Kong AI Gateway'],
];

/**
 * The gateway's name from its response header names (lower case, as HTTP clients give them), an
 * error body of its own shape, or its host. Undefined when nothing says.
 */
export function identifyGateway(host: string, headerNames: readonly string[] = [], body?: unknown): string | undefined {
  for (const name of headerNames) {
    const found = HEADER_PREFIXES.find(([prefix]) => name.startsWith(prefix));
    if (found) return found[1];
  }
  // Portkey's own refusals (missing routing headers, its own failures): `{"status":"failure","message":…}`.
  if (isRecord(body) && body.status === 'failure' && typeof body.message === 'string' && /x-portkey-/.test(body.message)) return 'Portkey';
  return host ? gatewayByHost(host) : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The request header a gateway asked for in its refusal, e.g. Portkey's `Either x-portkey-config or
 * x-portkey-provider header is required`: the names, in the order it gave them.
 */
export function headersAskedFor(message: string | undefined): string[] {
  if (!message || !/\bheaders?\b/i.test(message) || !/required|missing|needs?/i.test(message)) return [];
  return [...new Set(message.match(/\b(?:x|cf|helicone)-[a-z0-9-]+\b/gi) ?? [])].map((name) => name.toLowerCase()).slice(0, 4);
}

/** Where a model list comes from, by its ids: DeepSeek's, only OpenAI's, or some other provider's. */
export type ModelListOrigin = 'has_deepseek' | 'openai_only' | 'other_providers';

/** OpenAI's own model families, as its `GET /models` lists them. */
const OPENAI_ID = /^(gpt-|chatgpt-|o\d(-|$)|davinci|babbage|text-(embedding|moderation|davinci|curie|ada|babbage)|whisper-|tts-|dall-e-|omni-moderation|codex-|computer-use-|sora)/i;

export function modelListOrigin(ids: readonly string[]): ModelListOrigin {
  if (ids.some((id) => id.toLowerCase().includes('deepseek'))) return 'has_deepseek';
  return ids.length > 0 && ids.every((id) => OPENAI_ID.test(id)) ? 'openai_only' : 'other_providers';
}

/** OpenAI's own API host (and its regional ones): there, OpenAI's list is OpenAI's. */
export function isOpenAiHost(host: string): boolean {
  return /(^|\.)openai\.com$/i.test(host);
}
