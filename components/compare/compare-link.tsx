import Link from 'next/link';

/** The header's way into compare mode. */
export function CompareLink() {
  return (
    <Link
      href="/compare"
      className="rounded-md px-2 py-1 text-xs font-medium text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:text-zinc-300 dark:hover:bg-zinc-800 dark:hover:text-zinc-100"
      title="Run one prompt through a single model and your MoA side by side"
      data-testid="compare-link"
    >
      Compare
    </Link>
  );
}
