/**
 * Runs queued callbacks one per animation frame, in order: work that would otherwise land in a
 * single frame (a dozen components mounting at once) is spread out. Returns a cancel function.
 */
const queue: (() => void)[] = [];
let scheduled = false;

function next() {
  scheduled = false;
  queue.shift()?.();
  if (queue.length) schedule();
}

function schedule() {
  if (scheduled) return;
  scheduled = true;
  requestAnimationFrame(next);
}

export function whenFrameFree(callback: () => void): () => void {
  let cancelled = false;
  const entry = () => {
    if (!cancelled) callback();
    else next(); // a cancelled entry does not cost its frame
  };
  queue.push(entry);
  schedule();
  return () => {
    cancelled = true;
  };
}
