/** Copy-paste examples of the API for a base URL and a model; the key comes from the environment, never the page. */

export const SNIPPET_LANGUAGES = [
  { id: 'curl', label: 'curl' },
  { id: 'node', label: 'Node (openai)' },
  { id: 'python', label: 'Python (openai)' },
  { id: 'ai-sdk', label: 'AI SDK' },
] as const;
export type SnippetLanguage = (typeof SNIPPET_LANGUAGES)[number]['id'];

export const API_KEY_ENV = 'MOA_API_KEY';
const PROMPT = 'Why is the sky blue?';

export function apiSnippet(language: SnippetLanguage, baseUrl: string, model: string): string {
  const js = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  const py = (s: string) => JSON.stringify(s);
  switch (language) {
    case 'curl': {
      const body = JSON.stringify({ model, messages: [{ role: 'user', content: PROMPT }], stream: true, stream_options: { include_usage: true } });
      return [`curl ${baseUrl}/chat/completions \\`, `  -H "Authorization: Bearer $${API_KEY_ENV}" \\`, '  -H "Content-Type: application/json" \\', `  -d '${body.replace(/'/g, "'\\''")}'`].join('\n');
    }
    case 'node':
      return `import OpenAI from 'openai';

const client = new OpenAI({ baseURL: ${js(baseUrl)}, apiKey: process.env.${API_KEY_ENV} });
const stream = await client.chat.completions.create({
  model: ${js(model)},
  messages: [{ role: 'user', content: ${js(PROMPT)} }],
  stream: true,
});
for await (const chunk of stream) process.stdout.write(chunk.choices[0]?.delta?.content ?? '');`;
    case 'python':
      return `import os
from openai import OpenAI

client = OpenAI(base_url=${py(baseUrl)}, api_key=os.environ[${py(API_KEY_ENV)}])
stream = client.chat.completions.create(
    model=${py(model)},
    messages=[{"role": "user", "content": ${py(PROMPT)}}],
    stream=True,
)
for chunk in stream:
    if chunk.choices:
        print(chunk.choices[0].delta.content or "", end="")`;
    case 'ai-sdk':
      return `import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { streamText } from 'ai';

const moa = createOpenAICompatible({ name: 'moa', baseURL: ${js(baseUrl)}, apiKey: process.env.${API_KEY_ENV}, includeUsage: true });
const result = streamText({ model: moa(${js(model)}), prompt: ${js(PROMPT)} });
for await (const text of result.textStream) process.stdout.write(text);`;
  }
}
