/** The built-in offline models. Dependency-free, so client code can import it directly. */

export type OfflineModelInfo = {
  /** Without the provider prefix, e.g. `concise` (used as `offline:concise`). */
  id: string;
  label: string;
  description: string;
  role: 'proposer' | 'aggregator';
  /** Simulates reasoning when an agent asks for it: a plan streamed apart, before the answer. */
  reasoning?: boolean;
};

export const OFFLINE_MODELS: OfflineModelInfo[] = [
  {
    id: 'concise',
    label: 'Concise',
    description: 'Offline simulation, not an LLM: a short, direct answer built around the key terms of the prompt.',
    role: 'proposer',
  },
  {
    id: 'stepwise',
    label: 'Stepwise',
    description: 'Offline simulation, not an LLM: a numbered step-by-step plan; with reasoning on, it streams a simulated reasoning trace first.',
    role: 'proposer',
    reasoning: true,
  },
  {
    id: 'sceptic',
    label: 'Sceptic',
    description: 'Offline simulation, not an LLM: caveats, risks and counterpoints.',
    role: 'proposer',
  },
  {
    id: 'explainer',
    label: 'Explainer',
    description: 'Offline simulation, not an LLM: background, how it works, and an example.',
    role: 'proposer',
  },
  {
    id: 'synth',
    label: 'Synth',
    description:
      'Offline simulation, not an LLM: merges the candidate answers it is given, keeping the sentences they agree on and dropping repetition.',
    role: 'aggregator',
  },
];
