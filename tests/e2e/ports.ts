/** Ports of the two app servers the e2e tests run against, and of the fake provider. */
export const PORTS = { offline: 3100, fake: 3101, fakeProvider: 4010 } as const;
export const FAKE_PROVIDER_URL = `http://127.0.0.1:${PORTS.fakeProvider}`;
