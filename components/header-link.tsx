import Link from 'next/link';

/** A way into another mode of the app (compare, evaluations) from the header. */
export function HeaderLink({ href, title, testId, children }: { href: string; title: string; testId: string; children: React.ReactNode }) {
  return (
    <Link
      href={href}
      className="rounded-md px-2 py-1 text-xs font-medium text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:text-zinc-300 dark:hover:bg-zinc-800 dark:hover:text-zinc-100"
      title={title}
      data-testid={testId}
    >
      {children}
    </Link>
  );
}
