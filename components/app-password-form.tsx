'use client';

import { useState } from 'react';
import { saveAppPassword } from '@/lib/browser/app-password';
import { useConfigStoreApi } from '@/lib/stores/config-store';
import { useRunStore } from '@/lib/stores/run-store';

/** Asked for when the server protects runs with APP_PASSWORD; submitting runs again with it. */
export function AppPasswordForm() {
  const configStore = useConfigStoreApi();
  const [password, setPassword] = useState('');
  return (
    <form
      className="mt-2 flex flex-wrap items-center gap-2"
      data-testid="app-password-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (!password) return;
        saveAppPassword(password);
        const { config, prompt } = configStore.getState();
        void useRunStore.getState().start(config, prompt);
      }}
    >
      <label htmlFor="app-password" className="text-xs font-medium">
        App password
      </label>
      <input
        id="app-password"
        type="password"
        autoComplete="current-password"
        autoFocus
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        className="rounded-md border border-red-300 bg-white px-2 py-1 text-sm text-zinc-900 outline-none focus:ring-2 focus:ring-indigo-500 dark:border-red-800 dark:bg-zinc-900 dark:text-zinc-100"
      />
      <button
        type="submit"
        disabled={!password}
        className="rounded-md bg-indigo-600 px-3 py-1 text-sm font-medium text-white hover:bg-indigo-500 disabled:cursor-not-allowed disabled:opacity-50"
      >
        Unlock and run
      </button>
    </form>
  );
}
