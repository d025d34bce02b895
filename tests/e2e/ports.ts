/**
 * Ports of the two app servers the e2e tests run against, and of the fake provider.
 * E2E_PORT_OFFSET shifts them all, so that several checkouts can run their suites at once.
 */
const offset = Number(process.env.E2E_PORT_OFFSET ?? 0);
export const PORTS = { offline: 3100 + offset, fake: 3101 + offset, hardened: 3102 + offset, fakeProvider: 4010 + offset } as const;
export const FAKE_PROVIDER_URL = `http://127.0.0.1:${PORTS.fakeProvider}`;
