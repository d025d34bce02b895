import { deflateSync, inflateSync, strFromU8, strToU8 } from 'fflate';
import { agentSchema, describeIssues, moaConfigSchema, resolveResilience, type MoAConfig } from '../moa/config';
import { DEFAULT_SYNTHESIS_PROMPT } from '../moa/prompts';

/**
 * The board in a link: `#c=1.<base64url(deflate-raw(json))>`. The leading number is the
 * encoding's version, so later formats can be told apart from damaged links. Fields equal to the
 * schema's defaults are left out (the schema puts them back), and so are the builder's ids.
 */
export const URL_PARAM = 'c';
export const URL_CODEC_VERSION = 1;
/** Far above any valid config (48 agents × 8,000-character system prompts), far below harm. */
const MAX_ENCODED_CHARS = 1_000_000;
const MAX_JSON_BYTES = 2_000_000;

const AGENT_DEFAULTS = agentSchema.parse({ model: 'x:y' });
const RESILIENCE_DEFAULTS = resolveResilience();

/** The resilience settings that differ from the defaults (`{}` when set but all default). */
function compactResilience(resilience: NonNullable<MoAConfig['resilience']>) {
  return Object.fromEntries(Object.entries(resilience).filter(([key, value]) => RESILIENCE_DEFAULTS[key as keyof typeof RESILIENCE_DEFAULTS] !== value));
}

export type DecodeResult = { ok: true; config: MoAConfig } | { ok: false; error: string };

export function encodeConfig(config: MoAConfig): string {
  const compact = {
    layers: config.layers.map((layer) => ({
      agents: layer.agents.map(({ id: _id, ...agent }) => {
        const out: Record<string, unknown> = { model: agent.model };
        if (agent.temperature !== AGENT_DEFAULTS.temperature) out.temperature = agent.temperature;
        if (agent.topP !== undefined) out.topP = agent.topP;
        if (agent.maxOutputTokens !== AGENT_DEFAULTS.maxOutputTokens) out.maxOutputTokens = agent.maxOutputTokens;
        if (agent.systemPrompt) out.systemPrompt = agent.systemPrompt;
        if (agent.reasoning) out.reasoning = agent.reasoning;
        return out;
      }),
      ...(layer.strategy && layer.strategy !== 'synthesize' && { strategy: layer.strategy }),
      ...(layer.topK !== undefined && { topK: layer.topK }),
      ...(layer.earlyStop && { earlyStop: true }),
      ...(layer.seed !== undefined && { seed: layer.seed }),
      ...(layer.window !== undefined && { window: layer.window }),
    })),
    ...(config.synthesisPrompt !== DEFAULT_SYNTHESIS_PROMPT && { synthesisPrompt: config.synthesisPrompt }),
    ...(config.rankPrompt && { rankPrompt: config.rankPrompt }),
    ...(config.topKPrompt && { topKPrompt: config.topKPrompt }),
    ...(config.councilPrompt && { councilPrompt: config.councilPrompt }),
    ...(config.windowPrompt && { windowPrompt: config.windowPrompt }),
    ...(config.resilience && { resilience: compactResilience(config.resilience) }),
    ...(config.passReasoning && { passReasoning: true }),
    ...(config.budgetUsd !== undefined && { budgetUsd: config.budgetUsd }),
    ...(config.pricing && { pricing: config.pricing }),
  };
  return `${URL_CODEC_VERSION}.${toBase64Url(deflateSync(strToU8(JSON.stringify(compact)), { level: 9 }))}`;
}

export function decodeConfig(value: string): DecodeResult {
  const dot = value.indexOf('.');
  const version = dot < 0 ? '' : value.slice(0, dot);
  if (!/^\d+$/.test(version)) return { ok: false, error: 'The link does not hold a MoA Playground board.' };
  if (Number(version) !== URL_CODEC_VERSION) {
    return { ok: false, error: `The link’s board uses format ${version}, which this version of MoA Playground cannot read.` };
  }
  const damaged = { ok: false as const, error: 'The link’s board is damaged or incomplete (was the link cut short when it was copied?).' };
  const body = value.slice(dot + 1);
  if (!body || body.length > MAX_ENCODED_CHARS) return damaged;
  let json: string;
  try {
    const out = inflateSync(fromBase64Url(body), { out: new Uint8Array(MAX_JSON_BYTES) });
    if (out.length >= MAX_JSON_BYTES) return { ok: false, error: 'The link’s board is too large to be a valid config.' };
    json = strFromU8(out);
  } catch {
    return damaged;
  }
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    return damaged;
  }
  const parsed = moaConfigSchema.safeParse(data);
  if (!parsed.success) return { ok: false, error: `The link’s board is not a valid config: ${describeIssues(parsed.error).slice(0, 3).join('; ')}` };
  return { ok: true, config: parsed.data };
}

/** The encoded board in a location hash (`#c=…`), or null when it holds none. */
export function configParamOf(hash: string): string | null {
  return new URLSearchParams(hash.replace(/^#/, '')).get(URL_PARAM);
}

export const hashFor = (config: MoAConfig) => `#${URL_PARAM}=${encodeConfig(config)}`;

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]+$/.test(text)) throw new Error('not base64url');
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
