/**
 * @module What a local server checks before anything else: that the request names this server
 * (Host) and does not come from a web page (Origin), the defence against DNS rebinding, and that it
 * carries the server's access key, compared in constant time.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { ConfigError, OriginRefusedError } from '../errors/index.js';

/** The shortest access key a local server accepts from its user. */
const MIN_KEY_LENGTH = 16;

/** The key chosen by the user (checked for length), or a random one. `whose` names it in the error, e.g. "The proxy's access key". */
export function accessKey(chosen: string | undefined, whose: string): string {
  if (chosen === undefined) return randomBytes(18).toString('base64url');
  if (chosen.length < MIN_KEY_LENGTH) throw new ConfigError(`${whose} must have at least ${MIN_KEY_LENGTH} characters.`);
  return chosen;
}

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

/** Whether `presented` is the key, compared in constant time (digests of equal length, so not even the key's length shows). */
export function keyMatches(presented: string, key: string): boolean {
  const digest = (text: string): Buffer => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(presented), digest(key));
}
