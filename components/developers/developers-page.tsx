'use client';

import type { ModelInfo } from '@/lib/models/types';
import { ModePage } from '../mode-page';
import { ApiKeysPanel } from './api-keys-panel';
import { ApiUsage } from './api-usage';

/** The API page: keys on the left, how to call a MoA on the right. */
export function DevelopersPage({ models, presets }: { models: ModelInfo[]; presets: { id: string; label: string }[] }) {
  return (
    <ModePage title="API" description="Use any MoA you build here as one model, from your own code and tools (OpenAI-compatible)." models={models}>
      <div className="grid grid-cols-1 items-start gap-4 lg:grid-cols-2">
        <ApiKeysPanel />
        <ApiUsage presets={presets} />
      </div>
    </ModePage>
  );
}
