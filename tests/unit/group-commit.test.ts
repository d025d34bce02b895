import { describe, expect, it } from 'vitest';
import { createGroupCommit } from '../../lib/runs/group-commit';

describe('group commit', () => {
  it('puts what arrives while a commit is in flight into one next commit, in order', async () => {
    const commits: number[][] = [];
    const group = createGroupCommit<number>(async (items) => {
      commits.push(items);
      await new Promise((resolve) => setTimeout(resolve, 20));
    });
    const first = group.submit(0);
    await new Promise((resolve) => setImmediate(resolve)); // the first commit is now in flight
    const rest = Array.from({ length: 50 }, (_, i) => group.submit(i + 1));
    await Promise.all([first, ...rest]);
    expect(commits).toEqual([[0], Array.from({ length: 50 }, (_, i) => i + 1)]);
  });

  it('a bad item fails alone: the others of its transaction are committed on their own', async () => {
    const committed: string[] = [];
    const group = createGroupCommit<string>(async (items) => {
      if (items.includes('bad')) throw new Error('constraint violated');
      committed.push(...items);
    });
    const results = await Promise.allSettled(['a', 'bad', 'b'].map((item) => group.submit(item)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(committed).toEqual(['a', 'b']);
  });
});
