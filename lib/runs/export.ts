import { layerCaption, roleOf } from '../builder/board';
import { positionLabel } from '../moa/council';
import type { CouncilResult, RunEvent, TokenUsage } from '../moa/events';
import { formatMs, formatNumberList, formatUsd } from '../format';
import { inertMarkdown } from '../inert-markdown';
import { reduceEvents, type AgentView, type RunView } from '../run-view';
import type { RunRow } from './schema';

type ExportableRun = Omit<RunRow, 'ownerHash' | 'configVersionId' | 'instanceId'>;

/** The whole run as data: enough to replay it, reduce it or re-run its config elsewhere. */
export function runToJson(run: ExportableRun, events: RunEvent[]) {
  return {
    format: 'moa-playground.run',
    version: 1,
    id: run.id,
    status: run.status,
    createdAt: run.createdAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
    presetId: run.presetId,
    conversation: run.conversationId ? { id: run.conversationId, turn: run.turn, parentRunId: run.parentRunId } : null,
    prompt: run.prompt,
    config: run.config,
    totals: run.totals,
    finalText: run.finalText,
    error: run.error,
    events,
  };
}

const n = (value: number | undefined) => (value === undefined ? '–' : value.toLocaleString('en-US'));
const cellText = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const quote = (markdown: string) => markdown.split('\n').map((line) => (line ? `> ${line}` : '>')).join('\n');

/** A readable report: prompt, final answer, every agent's answer by layer, and the figures. */
export function runToMarkdown(run: ExportableRun, events: RunEvent[], shareUrl?: string): string {
  const view = reduceEvents(events);
  const layers = view.layers;
  const out: string[] = [];
  out.push(`# MoA run ${run.id}`, '');
  out.push(
    `- **Status:** ${run.status}`,
    `- **Started:** ${run.createdAt.toISOString()}`,
    `- **Shape:** ${layers.length} ${layers.length === 1 ? 'layer' : 'layers'}, ${layers.flat().length} calls${run.presetId ? ` (preset \`${run.presetId}\`)` : ''}`,
  );
  if (shareUrl) out.push(`- **Link:** ${shareUrl}`);
  // Prompt, answers and errors are untrusted text: no raw HTML or unsafe links reach the file.
  if (view.history?.length) {
    out.push('', `## Earlier turns (this is turn ${view.history.length / 2 + 1})`, '');
    for (const m of view.history) out.push(`**${m.role === 'user' ? 'User' : 'MoA'}:**`, '', quote(inertMarkdown(m.content)), '');
  }
  out.push('', '## Prompt', '', quote(inertMarkdown(run.prompt)), '');
  const finalText = view.finalText ?? run.finalText;
  out.push('## Final answer', '', (finalText?.trim() && inertMarkdown(finalText)) || `_No final answer (${run.status})._`, '');
  if (run.error) out.push(quote(inertMarkdown(`**Error:** ${run.error}`)), '');

  layers.forEach((agents, l) => {
    const layer = view.config?.layers[l];
    out.push(`## Layer ${l + 1}${layer ? ` — ${layerCaption(roleOf(l, layers.length, layer.strategy), layer)}` : ''}`, '');
    const council = view.councils?.[l];
    if (council) out.push(...councilTable(council, view));
    for (const agent of agents) {
      out.push(`### Agent ${agent.agent + 1} · \`${agent.model}\` · ${agent.status}`, '');
      if (agent.judged) {
        const { layer, score, kept, reason } = agent.judged;
        out.push(quote(inertMarkdown(`**${kept ? 'Kept' : 'Dropped'}** by the judge of layer ${layer + 1} (score ${score}/10)${reason ? `: ${reason}` : ''}`)), '');
      }
      // Collapsed where Markdown renders HTML (GitHub), plainly marked where it does not.
      if (agent.reasoning.trim()) out.push('<details>', `<summary>Reasoning${reasoningCount(agent)}</summary>`, '', inertMarkdown(agent.reasoning), '', '</details>', '');
      // A sliding window's earlier steps, then its last step's synthesis (the agent's text).
      for (const step of agent.windows ?? []) {
        out.push(`**Step ${step.step} of ${agent.window?.steps ?? '?'}** (answers ${formatNumberList(step.answers)}):`, '', quote(inertMarkdown(step.text) || '_No text._'), '');
      }
      if (agent.windows?.length && agent.window) out.push(`**Step ${agent.window.step} of ${agent.window.steps}** (answers ${formatNumberList(agent.window.answers)}):`, '');
      if (agent.skipped) out.push(quote(inertMarkdown(`**Skipped:** ${agent.skipped}`)), '');
      else out.push((agent.text.trim() && inertMarkdown(agent.text)) || '_No text._', '');
      if (agent.pick) {
        const { answer, fallback } = agent.pick;
        out.push(quote(inertMarkdown(`**Picked** answer ${answer}: it is passed on verbatim.${fallback ? ` ${fallback}` : ''}`)), '');
      }
      if (agent.ranking) {
        const { order, mapping, fallback } = agent.ranking;
        const labelOf = (answer: number) => mapping.find((m) => m.answer === answer)?.label ?? '?';
        const ranked = order ? `**Ranking** (best first): ${order.map((answer, i) => `${i + 1}. ${labelOf(answer)} (answer ${answer})`).join(', ')}.` : `**Ranking:** ${fallback ?? 'unreadable.'}`;
        out.push(quote(inertMarkdown(ranked)), '');
      }
      if (agent.verdict) {
        const { kept, dropped, fallback } = agent.verdict;
        out.push(quote(inertMarkdown(`**Kept** answers ${kept.join(', ')}${dropped.length ? `; **dropped** ${dropped.join(', ')}` : ''}.${fallback ? ` ${fallback}` : ''}`)), '');
      }
      if (agent.error) out.push(quote(inertMarkdown(`**${agent.status === 'failed' ? 'Failed' : 'Note'}:** ${agent.error}`)), '');
    }
  });

  out.push(
    '## Figures', '',
    '| Layer | Agent | Model | Status | Input tokens | Output tokens | of which reasoning | First token | First answer token | Latency |',
    '|---|---|---|---|---:|---:|---:|---:|---:|---:|',
  );
  for (const agent of layers.flat()) out.push(row(agent));
  const usage = view.usage ?? run.totals?.usage;
  out.push(`| **Total** | | | ${run.status} | ${n(usage?.inputTokens)} | ${n(usage?.outputTokens)} | ${reasoningCell(usage)} | | | ${formatMs(view.lastT)} |`);
  if (usage?.estimated) out.push('', '_Some token counts are tokenizer estimates: the provider reported no usage._');
  if (usage?.reasoningEstimated) out.push('', '_Some reasoning counts are tokenizer estimates of the reasoning text: the provider did not report them._');
  if (run.totals?.costUsd !== undefined) out.push('', `**Cost:** ${formatUsd(run.totals.costUsd)}`);
  out.push('');
  return out.join('\n');
}

