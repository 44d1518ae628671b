/**
 * @module `startProxy()`: a local reverse proxy on 127.0.0.1 that forwards requests under /api/v1 to
 * Chaport through the connector's raw passthrough (token injected, same confinement and retries).
 * Every request must carry the access key printed at start, so that other local processes cannot
 * borrow the token through it.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { Connector } from '../connector.js';
import { ConfigError, isConnectorError } from '../errors.js';
import { listen, readBody, stopServer } from '../net/local-server.js';

export const PROXY_KEY_HEADER = 'x-chaport-proxy-key';

export interface ProxyOptions {
  /** @default 0 (a free port) */
  port?: number;
  /** @default '127.0.0.1' */
  host?: string;
  /** The access key clients must send in the `x-chaport-proxy-key` header, 16 characters or more. @default a random key */
  key?: string;
  /** Largest request body accepted. @default 10 MiB */
  maxBodyBytes?: number;
  onRequest?: (method: string, path: string, status: number) => void;
}

export interface Proxy {
  /** e.g. http://127.0.0.1:4011/api/v1 */
  url: string;
  key: string;
  port: number;
  stop(): Promise<void>;
}

const PREFIX = '/api/v1';
/** Not forwarded in either direction: they describe one hop, or are the proxy's own. */
const HOP_BY_HOP = new Set(['host', 'connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer', 'expect', 'content-length', 'authorization', 'accept-encoding', PROXY_KEY_HEADER]);
/** One-hop reply headers, and those that no longer describe the decompressed bytes the passthrough hands over. */
const STALE_REPLY_HEADERS = new Set(['content-encoding', 'content-length', 'transfer-encoding', 'connection', 'keep-alive', 'upgrade', 'trailer', 'proxy-authenticate']);
const MIN_KEY_LENGTH = 16;

export async function startProxy(connector: Connector, options: ProxyOptions = {}): Promise<Proxy> {
  const key = options.key ?? randomBytes(18).toString('base64url');
  if (key.length < MIN_KEY_LENGTH) throw new ConfigError(`The proxy's access key must have at least ${MIN_KEY_LENGTH} characters.`);
  const expected = Buffer.from(key);
  const limit = options.maxBodyBytes ?? 10 * 1024 * 1024;

  const server = createServer((request, response) => {
    const done = (status: number): void => options.onRequest?.(request.method ?? 'GET', request.url ?? '/', status);
    const presented = Buffer.from(String(request.headers[PROXY_KEY_HEADER] ?? ''));
    if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) {
      request.resume();
      json(response, 401, 'ERR_PROXY_KEY', `Send the proxy's access key in the ${PROXY_KEY_HEADER} header.`);
      done(401);
      return;
    }
    const url = new URL(request.url ?? '/', 'http://proxy');
    if (!url.pathname.startsWith(`${PREFIX}/`)) {
      request.resume();
      json(response, 404, 'ERR_NOT_FOUND', `Only paths under ${PREFIX}/ are forwarded.`);
      done(404);
      return;
    }
    readBody(request, limit)
      .then(async (body) => {
        if (body === undefined) {
          json(response, 413, 'ERR_TOO_LARGE', `The request body is larger than ${limit} bytes.`);
          done(413);
          return;
        }
        const reply = await connector.request({
          method: request.method ?? 'GET',
          // Whole, prefix included: the passthrough strips /api/v1 exactly once.
          path: `${url.pathname}${url.search}`,
          headers: forwardable(request.headers),
          ...(body.length > 0 ? { body } : {}),
        });
        const headers = Object.fromEntries(Object.entries(reply.headers).filter(([name]) => !STALE_REPLY_HEADERS.has(name)));
        response.writeHead(reply.status, { ...headers, 'content-length': String(reply.body.length) });
        response.end(reply.body);
        done(reply.status);
      })
      .catch((error: unknown) => {
        const code = isConnectorError(error) ? error.code : 'ERR_INTERNAL';
        const status = code === 'ERR_REQUEST_REFUSED' ? 400 : code === 'ERR_TIMEOUT' ? 504 : code === 'ERR_AUTH_MISSING' ? 500 : 502;
        json(response, status, code, error instanceof Error ? error.message : String(error));
        done(status);
      });
  });
  const { origin, port } = await listen(server, options.port, options.host);
  return { url: `${origin}${PREFIX}`, key, port, stop: () => stopServer(server) };
}

function forwardable(headers: IncomingHttpHeaders): Record<string, string> {
  // Headers that the Connection header names are for this hop only, too.
  const named = new Set(String(headers.connection ?? '').split(',').map((name) => name.trim().toLowerCase()));
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || HOP_BY_HOP.has(name) || named.has(name)) continue;
    out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function json(response: ServerResponse, status: number, code: string, message: string): void {
  const body = JSON.stringify({ error: { code, message } });
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) });
  response.end(body);
}
