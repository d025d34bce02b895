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
    </div>
  );
}
