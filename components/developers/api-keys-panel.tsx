'use client';

import { useCallback, useEffect, useState } from 'react';
import { saveAppPassword } from '@/lib/browser/app-password';
import { ApiError, fetchApi, fetchJson } from '@/lib/browser/fetch-api';

type KeyItem = { id: string; name: string; prefix: string; createdAt: string; lastUsedAt: string | null; revokedAt: string | null };
type Made = { key: string; info: KeyItem };

const buttonClass =
  'rounded-md border border-zinc-300 px-2.5 py-1 text-xs font-medium hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-indigo-500 disabled:opacity-50 dark:border-zinc-700 dark:hover:bg-zinc-800';
const primaryClass =
  'rounded-md bg-indigo-600 px-3 py-1 text-xs font-medium text-white hover:bg-indigo-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-500 disabled:opacity-50';
const fieldClass =
  'min-w-0 flex-1 rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm focus-visible:outline-2 focus-visible:outline-indigo-500 dark:border-zinc-700 dark:bg-zinc-950';

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : 'never');

/** This browser's API keys: make one (shown once), see when each was last used, revoke. */
export function ApiKeysPanel() {
  const [keys, setKeys] = useState<KeyItem[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<{ message: string; needsPassword: boolean } | null>(null);
  const [password, setPassword] = useState('');
  const [made, setMade] = useState<Made | null>(null);
  const [copied, setCopied] = useState(false);
  const [confirming, setConfirming] = useState<string | null>(null);

  const load = useCallback(() => {
    setLoadError(null);
    fetchJson<{ keys: KeyItem[] }>('/api/keys', { cache: 'no-store' }).then(
      (body) => setKeys(body.keys),
      (e: unknown) => setLoadError(e instanceof Error ? e.message : String(e)),
    );
  }, []);
  useEffect(load, [load]);

  const act = async (work: () => Promise<void>) => {
    setBusy(true);
    setFailure(null);
    try {
      await work();
      load();
    } catch (e) {
      setFailure({ message: e instanceof Error ? e.message : String(e), needsPassword: e instanceof ApiError && e.needsPassword });
    } finally {
      setBusy(false);
    }
  };

  const create = () =>
    act(async () => {
      const response = await fetchApi('/api/keys', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name }) });
      setMade((await response.json()) as Made);
      setCopied(false);
      setName('');
    });

  const revoke = (id: string) =>
    act(async () => {
      await fetchApi(`/api/keys/${encodeURIComponent(id)}`, { method: 'DELETE' });
      setConfirming(null);
      if (made?.info.id === id) setMade(null);
    });

  const live = keys?.filter((k) => !k.revokedAt) ?? [];
  const revoked = keys?.filter((k) => k.revokedAt) ?? [];

  return (
    <section aria-labelledby="api-keys" className="rounded-xl border border-zinc-200 bg-white p-4 shadow-sm dark:border-zinc-800 dark:bg-zinc-900" data-testid="api-keys">
      <h2 id="api-keys" className="text-sm font-semibold">
        API keys
      </h2>
      <p className="mt-1 text-xs text-zinc-500 dark:text-zinc-400">
        A key calls this server’s MoAs as this browser: its runs appear in this browser’s History, and it can call your saved configurations. Only its hash is kept.
      </p>
      <form
        className="mt-3 flex flex-wrap items-center gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          if (name.trim()) void create();
        }}
      >
        <label htmlFor="api-key-name" className="text-xs font-medium">
          Name
        </label>
        <input id="api-key-name" value={name} onChange={(e) => setName(e.target.value)} maxLength={60} placeholder="e.g. laptop scripts" className={fieldClass} data-testid="api-key-name" />
        <button type="submit" disabled={busy || !name.trim()} className={primaryClass} data-testid="api-key-create">
          {busy ? 'Working…' : 'Create key'}
        </button>
      </form>
      {failure && (
        <div role="alert" className="mt-2 rounded-md border border-red-200 bg-red-50 p-2 text-xs text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200">
          <p>{failure.message}</p>
          {failure.needsPassword && (
            <form
              className="mt-2 flex items-center gap-2"
              onSubmit={(e) => {
                e.preventDefault();
                if (!password) return;
                saveAppPassword(password);
                setFailure(null);
              }}
            >
              <label htmlFor="api-keys-password">App password</label>
              <input id="api-keys-password" type="password" value={password} onChange={(e) => setPassword(e.target.value)} className={fieldClass} />
              <button type="submit" className={buttonClass}>
                Use it
              </button>
            </form>
          )}
        </div>
      )}
      {made && (
        <div className="mt-3 rounded-lg border border-emerald-300 bg-emerald-50 p-3 dark:border-emerald-800 dark:bg-emerald-950" data-testid="api-key-made">
          <p className="text-xs font-medium text-emerald-900 dark:text-emerald-200">Copy the key “{made.info.name}” now: it is shown this once, and only its hash is kept.</p>
          <div className="mt-2 flex items-center gap-2">
            <code className="min-w-0 flex-1 truncate rounded bg-white px-2 py-1 font-mono text-xs dark:bg-zinc-950" data-testid="api-key-secret">
              {made.key}
            </code>
            <button
              type="button"
              className={buttonClass}
              onClick={async () => {
                await navigator.clipboard.writeText(made.key).catch(() => {});
                setCopied(true);
              }}
            >
              {copied ? 'Copied' : 'Copy'}
            </button>
            <button type="button" className={buttonClass} onClick={() => setMade(null)}>
              Done
            </button>
          </div>
        </div>
      )}
      <div className="mt-3">
        {loadError && (
          <p role="alert" className="text-xs text-red-600 dark:text-red-400">
            Could not load your keys: {loadError}{' '}
            <button type="button" className="underline" onClick={load}>
              Try again
            </button>
          </p>
        )}
        {!keys && !loadError && <div className="h-16 animate-pulse rounded-md bg-zinc-100 dark:bg-zinc-800" aria-label="Loading keys" />}
        {keys && !keys.length && <p className="rounded-lg border border-dashed border-zinc-300 px-4 py-6 text-center text-xs text-zinc-500 dark:border-zinc-700">No keys yet. Name one above: the API needs a key for every request, on localhost too.</p>}
        {keys && keys.length > 0 && (
          <table className="w-full text-left text-xs" data-testid="api-key-list">
            <thead className="text-zinc-500 dark:text-zinc-400">
              <tr>
                <th className="py-1 font-medium">Name</th>
                <th className="py-1 font-medium">Key</th>
                <th className="py-1 font-medium">Created</th>
                <th className="py-1 font-medium">Last used</th>
                <th className="py-1" aria-label="Actions" />
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
              {[...live, ...revoked].map((k) => (
                <tr key={k.id} className={k.revokedAt ? 'text-zinc-400 dark:text-zinc-600' : ''} data-testid="api-key-row">
                  <td className="py-1.5 pr-2">{k.name}</td>
                  <td className="py-1.5 pr-2 font-mono">{k.prefix}…</td>
                  <td className="py-1.5 pr-2">{when(k.createdAt)}</td>
                  <td className="py-1.5 pr-2" data-testid="api-key-last-used">{when(k.lastUsedAt)}</td>
                  <td className="py-1.5 text-right whitespace-nowrap">
                    {k.revokedAt ? (
                      <span>Revoked</span>
                    ) : confirming === k.id ? (
                      <span className="inline-flex items-center gap-1">
                        <span>Revoke? Calls with it fail from now on.</span>
                        <button type="button" className={`${buttonClass} border-red-300 text-red-700 dark:border-red-800 dark:text-red-300`} disabled={busy} onClick={() => void revoke(k.id)}>
                          Revoke
                        </button>
                        <button type="button" className={buttonClass} onClick={() => setConfirming(null)}>
                          Cancel
                        </button>
                      </span>
                    ) : (
                      <button type="button" className={buttonClass} onClick={() => setConfirming(k.id)} aria-label={`Revoke ${k.name}`}>
                        Revoke
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </section>
  );
}
