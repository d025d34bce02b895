'use client';

import { formatBytes } from '@/lib/format';
import type { LocalStatus } from '@/lib/models/local/status';
import { ModalDialog } from '../modal-dialog';
import { useLocalStatus, type PullView } from './use-local-status';

const section = 'rounded-lg border border-zinc-200 p-3 dark:border-zinc-800';
const h3 = 'text-sm font-semibold text-zinc-900 dark:text-zinc-100';
const muted = 'text-xs text-zinc-500 dark:text-zinc-400';
const button =
  'rounded-md border border-zinc-300 px-2.5 py-1 text-xs font-medium text-zinc-800 hover:bg-zinc-100 disabled:cursor-not-allowed disabled:opacity-50 dark:border-zinc-700 dark:text-zinc-100 dark:hover:bg-zinc-800';
const primary = 'rounded-md bg-indigo-600 px-2.5 py-1 text-xs font-medium text-white hover:bg-indigo-500 disabled:cursor-not-allowed disabled:opacity-50';

/** The models on this machine: files, downloads, local servers. */
export function LocalModelsDialog({ onClose }: { onClose(): void }) {
  const { status, loadError, pull, refresh, download, cancel } = useLocalStatus(true);

  return (
    <ModalDialog
      title="Local models"
      description={
        <>
          Real LLMs on this machine: no key, no bill, nothing leaves it. (The <span className="font-mono">offline:</span> models are simulations, not LLMs.)
        </>
      }
      width="44rem"
      testId="local-models-dialog"
      closeLabel="Close local models"
      focusClose
      onClose={onClose}
    >
      <div className="flex flex-col gap-3 p-4">
        {loadError && (
          <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-950 dark:text-red-200">
            {loadError}
          </p>
        )}
        {!status && !loadError && <p className={muted}>Looking at this machine…</p>}
        {status && (
          <>
            <ModelFiles status={status} onRescan={refresh} />
            <Downloads status={status} pull={pull} onDownload={download} onCancel={cancel} />
            <Servers status={status} />
          </>
        )}
      </div>
    </ModalDialog>
  );
}

function StatusBadge({ status }: { status: LocalStatus['files'][number]['status'] }) {
  const style = {
    ready: 'border-emerald-300 bg-emerald-50 text-emerald-800 dark:border-emerald-800 dark:bg-emerald-950 dark:text-emerald-300',
    checking: 'border-zinc-300 bg-zinc-50 text-zinc-600 dark:border-zinc-700 dark:bg-zinc-800 dark:text-zinc-300',
    unavailable: 'border-red-300 bg-red-50 text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-300',
  }[status];
  const label = { ready: 'ready', checking: 'checking…', unavailable: 'unavailable' }[status];
  return <span className={`shrink-0 rounded-full border px-2 py-0.5 text-[11px] font-medium ${style}`}>{label}</span>;
}

