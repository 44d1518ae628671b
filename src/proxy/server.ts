/**
 * @module `startProxy()`: a local reverse proxy on 127.0.0.1 that forwards requests under the API's
 * base path (e.g. /api/v1, from the manifest) to the API through the connector's raw passthrough
 * (token injected, same confinement and retries), whatever base URL the connector is set to. Every
 * request must carry the access key printed at start, so that other local processes cannot borrow
 * the token through it, and name the proxy itself as Host without a web page's Origin (DNS rebinding). Its own failures answer `{"error":{code,message}}` with the status the
 * error table gives the code.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { asBuffer } from '../as-buffer.js';
import { apiBasePath, proxySettings } from '../catalogue/manifest.js';
import type { Connector } from '../connector.js';
import { NotFoundError, ProxyKeyError, RequestTooLargeError, toConnectorError, type ConnectorError } from '../errors/index.js';
import { accessKey, keyMatches, originRefusal } from '../net/local-guard.js';
import { answerError, listen, readBody, stopServer } from '../net/local-server.js';

export interface ProxyOptions {
  /** @default 0 (a free port) */
  port?: number;
  /** @default '127.0.0.1' */
  host?: string;
  /** The access key clients must send in the key header (see `keyHeader`), 16 characters or more. @default a random key */
  key?: string;
  /** Largest request body accepted. @default 10 MiB */
  maxBodyBytes?: number;
  onRequest?: (method: string, path: string, status: number) => void;
}

export interface Proxy {
  /** e.g. http://127.0.0.1:4011/api/v1 */
  url: string;
  key: string;
  /** The request header that carries the key, e.g. `x-chaport-proxy-key`. */
  keyHeader: string;
  port: number;
  stop(): Promise<void>;
}

/** Not forwarded in either direction: they describe one hop, or are the proxy's own. */
const HOP_BY_HOP = ['host', 'connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer', 'expect', 'content-length', 'authorization', 'accept-encoding'];
/** One-hop reply headers, and those that no longer describe the decompressed bytes the passthrough hands over. */
const STALE_REPLY_HEADERS = new Set(['content-encoding', 'content-length', 'transfer-encoding', 'connection', 'keep-alive', 'upgrade', 'trailer', 'proxy-authenticate']);
export async function startProxy(connector: Connector, options: ProxyOptions = {}): Promise<Proxy> {
  const key = accessKey(options.key, "The proxy's access key");
  const limit = options.maxBodyBytes ?? 10 * 1024 * 1024;
  const { manifest } = connector;
  const prefix = apiBasePath(manifest);
  const keyHeader = proxySettings(manifest).keyHeader.toLowerCase();
  const notForwarded = new Set([...HOP_BY_HOP, manifest.auth.header.toLowerCase(), keyHeader]);

  const host = options.host ?? '127.0.0.1';
  /** Known once listening, before any request arrives. */
  let port = 0;
  const server = createServer((request, response) => {
    const method = request.method ?? 'GET';
    const done = (status: number): void => options.onRequest?.(method, request.url ?? '/', status);
    const fail = (error: ConnectorError): void => done(answerError(response, error));
    const refused = originRefusal(request.headers, host, port);
    if (refused !== undefined) {
      request.resume();
      fail(refused);
      return;
    }
    if (!keyMatches(String(request.headers[keyHeader] ?? ''), key)) {
      request.resume();
      fail(new ProxyKeyError(keyHeader));
      return;
    }
    const url = new URL(request.url ?? '/', 'http://proxy');
    if (!url.pathname.startsWith(`${prefix}/`)) {
      request.resume();
      const facts = { action: 'proxy', status: 404, method, path: url.pathname, attempts: 0 };
      fail(new NotFoundError(`Only paths under ${prefix}/ are forwarded.`, facts));
      return;
    }
    readBody(request, limit)
      .then(async (body) => {
        if (body === undefined) {
          fail(new RequestTooLargeError(limit));
          return;
        }
        const reply = await connector.request({
          method,
          // Whole, base path included: the passthrough removes it exactly once, whatever the connector's own base path.
          path: `${url.pathname}${url.search}`,
          headers: forwardable(request.headers, notForwarded),
          ...(body.length > 0 ? { body } : {}),
          // The proxy passes bytes on: it neither parses nor checks them, so no reply costs it more than its size.
        }, { parse: false });
        // Whatever the API echoes of the token, in any form, stops here: the key holder is not the token holder.
        const headers = Object.fromEntries(
          Object.entries(reply.headers)
            .filter(([name]) => !STALE_REPLY_HEADERS.has(name))
            .map(([name, value]) => [name, Array.isArray(value) ? value.map(connector.scrub) : value === undefined ? value : connector.scrub(value)]),
        );
        // latin1 maps every byte to one character and back, so a binary body passes unchanged unless it holds the token.
        const text = asBuffer(reply.body).toString('latin1');
        const scrubbed = connector.scrub(text);
        const passed = scrubbed === text ? reply.body : Buffer.from(scrubbed, 'latin1');
        // A delivered request whose reply could not be read: its status, no body, and a warning that says so.
        if (reply.unread !== undefined) headers['warning'] = `199 - "delivered, but ${reply.unread.replace(/"/g, "'")}"`;
        response.writeHead(reply.status, { ...headers, 'content-length': String(passed.length) });
        response.end(passed);
        done(reply.status);
      })
      .catch((error: unknown) => fail(toConnectorError(error)));
  });
  const listening = await listen(server, options.port, host);
  port = listening.port;
  return { url: `${listening.origin}${prefix}`, key, keyHeader, port, stop: () => stopServer(server) };
}

function forwardable(headers: IncomingHttpHeaders, notForwarded: ReadonlySet<string>): Record<string, string> {
  // Headers that the Connection header names are for this hop only, too.
  const named = new Set(String(headers.connection ?? '').split(',').map((name) => name.trim().toLowerCase()));
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || notForwarded.has(name) || named.has(name)) continue;
    out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}
