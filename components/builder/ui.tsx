'use client';

/**
 * A small icon button. When an edit is not allowed it stays focusable (aria-disabled) so that
 * keyboard and screen reader users can still learn why from its description.
 */
export function IconButton({
  label,
  onClick,
  disabledReason = null,
  tone = 'default',
  children,
  testId,
}: {
  label: string;
  onClick(): void;
  disabledReason?: string | null;
  tone?: 'default' | 'danger';
  children: React.ReactNode;
  testId?: string;
}) {
  const disabled = disabledReason !== null;
  return (
    <button
      type="button"
      aria-label={label}
      aria-disabled={disabled || undefined}
      title={disabled ? `${label}: not possible. ${disabledReason}` : label}
      onClick={() => !disabled && onClick()}
      data-testid={testId}
      className={`rounded p-1 text-zinc-500 focus-visible:outline-2 focus-visible:outline-indigo-500 aria-disabled:cursor-not-allowed aria-disabled:opacity-40 dark:text-zinc-400 ${
        tone === 'danger'
          ? 'hover:bg-red-50 hover:text-red-700 aria-disabled:hover:bg-transparent dark:hover:bg-red-950 dark:hover:text-red-300'
          : 'hover:bg-zinc-100 hover:text-zinc-900 aria-disabled:hover:bg-transparent dark:hover:bg-zinc-800 dark:hover:text-zinc-100'
      }`}
    >
      {children}
    </button>
  );
}

export const buttonClass =
  'inline-flex items-center gap-1.5 rounded-md border border-zinc-300 bg-white px-2.5 py-1 text-xs font-medium text-zinc-700 hover:bg-zinc-50 hover:text-zinc-900 focus-visible:outline-2 focus-visible:outline-indigo-500 disabled:cursor-not-allowed disabled:opacity-50 aria-disabled:cursor-not-allowed aria-disabled:opacity-50 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-300 dark:hover:bg-zinc-800 dark:hover:text-zinc-100';