/** A council layer's Borda table: answers best first, with their points, and how many rankings counted. */
function councilTable(council: CouncilResult, view: RunView): string[] {
  const modelOf = (answer: number) => view.layers[council.from]?.[answer - 1]?.model;
  const lines = [
    `Aggregate ranking (Borda count of ${council.counted} of ${council.rankers} rankings, answers of layer ${council.from + 1}):`,
    '',
    '| Position | Answer | Model | Points |',
    '|---:|---:|---|---:|',
    ...council.rows.map((r) => `| ${positionLabel(r)} | ${r.answer} | ${modelOf(r.answer) ? `\`${cellText(modelOf(r.answer)!)}\`` : '–'} | ${r.points} |`),
    '',
  ];
  if (council.fallback) lines.push(quote(inertMarkdown(council.fallback)), '');
  return lines;
}

const reasoningCell = (usage: TokenUsage | undefined) => (usage?.reasoningTokens ? `${n(usage.reasoningTokens)}${usage.reasoningEstimated ? '*' : ''}` : '–');
const reasoningCount = (agent: AgentView) => (agent.usage?.reasoningTokens ? ` (${reasoningCell(agent.usage)} tokens)` : '');

function row(agent: AgentView) {
  const ttft = agent.firstTokenMs === undefined ? '–' : formatMs(agent.firstTokenMs);
  const firstAnswer = agent.firstAnswerTokenMs === undefined ? '–' : formatMs(agent.firstAnswerTokenMs);
  const latency = agent.latencyMs === undefined ? '–' : formatMs(agent.latencyMs);
  return `| ${agent.layer + 1} | ${agent.agent + 1} | \`${cellText(agent.model)}\` | ${agent.status} | ${n(agent.usage?.inputTokens)} | ${n(agent.usage?.outputTokens)}${agent.usage?.estimated ? '*' : ''} | ${reasoningCell(agent.usage)} | ${ttft} | ${firstAnswer} | ${latency} |`;
}
