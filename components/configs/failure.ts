/** What a failed action says: the server's sentence and its lines of what to change. */
export type Failure = { message: string; details?: string[] };

export const errorOf = (error: unknown): Failure => ({
  message: error instanceof Error ? error.message : String(error),
  details: (error as { details?: string[] } | null)?.details,
});

export const failureClass = 'rounded-md border border-red-200 bg-red-50 px-3 py-2 text-xs text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200';
