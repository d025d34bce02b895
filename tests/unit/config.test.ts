import { describe, expect, it } from 'vitest';
import { describeIssues, LIMITS, moaConfigSchema, runRequestSchema } from '@/lib/moa/config';
import { buildPreset, PRESETS } from '@/lib/moa/presets';
import { buildSynthesisSystemPrompt, DEFAULT_SYNTHESIS_PROMPT, parseSynthesisResponses } from '@/lib/moa/prompts';
import type { ModelInfo } from '@/lib/models/types';

const agent = (model = 'offline:concise') => ({ model });
const errorsOf = (input: unknown) => {
  const result = runRequestSchema.safeParse(input);
  return result.success ? [] : describeIssues(result.error);
};

describe('config schema', () => {
  it('fills defaults', () => {
    const config = moaConfigSchema.parse({ layers: [{ agents: [agent()] }] });
    expect(config).toEqual({
      version: 1,
      synthesisPrompt: DEFAULT_SYNTHESIS_PROMPT,
      layers: [{ agents: [{ model: 'offline:concise', temperature: 0.7, maxOutputTokens: 1024 }] }],
    });
  });

  it.each([
    ['no layers', { layers: [] }, 'at least one layer'],
    ['an empty layer', { layers: [{ agents: [] }, { agents: [agent()] }] }, 'layer 1: A layer needs at least one agent.'],
    ['two aggregators', { layers: [{ agents: [agent()] }, { agents: [agent(), agent()] }] }, 'layer 2: The last layer must hold exactly one aggregator (it has 2).'],
    ['max tokens out of range', { layers: [{ agents: [{ model: 'offline:concise', maxOutputTokens: 10_000_000 }] }] }, 'layer 1 › agent 1 › maxOutputTokens'],
    ['a bad model id', { layers: [{ agents: [{ model: 'gpt4' }] }] }, 'provider:model'],
    ['too many agents', { layers: [{ agents: Array.from({ length: 13 }, () => agent()) }, { agents: [agent()] }] }, 'at most 12 agents'],
    ['too many layers', { layers: Array.from({ length: 7 }, () => ({ agents: [agent()] })) }, 'At most 6 layers'],
  ])('rejects %s with a readable message', (_, config, message) => {
    expect(errorsOf({ config, prompt: 'hi' }).join('\n')).toContain(message);
  });

  it('caps the calls of a run', () => {
    const layers = [...Array.from({ length: 5 }, () => ({ agents: Array.from({ length: 10 }, () => agent()) })), { agents: [agent()] }];
    expect(errorsOf({ config: { layers }, prompt: 'hi' }).join()).toContain(`at most ${LIMITS.maxCallsPerRun} model calls (this one makes 51)`);
  });

  it('rejects empty and huge prompts', () => {
    const config = { layers: [{ agents: [agent()] }] };
    expect(errorsOf({ config, prompt: '   ' })).toEqual(['prompt: Type a prompt first.']);
    expect(errorsOf({ config, prompt: 'x'.repeat(LIMITS.maxPromptChars + 1) }).join()).toContain('limited to 32,000 characters');
  });
});

describe('synthesis prompt', () => {
  it('numbers the answers and reads them back', () => {
    const system = buildSynthesisSystemPrompt({
      instruction: 'Synthesise.',
      answers: [
        { index: 1, text: 'Alpha.\n\nMore alpha.' },
        { index: 3, text: 'Gamma.' },
      ],
      missing: 1,
      agentSystemPrompt: 'You are careful.',
    });
    expect(system.startsWith('You are careful.\n\nSynthesise.')).toBe(true);
    expect(system).toContain('Candidate responses (2 of 3; 1 did not complete):');
    expect(parseSynthesisResponses(system)).toEqual([
      { index: 1, text: 'Alpha.\n\nMore alpha.' },
      { index: 3, text: 'Gamma.' },
    ]);
  });
});

describe('presets', () => {
  const offline: ModelInfo[] = [
    { id: 'offline:a', provider: 'offline', providerLabel: 'Offline', label: 'a', kind: 'offline', role: 'proposer' },
    { id: 'offline:b', provider: 'offline', providerLabel: 'Offline', label: 'b', kind: 'offline', role: 'proposer' },
    { id: 'offline:synth', provider: 'offline', providerLabel: 'Offline', label: 'synth', kind: 'offline', role: 'aggregator' },
  ];
  const shape = (id: (typeof PRESETS)[number]['id'], models = offline) => buildPreset(id, models).layers.map((l) => l.agents.map((a) => a.model));

  it('builds valid configs of the paper’s shapes', () => {
    for (const { id } of PRESETS) expect(moaConfigSchema.safeParse(buildPreset(id, offline)).success).toBe(true);
    expect(shape('moa').map((l) => l.length)).toEqual([6, 6, 1]);
    expect(shape('moa')[2]).toEqual(['offline:synth']);
    expect(new Set(shape('moa')[0])).toEqual(new Set(['offline:a', 'offline:b']));
    expect(shape('moa-lite').map((l) => l.length)).toEqual([6, 1]);
    expect(new Set(shape('single-proposer')[0])).toEqual(new Set(['offline:a']));
    expect(shape('self-moa')).toEqual([Array(6).fill('offline:synth'), ['offline:synth']]);
    expect(shape('single')).toEqual([['offline:synth']]);
  });

  it('prefers real models over offline simulations', () => {
    const real: ModelInfo = { id: 'openai:gpt-x', provider: 'openai', providerLabel: 'OpenAI', label: 'gpt-x', kind: 'cloud' };
    expect(shape('moa-lite', [...offline, real])).toEqual([Array(6).fill('openai:gpt-x'), ['openai:gpt-x']]);
  });
});
