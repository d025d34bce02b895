import Link from 'next/link';
import { AppHeader } from '../app-header';
import { HistoryButton } from './history-drawer';
import { headerButtonClass } from './share-menu';

/** The frame of a read-only page (a shared run, a comparison): the app bar with History and a way to start anew. */
export function SharedPage({ newHref, newLabel, children }: { newHref: string; newLabel: string; children: React.ReactNode }) {
  return (
    <div className="flex min-h-screen flex-col">
      <AppHeader brandIsHeading={false}>
        <HistoryButton />
        <Link href={newHref} className={headerButtonClass}>
          {newLabel}
        </Link>
      </AppHeader>
      <main className="mx-auto flex w-full max-w-[1600px] flex-1 flex-col gap-4 p-4">{children}</main>
    </div>
  );
}
