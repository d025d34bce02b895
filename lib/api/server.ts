import 'server-only';
import { getDatabaseHandle } from '../runs/server';
import { createApiKeyStore, type ApiKeyStore } from './keys';

const globalForKeys = globalThis as unknown as { moaApiKeyStore?: Promise<ApiKeyStore> };

export function getApiKeyStore(): Promise<ApiKeyStore> {
  globalForKeys.moaApiKeyStore ??= getDatabaseHandle().then((handle) => createApiKeyStore(handle.db));
  return globalForKeys.moaApiKeyStore;
}
