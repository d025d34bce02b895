/**
 * Places for units of every evaluation on one server, so that several evaluations together
 * never run more than `limit` units at once; a pool that finds none waits to be told of one.
 */
export type UnitGate = {
  /** A release function, or null when every place is taken. */
  tryTake(): (() => void) | null;
  /** Calls `wake` once, the next time a place frees. */
  whenFree(wake: () => void): void;
};

export function createUnitGate(limit: number): UnitGate {
  let taken = 0;
  const waiting: (() => void)[] = [];
  return {
    tryTake() {
      if (taken >= limit) return null;
      taken++;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        taken--;
        // Each freed place wakes one waiting pool; it takes the place or waits again.
        waiting.shift()?.();
      };
    },
    whenFree(wake) {
      waiting.push(wake);
    },
  };
}
