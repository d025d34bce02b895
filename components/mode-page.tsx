import type { ModelInfo } from '@/lib/models/types';
import { AppHeader } from './app-header';
import { HeaderLink } from './header-link';

/** The frame of a mode beside the board (compare, evaluations): the app bar with a way back, a title and what the mode does. */
export function ModePage({ title, description, models, children }: { title: string; description: string; models: ModelInfo[]; children: React.ReactNode }) {
  return (
    <div className="flex min-h-screen flex-col">
      <AppHeader offlineOnly={models.every((m) => m.kind === 'offline' || m.unavailable)} brandIsHeading={false}>
        <HeaderLink href="/" title="Back to the board" testId="back-to-board">
          ← Board
        </HeaderLink>
      </AppHeader>
      <main className="mx-auto flex w-full max-w-[1600px] flex-1 flex-col gap-4 p-4">
        <div className="flex flex-wrap items-baseline gap-x-3">
          <h1 className="text-base font-semibold tracking-tight">{title}</h1>
          <p className="text-xs text-zinc-500 dark:text-zinc-400">{description}</p>
        </div>
        {children}
      </main>
    </div>
  );
}
