import Link from 'next/link';
import { ThemeToggle } from './theme-toggle';

/** The app bar. The brand is the page's h1 unless the page has a heading of its own. */
export function AppHeader({ offlineOnly = false, brandIsHeading = true, children }: { offlineOnly?: boolean; brandIsHeading?: boolean; children?: React.ReactNode }) {
  const Brand = brandIsHeading ? 'h1' : 'span';
  return (
    <header className="flex h-12 items-center gap-3 border-b border-zinc-200 bg-white/80 px-4 backdrop-blur dark:border-zinc-800 dark:bg-zinc-950/80">
      <Link href="/" className="flex items-center gap-2">
        <LogoMark />
        <Brand className="text-sm font-semibold tracking-tight">MoA Playground</Brand>
      </Link>
      {offlineOnly && (
        <span
          className="rounded-full border border-amber-300 bg-amber-50 px-2 py-0.5 text-[11px] font-medium text-amber-800 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-300"
          title="No provider key is set on the server: the built-in offline models are deterministic simulations, not LLMs."
          data-testid="offline-badge"
        >
          Offline simulation — no API key set
        </span>
      )}
      <span className="ml-auto" />
      {children}
      <ThemeToggle />
    </header>
  );
}

function LogoMark() {
  return (
    <svg viewBox="0 0 24 24" className="size-5 text-indigo-600 dark:text-indigo-400" aria-hidden>
      <g fill="currentColor">
        <circle cx="5" cy="6" r="2.2" />
        <circle cx="5" cy="12" r="2.2" />
        <circle cx="5" cy="18" r="2.2" />
        <circle cx="19" cy="12" r="2.6" />
      </g>
      <g stroke="currentColor" strokeWidth="1.3" opacity="0.6">
        <path d="M7 6.5 16.5 11.5M7 12h9.5M7 17.5l9.5-5" />
      </g>
    </svg>
  );
}
