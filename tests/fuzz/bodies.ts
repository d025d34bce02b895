// Random and hostile run-request bodies, shared by the vitest property test (route handler,
// thousands of cases) and the e2e one (HTTP, a smaller sample).
import fc from 'fast-check';

const hostileString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.constantFrom(
    '', ' ', '\u0000', '\ud800', '<script>alert(1)</script>', '"; DROP TABLE runs; --', '{{7*7}}', '${process.env.OPENAI_API_KEY}',
    '__proto__', 'constructor', '../../etc/passwd', 'offline:', ':', 'offline:concise\n', 'OFFLINE:CONCISE', 'a'.repeat(300),
  ),
  // Around the prompt limit (32,000 characters); built by repetition, as generating it char by char is slow.
  fc.tuple(fc.integer({ min: 31_990, max: 32_010 }), fc.string({ minLength: 1, maxLength: 4 })).map(([n, unit]) => unit.repeat(Math.ceil(n / unit.length)).slice(0, n)),
);

const hostileNumber = fc.oneof(
  fc.double(),
  fc.integer(),
  fc.constantFrom(0, -1, 1e308, -1e308, 2 ** 53, 0.1, 32_768, 32_769, 1e-320),
);

/** Anything JSON can carry, weighted towards what the schema looks at. */
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  { depthSize: 'small' },
  fc.jsonValue({ maxDepth: 4 }),
  hostileString,
  hostileNumber,
  fc.constant(null),
  fc.boolean(),
);

const modelId = fc.oneof(fc.constantFrom('offline:concise', 'offline:synth', 'offline:stepwise', 'openai:gpt-4o', 'nope:x'), hostileString);

const agent = fc.record(
  {
    model: fc.oneof({ weight: 4, arbitrary: modelId }, anyValue),
    temperature: fc.oneof(hostileNumber, anyValue),
    topP: fc.oneof(hostileNumber, anyValue),
    maxOutputTokens: fc.oneof(fc.integer({ min: 1, max: 30 }), hostileNumber, anyValue),
    systemPrompt: fc.oneof(hostileString, anyValue),
  },
  { requiredKeys: ['model'] },
);

const layer = fc.oneof({ weight: 5, arbitrary: fc.record({ agents: fc.array(agent, { maxLength: 14 }) }) }, anyValue);

const resilience = fc.record(
  {
    firstTokenTimeoutMs: fc.oneof(hostileNumber, anyValue),
    callTimeoutMs: fc.oneof(hostileNumber, anyValue),
    maxRetries: fc.oneof(fc.integer({ min: -2, max: 9 }), anyValue),
    quorum: fc.oneof(fc.integer({ min: -1, max: 20 }), anyValue),
    earlyAggregation: fc.oneof(fc.boolean(), anyValue),
    graceMs: fc.oneof(hostileNumber, anyValue),
  },
  { requiredKeys: [] },
);

export const configLike = fc.oneof(
  { weight: 6, arbitrary: fc.record(
    {
      version: fc.oneof(fc.constant(1), anyValue),
      layers: fc.oneof({ weight: 5, arbitrary: fc.array(layer, { maxLength: 8 }) }, anyValue),
      synthesisPrompt: fc.oneof(hostileString, anyValue),
      resilience: fc.oneof(resilience, anyValue),
      ['__proto__']: anyValue,
    },
    { requiredKeys: ['layers'] },
  ) },
  anyValue,
);

/** A small valid config on the offline models, so some bodies really start runs. */
export const validOfflineRun = fc.record({
  config: fc.record({
    layers: fc.tuple(
      fc.array(fc.record({ model: fc.constantFrom('offline:concise', 'offline:sceptic'), maxOutputTokens: fc.integer({ min: 1, max: 8 }) }), { minLength: 1, maxLength: 3 }),
    ).map(([agents]) => [{ agents }, { agents: [{ model: 'offline:synth', maxOutputTokens: 8 }] }]),
  }),
  prompt: fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim().length > 0),
});

/** A body as sent on the wire: JSON of a run-like object, JSON of anything, or not JSON at all. */
export const runBody: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ config: configLike, prompt: fc.oneof(hostileString, anyValue) }, { requiredKeys: [] }).map((v) => JSON.stringify(v)) },
  { weight: 1, arbitrary: validOfflineRun.map((v) => JSON.stringify(v)) },
  { weight: 1, arbitrary: anyValue.map((v) => JSON.stringify(v) ?? 'undefined') },
  { weight: 1, arbitrary: fc.oneof(fc.string(), fc.constantFrom('{', '[', '{"config":', 'null', '"', '{"a":1}}', '\u0000', '[]'.repeat(50_000), `${'['.repeat(5000)}${']'.repeat(5000)}`)) },
  { weight: 1, arbitrary: validOfflineRun.map((v) => JSON.stringify(v)).map((s) => s.slice(0, Math.max(1, s.length - 3))) },
);
