'use client';

import { useRunStore } from '@/lib/stores/run-store';
import { AppPasswordForm } from './app-password-form';
import { MessageLines } from './message-lines';

/** Why a run could not start (bad config, unavailable model) or its stream broke. */
export function RequestError() {
  const error = useRunStore((s) => s.requestError);
  if (!error) return null;
  return (
    <div role="alert" className="rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200" data-testid="request-error">
      <MessageLines message={error.message} details={error.details} detailsClassName="text-xs" />
      {error.needsPassword && <AppPasswordForm />}
      {error.dropOldestTurns && (
        <button
          type="button"
          onClick={() => void error.dropOldestTurns!.retry()}
          className="mt-2 rounded-md border border-red-300 bg-white px-2.5 py-1 text-xs font-medium text-red-800 hover:bg-red-100 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:border-red-800 dark:bg-red-950 dark:text-red-200 dark:hover:bg-red-900"
          data-testid="drop-oldest-turns"
        >
          Follow up without the oldest {error.dropOldestTurns.turns === 1 ? 'turn' : `${error.dropOldestTurns.turns} turns`}
        </button>
      )}
    </div>
  );
}
