/**
 * The small models `npm run models:pull` fetches: Apache-2.0, chat-tuned, a few hundred MB
 * each. Sizes and SHA-256 are those of the pinned files on Hugging Face; a download that
 * does not match them is thrown away. Dependency-free: the browser imports it too.
 */
export type RecommendedModel = {
  /** File name in the models folder; the model id is `local:<file name without .gguf>`. */
  file: string;
  label: string;
  /** Path on the Hugging Face hub (or a mirror: HF_ENDPOINT). */
  path: string;
  bytes: number;
  sha256: string;
  license: string;
  source: string;
};

export const RECOMMENDED_MODELS: readonly RecommendedModel[] = [
  {
    file: 'qwen2.5-0.5b-instruct-q4_k_m.gguf',
    label: 'Qwen2.5 0.5B Instruct (Q4_K_M)',
    path: 'Qwen/Qwen2.5-0.5B-Instruct-GGUF/resolve/9217f5db79a29953eb74d5343926648285ec7e67/qwen2.5-0.5b-instruct-q4_k_m.gguf',
    bytes: 491_400_032,
    sha256: '74a4da8c9fdbcd15bd1f6d01d621410d31c6fc00986f5eb687824e7b93d7a9db',
    license: 'Apache-2.0',
    source: 'https://huggingface.co/Qwen/Qwen2.5-0.5B-Instruct-GGUF',
  },
  {
    file: 'smollm2-360m-instruct-q4_k_m.gguf',
    label: 'SmolLM2 360M Instruct (Q4_K_M)',
    path: 'bartowski/SmolLM2-360M-Instruct-GGUF/resolve/main/SmolLM2-360M-Instruct-Q4_K_M.gguf',
    bytes: 270_590_880,
    sha256: '2fa3f013dcdd7b99f9b237717fa0b12d75bbb89984cc1274be1471a465bac9c2',
    license: 'Apache-2.0',
    source: 'https://huggingface.co/bartowski/SmolLM2-360M-Instruct-GGUF',
  },
];

export const HF_ENDPOINT = 'https://huggingface.co';

/** Where to fetch a model from: Hugging Face, or the mirror in HF_ENDPOINT. */
export const downloadUrl = (model: RecommendedModel, endpoint?: string) => `${(endpoint || HF_ENDPOINT).replace(/\/+$/, '')}/${model.path}`;
