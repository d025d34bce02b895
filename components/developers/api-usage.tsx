'use client';

import { useEffect, useState } from 'react';
import { API_KEY_ENV, apiSnippet, SNIPPET_LANGUAGES, type SnippetLanguage } from '@/lib/api/snippets';
import { useSavedConfigs } from '@/lib/stores/saved-configs-store';

const tabClass = (active: boolean) =>
  `rounded-md px-2.5 py-1 text-xs font-medium focus-visible:outline-2 focus-visible:outline-indigo-500 ${active ? 'bg-indigo-600 text-white' : 'text-zinc-600 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800'}`;

/** The base URL, a model to call and copy-paste snippets for it. */
export function ApiUsage({ presets }: { presets: { id: string; label: string }[] }) {
  const [origin, setOrigin] = useState<string | null>(null);
  const [model, setModel] = useState(`moa/${presets[1]?.id ?? presets[0].id}`);
  const [language, setLanguage] = useState<SnippetLanguage>('curl');
  const [copied, setCopied] = useState<string | null>(null);
  const saved = useSavedConfigs((s) => s.configs);
  useEffect(() => {
    setOrigin(window.location.origin);
    void useSavedConfigs.getState().refresh();
  }, []);
  const baseUrl = `${origin ?? ''}/api/v1`;
  const snippet = apiSnippet(language, baseUrl, model);
  const copy = async (what: string, text: string) => {
    await navigator.clipboard.writeText(text).catch(() => {});
    setCopied(what);
    setTimeout(() => setCopied(null), 1500);
  };

  return (
    <section aria-labelledby="api-usage" className="rounded-xl border border-zinc-200 bg-white p-4 shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
      <h2 id="api-usage" className="text-sm font-semibold">
        Call a MoA from your code
      </h2>
      <p className="mt-1 text-xs text-zinc-500 dark:text-zinc-400">
        OpenAI’s Chat Completions, so any OpenAI-compatible client works. Every call is a stored run: the <code>x-moa-run-id</code> header and the <code>moa.url</code> field open its grid, agent by agent.
      </p>
      <dl className="mt-3 grid grid-cols-[auto_minmax(0,1fr)] items-center gap-x-3 gap-y-2 text-xs">
        <dt className="font-medium">Base URL</dt>
        <dd className="flex items-center gap-2">
          <code className="min-w-0 flex-1 truncate rounded bg-zinc-100 px-2 py-1 font-mono dark:bg-zinc-950" data-testid="api-base-url">
            {origin ? baseUrl : '…'}
          </code>
          <button type="button" onClick={() => void copy('base', baseUrl)} className="rounded-md border border-zinc-300 px-2 py-1 font-medium hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800">
            {copied === 'base' ? 'Copied' : 'Copy'}
          </button>
        </dd>
        <dt>
          <label htmlFor="api-model" className="font-medium">
            Model
          </label>
        </dt>
        <dd>
          <select id="api-model" value={model} onChange={(e) => setModel(e.target.value)} className="w-full rounded-md border border-zinc-300 bg-white px-2 py-1 dark:border-zinc-700 dark:bg-zinc-950" data-testid="api-model">
            <optgroup label="Presets">
              {presets.map((p) => (
                <option key={p.id} value={`moa/${p.id}`}>
                  moa/{p.id} — {p.label}
                </option>
              ))}
            </optgroup>
            {saved.length > 0 && (
              <optgroup label="Your saved configurations">
                {saved.map((c) => (
                  <option key={c.slug} value={`moa/${c.slug}`}>
                    moa/{c.slug} — {c.name} (latest; moa/{c.slug}@{c.latestVersion} fixes v{c.latestVersion})
                  </option>
                ))}
              </optgroup>
            )}
          </select>
        </dd>
      </dl>
      <div className="mt-3 flex flex-wrap items-center gap-1">
        {/* Tabs: arrow keys move between them (one tab stop), as the ARIA pattern has it. */}
        <div role="tablist" aria-label="Snippet language" className="flex flex-wrap gap-1">
          {SNIPPET_LANGUAGES.map((l, i) => (
            <button
              key={l.id}
              id={`snippet-tab-${l.id}`}
              type="button"
              role="tab"
              aria-selected={language === l.id}
              aria-controls="api-snippet"
              tabIndex={language === l.id ? 0 : -1}
              className={tabClass(language === l.id)}
              onClick={() => setLanguage(l.id)}
              onKeyDown={(e) => {
                const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
                if (!step) return;
                e.preventDefault();
                const next = SNIPPET_LANGUAGES[(i + step + SNIPPET_LANGUAGES.length) % SNIPPET_LANGUAGES.length].id;
                setLanguage(next);
                document.getElementById(`snippet-tab-${next}`)?.focus();
              }}
            >
              {l.label}
            </button>
          ))}
        </div>
        <button type="button" onClick={() => void copy('snippet', snippet)} className="ml-auto rounded-md border border-zinc-300 px-2 py-1 text-xs font-medium hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800" data-testid="api-snippet-copy">
          {copied === 'snippet' ? 'Copied' : 'Copy snippet'}
        </button>
      </div>
      {/* Focusable, so a keyboard can scroll a long line. */}
      <pre
        id="api-snippet"
        role="tabpanel"
        aria-labelledby={`snippet-tab-${language}`}
        tabIndex={0}
        className="mt-2 max-h-80 overflow-auto rounded-lg bg-zinc-950 p-3 font-mono text-[11px] leading-relaxed text-zinc-100 focus-visible:outline-2 focus-visible:outline-indigo-500"
        data-testid="api-snippet"
      >
        {origin ? snippet : ''}
      </pre>
      <p className="mt-2 text-xs text-zinc-500 dark:text-zinc-400">
        Set <code>{API_KEY_ENV}</code> to a key from the left. Parameters a MoA cannot honour (<code>n</code> &gt; 1, tools, images, audio…) are refused by name; <code>max_tokens</code>, <code>temperature</code> and <code>top_p</code> apply to the final aggregator. The schema:{' '}
        <a href="/api/v1/openapi.json" className="text-indigo-700 underline dark:text-indigo-300">
          /api/v1/openapi.json
        </a>
        .
      </p>
    </section>
  );
}
