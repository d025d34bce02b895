/**
 * Ports of the app servers the e2e tests run against, and of the fake provider.
 * E2E_PORT_OFFSET shifts them all, so that several checkouts can run their suites at once.
 */
const offset = Number(process.env.E2E_PORT_OFFSET ?? 0);
export const PORTS = { offline: 3100 + offset, fake: 3101 + offset, hardened: 3102 + offset, local: 3103 + offset, fakeProvider: 4010 + offset, nothing: 4011 + offset, hardenedProvider: 4012 + offset } as const;
export const FAKE_PROVIDER_URL = `http://127.0.0.1:${PORTS.fakeProvider}`;
/** The hardened project's own fake provider: projects run at once, and each resets and reads its provider's record. */
export const HARDENED_PROVIDER_URL = `http://127.0.0.1:${PORTS.hardenedProvider}`;
/** The models folder of the `local` app server: a generated tiny model and two broken files. */
export const LOCAL_MODELS_DIR = `${process.env.TMPDIR ?? '/tmp'}/moa-e2e-models-${PORTS.local}`;
/** Each app server's run database (a PGlite folder of its own), emptied when the suite starts it. */
export const e2eDataDir = (port: number) => `${process.env.TMPDIR ?? '/tmp'}/moa-e2e-data-${port}`;
