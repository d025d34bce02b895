'use client';

import { useCallback } from 'react';
import { describeIssues, moaConfigSchema } from '@/lib/moa/config';
import { useConfigStoreApi } from '@/lib/stores/config-store';
import { useSavedConfigs } from '@/lib/stores/saved-configs-store';

/** Opens a saved config version on the board (one undoable edit); throws what went wrong. */
export function useOpenSaved() {
  const store = useConfigStoreApi();
  return useCallback(
    async (slug: string, version?: number): Promise<boolean> => {
      const { version: v } = await useSavedConfigs.getState().open(slug, version);
      // Saved by an older build whose limits differed: say why rather than load a broken board.
      const parsed = moaConfigSchema.safeParse(v.config);
      if (!parsed.success) throw Object.assign(new Error(`“${v.name}” v${v.version} is not a valid configuration here.`), { details: describeIssues(parsed.error) });
      store.getState().openSaved({ slug: v.slug, name: v.name, version: v.version, versionId: v.versionId }, parsed.data);
      return true;
    },
    [store],
  );
}
