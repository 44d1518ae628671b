/**
 * @module What a local server checks before anything else: that the request names this server
 * (Host) and does not come from a web page (Origin), the defence against DNS rebinding, and that it
 * carries the server's access key, compared in constant time.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { OriginRefusedError } from '../errors/index.js';

/** The names a local client may reach a server bound to `host` on `port` by. */
function localAuthorities(host: string, port: number): Set<string> {
  const names = new Set(['127.0.0.1', 'localhost', '[::1]', host.includes(':') ? `[${host}]` : host]);
  return new Set([...names].map((name) => `${name}:${port}`));
}

/** The refusal for a request whose Host is not this server's, or that carries a web page's Origin. */
export function originRefusal(headers: IncomingHttpHeaders, host: string, port: number): OriginRefusedError | undefined {
  const allowed = localAuthorities(host, port);
  const authority = (headers.host ?? '').toLowerCase();
  if (!allowed.has(authority)) return new OriginRefusedError('host', authority);
  const origin = headers.origin;
  // Native clients send no Origin; a page served by this very server would send its own.
  if (origin !== undefined && !allowed.has(origin.toLowerCase().replace(/^http:\/\//, ''))) return new OriginRefusedError('origin', origin);
  return undefined;
}

/** Whether `presented` is the key, compared in constant time. */
export function keyMatches(presented: string, key: string): boolean {
  const a = Buffer.from(presented);
  const b = Buffer.from(key);
  return a.length === b.length && timingSafeEqual(a, b);
}
