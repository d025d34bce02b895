/**
 * Counts what is open now (runs, follow streams), per client and in all, so one client cannot
 * hold every slot.
 */
/** A release function, or why no slot is free. */
export type SlotGrant = { ok: true; release: () => void } | { ok: false; scope: 'client' | 'server'; limit: number };

export type Slots = {
  acquire(key: string): SlotGrant;
  open(key?: string): number;
};

/** Slots counted where several instances see them (lib/guard/shared-limits.ts): acquiring waits for the database. */
export type SharedSlots = { acquire(key: string): Promise<SlotGrant> };

export function createSlots({ perClient, total }: { perClient: number; total: number }): Slots {
  const byClient = new Map<string, number>();
  let all = 0;
  return {
    acquire(key) {
      const mine = byClient.get(key) ?? 0;
      if (mine >= perClient) return { ok: false, scope: 'client', limit: perClient };
      if (all >= total) return { ok: false, scope: 'server', limit: total };
      byClient.set(key, mine + 1);
      all++;
      let released = false;
      return {
        ok: true,
        release: () => {
          if (released) return;
          released = true;
          all--;
          const left = (byClient.get(key) ?? 1) - 1;
          if (left > 0) byClient.set(key, left);
          else byClient.delete(key);
        },
      };
    },
    open: (key) => (key === undefined ? all : (byClient.get(key) ?? 0)),
  };
}
