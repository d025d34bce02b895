import http from 'node:http';

const PATCHED = Symbol.for('moa.stripClientForwardedFor');

/**
 * Without a trusted proxy, X-Forwarded-For comes from the client and would let it pose as
 * any address. Next.js fills the header from the socket only when it is absent (`??=`), so
 * removing the client's copy before Next.js sees the request leaves the real address.
 * Route handlers get no socket, so this is the one place the address can be pinned.
 */
export function stripClientForwardedFor() {
  const proto = http.Server.prototype as http.Server & { [PATCHED]?: boolean };
  if (proto[PATCHED]) return;
  proto[PATCHED] = true;
  const emit = proto.emit as (this: http.Server, event: string | symbol, ...args: unknown[]) => boolean;
  proto.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === 'request') delete (args[0] as http.IncomingMessage).headers['x-forwarded-for'];
    return emit.call(this, event, ...args);
  } as typeof proto.emit;
}
