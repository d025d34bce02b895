import Link from 'next/link';
import { AppHeader } from '@/components/app-header';

export const metadata = { title: 'Not found · MoA Playground' };

/** Unknown pages and run links that lead nowhere (never existed, deleted, or cut short). */
export default function NotFound() {
  return (
    <div className="flex min-h-screen flex-col">
      <AppHeader brandIsHeading={false} />
      <main className="mx-auto flex max-w-md flex-1 flex-col items-center justify-center gap-3 p-6 text-center">
        <p className="font-mono text-xs text-zinc-500">404</p>
        <h1 className="text-lg font-semibold">There is nothing at this address</h1>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          If someone shared a run with you, it may have been deleted, or the link was cut short when it was copied.
        </p>
        <Link href="/" className="mt-2 rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-500">
          Open the playground
        </Link>
      </main>
    </div>
  );
}
