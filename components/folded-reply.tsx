/** A judge's or ranker's own reply, folded under what was read from it: plain text, as the model wrote it. */
export function FoldedReply({ who, reply }: { who: string; reply: string }) {
  return (
    <details className="text-[11px] text-zinc-500 dark:text-zinc-400">
      <summary className="cursor-pointer">The {who}’s reply</summary>
      <p className="mt-1 whitespace-pre-wrap">{reply}</p>
    </details>
  );
}
