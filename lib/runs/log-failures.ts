import type { RunEvent } from '../moa/events';

/**
 * Passes run events on, logging failed calls and runs for the operator. Messages were already
 * scrubbed of secrets where they were made (lib/moa/errors.ts); nothing else (prompts, answers) is logged.
 */
export async function* logFailures(events: AsyncIterable<RunEvent>, log: (line: string) => void = console.warn): AsyncGenerator<RunEvent> {
  let models: string[][] = [];
  for await (const event of events) {
    if (event.type === 'run-started') models = event.config.layers.map((layer) => layer.agents.map((agent) => agent.model));
    else if (event.type === 'agent-failed' && !event.cancelled) log(`[moa] layer ${event.layer + 1} agent ${event.agent + 1} (${models[event.layer]?.[event.agent]}) failed: ${event.error}`);
    else if (event.type === 'run-failed') log(`[moa] run failed: ${event.error}`);
    yield event;
  }
}
