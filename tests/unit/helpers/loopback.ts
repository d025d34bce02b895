import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Starts `server` on a free loopback port; resolves to its base URL. */
export async function listenOnLoopback(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Closes `server`, its open connections too. */
export const closeServer = (server: Server) => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve())));

/** The base URL of a loopback port nothing listens on: connections are refused at once. */
export async function closedPort(): Promise<string> {
  const probe = createServer();
  const url = await listenOnLoopback(probe);
  await new Promise((resolve) => probe.close(resolve));
  return url;
}
