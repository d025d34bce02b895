/** A labelled figure of a `<dl>`: small caps label over a tabular value. */
export function Figure({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div>
      <dt className="text-[10px] tracking-wide text-zinc-500 uppercase dark:text-zinc-400">{label}</dt>
      <dd className="font-mono text-sm tabular-nums" data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}