function ModelFiles({ status, onRescan }: { status: LocalStatus; onRescan(): void }) {
  return (
    <section className={section} aria-label="Model files" data-testid="local-files">
      <div className="mb-2 flex items-baseline gap-2">
        <h3 className={h3}>Model files</h3>
        <span className={muted}>
          in <code className="font-mono">{status.dir}</code> (<code className="font-mono">MODELS_DIR</code>) · run by the embedded llama.cpp
        </span>
        <button type="button" className={`${button} ml-auto`} onClick={onRescan}>
          Rescan
        </button>
      </div>
      {status.files.length === 0 ? (
        <p className={muted}>No .gguf files yet. Download the recommended models below, or copy GGUF files into the folder.</p>
      ) : (
        <ul className="flex flex-col divide-y divide-zinc-100 dark:divide-zinc-800">
          {[...status.files].sort((a, b) => Number(a.status === 'unavailable') - Number(b.status === 'unavailable')).map((f) => (
            <li key={f.name} className="py-2" data-testid="local-file" data-status={f.status}>
              <div className="flex items-center gap-2">
                <span className="truncate font-mono text-xs font-medium">{f.id}</span>
                <StatusBadge status={f.status} />
              </div>
              <p className={muted}>{f.description}</p>
              {f.reason && (
                <p className="mt-0.5 text-xs text-red-700 dark:text-red-300" data-testid="local-file-reason">
                  {f.reason}
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Progress({ received, total, rate }: { received: number; total: number; rate: number }) {
  const percent = Math.min(100, (received / total) * 100);
  return (
    <div className="mt-1 flex items-center gap-2">
      <div
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(percent)}
        aria-label="Download progress"
        className="h-1.5 flex-1 overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800"
      >
        <div className="h-full rounded-full bg-indigo-600 transition-[width] duration-200" style={{ width: `${percent}%` }} />
      </div>
      <span className="w-44 shrink-0 text-right font-mono text-[11px] text-zinc-500 tabular-nums dark:text-zinc-400">
        {percent.toFixed(1)}% · {formatBytes(received)}
        {rate > 0 ? ` · ${formatBytes(rate)}/s` : ''}
      </span>
    </div>
  );
}

function Downloads({ status, pull, onDownload, onCancel }: { status: LocalStatus; pull: PullView; onDownload(files?: string[]): void; onCancel(): void }) {
  const missing = status.recommended.filter((m) => !m.present);
  const downloaded = pull.finished?.ok && Object.values(pull.files).some((e) => e.type === 'done' && !e.alreadyPresent);
  return (
    <section className={section} aria-label="Recommended downloads" data-testid="local-downloads">
      <div className="mb-2 flex items-baseline gap-2">
        <h3 className={h3}>Recommended small models</h3>
        <span className={muted}>Apache-2.0 · Hugging Face · checksummed</span>
        <span className="ml-auto" />
        {pull.running ? (
          <button type="button" className={button} onClick={onCancel}>
            Cancel
          </button>
        ) : (
          missing.length > 0 && (
            <button type="button" className={`${primary} whitespace-nowrap`} onClick={() => onDownload(missing.map((m) => m.file))}>
              Download {missing.length === status.recommended.length ? 'all' : 'the rest'} ({formatBytes(missing.reduce((n, m) => n + m.bytes, 0))})
            </button>
          )
        )}
      </div>
      {pull.error && (
        <div role="alert" className="mb-2 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-xs text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200" data-testid="pull-error">
          <p className="font-medium">{pull.error.offline ? 'No internet connection' : 'The download failed'}</p>
          <p>{pull.error.message.replace(/^No internet connection: c/, 'C')}</p>
          {pull.error.offline && <p className="mt-1">Elsewhere: run <code className="font-mono">npm run models:pull</code> on a machine with internet and copy the files here.</p>}
        </div>
      )}
      {downloaded && (
        <p role="status" className="mb-2 flex items-center gap-2 text-xs text-emerald-800 dark:text-emerald-300">
          Downloaded and verified. Reload the page to use them.
          <button type="button" className={button} onClick={() => window.location.reload()}>
            Reload
          </button>
        </p>
      )}
      <ul className="flex flex-col divide-y divide-zinc-100 dark:divide-zinc-800">
        {status.recommended.map((m) => {
          const event = pull.files[m.file];
          return (
            <li key={m.file} className="py-2" data-testid="recommended-model">
              <div className="flex items-center gap-2">
                <span className="truncate text-sm">{m.label}</span>
                <span className={muted}>
                  {formatBytes(m.bytes)} ·{' '}
                  <a href={m.source} target="_blank" rel="noreferrer" className="underline decoration-dotted hover:text-zinc-900 dark:hover:text-zinc-100">
                    {m.license}
                  </a>
                </span>
                <span className="ml-auto text-xs">
                  {m.present ? (
                    <span className="text-emerald-700 dark:text-emerald-400">in the folder ✓</span>
                  ) : event?.type === 'verifying' ? (
                    <span className={muted}>checking SHA-256…</span>
                  ) : !pull.running ? (
                    <button type="button" className={button} onClick={() => onDownload([m.file])}>
                      {m.partialBytes ? `Resume (${formatBytes(m.partialBytes)} done)` : 'Download'}
                    </button>
                  ) : event ? null : (
                    <span className={muted}>waiting…</span>
                  )}
                </span>
              </div>
              {!m.present && event?.type === 'progress' && <Progress received={event.received} total={event.total} rate={event.bytesPerSecond} />}
              {!m.present && event?.type === 'start' && <Progress received={event.resumedFrom} total={event.total} rate={0} />}
            </li>
          );
        })}
      </ul>
      <p className={`${muted} mt-1`}>
        Same as <code className="font-mono">npm run models:pull</code> in a terminal.
      </p>
    </section>
  );
}

function Servers({ status }: { status: LocalStatus }) {
  return (
    <section className={section} aria-label="Local servers" data-testid="local-servers">
      <h3 className={`${h3} mb-2`}>Local servers</h3>
      {status.servers.length === 0 ? (
        <p className={muted}>Probing is off (LOCAL_SERVERS=off).</p>
      ) : (
        <ul className="flex flex-col gap-1.5">
          {status.servers.map((s) => (
            <li key={s.id} className="flex items-center gap-2 text-xs" data-testid="local-server" data-answering={s.answering}>
              <span className={`size-2 shrink-0 rounded-full ${s.answering ? 'bg-emerald-500' : 'bg-zinc-300 dark:bg-zinc-600'}`} aria-hidden />
              <span className="w-32 shrink-0 font-medium">{s.label}</span>
              <code className="font-mono text-zinc-500 dark:text-zinc-400">{s.url}</code>
              <span className={`ml-auto ${muted}`}>
                {s.answering ? `answering · ${s.models.length} ${s.models.length === 1 ? 'model' : 'models'}` : 'not running'}
              </span>
            </li>
          ))}
        </ul>
      )}
      <p className={`${muted} mt-2`}>
        Start Ollama, LM Studio or <code className="font-mono">llama-server</code> and their models appear in the picker with a “local” badge. Other addresses:{' '}
        <code className="font-mono">OLLAMA_URL</code>, <code className="font-mono">LMSTUDIO_URL</code>, <code className="font-mono">LLAMACPP_URL</code>.
      </p>
    </section>
  );
}
