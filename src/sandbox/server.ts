/**
 * @module `startSandbox()`: a local, stateful, Chaport-compatible API on 127.0.0.1, for trying the
 * connector without an account and for testing clients. It checks the bearer token, wraps replies
 * in `{"result": ...}`, pages visitors with `links.next`, answers 404 for unknown ids and 400 with a
 * clear body for bad requests, applies writes, delivers hook events, and injects faults on request.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { listen, readBody, stopServer } from '../net/local-server.js';
import { createFaults, type FaultOptions } from './faults.js';
import { ROUTES, type RouteResult } from './routes.js';
import { SandboxStore, SimError } from './store.js';
import { deliverWebhooks, type WebhookDelivery } from './webhooks.js';

export interface SandboxOptions extends FaultOptions {
  /** @default 0 (a free port) */
  port?: number;
  /** @default '127.0.0.1' */
  host?: string;
  /** The same seed gives the same data. @default 1 */
  seed?: number;
  /** @default 1000 */
  visitors?: number;
  /** Visitors per page of GET /visitors (Chaport's real page size is undocumented). @default 50 */
  pageSize?: number;
  /** The token clients must send. @default a random `sandbox-…` token */
  token?: string;
  /** Told of every hook delivery attempt. */
  onWebhook?: (delivery: WebhookDelivery) => void;
  /** Told of every request, e.g. for a log. */
  onRequest?: (method: string, path: string, status: number) => void;
}

export interface Sandbox {
  /** e.g. http://127.0.0.1:4010/api/v1: use as CHAPORT_BASE_URL or the `baseUrl` option. */
  baseUrl: string;
  token: string;
  port: number;
  store: SandboxStore;
  stop(): Promise<void>;
}

const PREFIX = '/api/v1';
const MAX_BODY = 1024 * 1024;

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const seed = options.seed ?? 1;
  const token = options.token ?? `sandbox-${randomBytes(12).toString('hex')}`;
  const pageSize = options.pageSize ?? 50;
  const onWebhook = options.onWebhook ?? (() => undefined);
  const stopping = new AbortController();
  const timers = new Set<NodeJS.Timeout>();
  const store: SandboxStore = new SandboxStore(seed, options.visitors ?? 1000, (event, visitorId, chatId) =>
    deliverWebhooks(store, event, visitorId, chatId, PREFIX, onWebhook, stopping.signal),
  );
  const fault = createFaults(options, seed);
  const expected = Buffer.from(`Bearer ${token}`);

  const server = createServer((request, response) => {
    const reply = (answered: Reply): void => {
      send(response, answered);
      options.onRequest?.(request.method ?? 'GET', request.url ?? '/', answered.status);
    };
    readBody(request, MAX_BODY)
      .then(async (bytes) => {
        if (bytes === undefined) {
          reply({ ...failure(413, 'too_large', `The request body is larger than ${MAX_BODY} bytes.`), headers: { connection: 'close' } });
          return;
        }
        if (options.latencyMs) await delay(options.latencyMs);
        reply(answer(request, bytes.toString('utf8')));
      })
      .catch((error: unknown) => reply(failure(500, 'internal_error', `The sandbox failed: ${error instanceof Error ? error.message : String(error)}`)));
  });

  function delay(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });
  }

  function answer(request: IncomingMessage, raw: string): Reply {
    const decision = fault();
    if (decision.kind === 'limit') {
      return { ...failure(429, 'rate_limited', 'Too many requests.'), headers: { 'retry-after': String(decision.retryAfterSeconds) } };
    }
    if (decision.kind === 'fail') return failure(503, 'unavailable', 'Injected failure (sandbox --failure-rate).');
    const presented = Buffer.from(request.headers.authorization ?? request.headers['authentication']?.toString() ?? '');
    if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) {
      return failure(401, 'unauthorized', 'Missing or invalid token: send "Authorization: Bearer <token>".');
    }
    const url = new URL(request.url ?? '/', 'http://sandbox');
    if (!url.pathname.startsWith(`${PREFIX}/`)) return failure(404, 'not_found', `No such endpoint: ${url.pathname}.`);
    let body: unknown;
    try {
      body = raw === '' ? undefined : JSON.parse(raw);
    } catch {
      return failure(400, 'invalid_json', 'The request body is not valid JSON.');
    }
    const segments = url.pathname.slice(PREFIX.length).split('/').slice(1);
    let pathMatched = false;
    for (const [method, pattern, handler] of ROUTES) {
      const params = match(pattern, segments);
      if (params === undefined) continue;
      pathMatched = true;
      if (method !== request.method) continue;
      try {
        return toReply(handler({ store, params, query: url.searchParams, body, pageSize, prefix: PREFIX }));
      } catch (error) {
        if (error instanceof SimError) return failure(error.status, error.code, error.message);
        throw error; // answered 500 by the request handler
      }
    }
    return pathMatched
      ? failure(405, 'method_not_allowed', `${request.method} is not supported on ${url.pathname}.`)
      : failure(404, 'not_found', `No such endpoint: ${url.pathname}.`);
  }

  const { origin, port } = await listen(server, options.port, options.host);
  return {
    baseUrl: `${origin}${PREFIX}`,
    token,
    port,
    store,
    stop: () => {
      stopping.abort();
      for (const timer of timers) clearTimeout(timer);
      return stopServer(server);
    },
  };
}

interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

function toReply(result: RouteResult): Reply {
  if (result === null) return { status: 204 };
  return { status: result.status ?? 200, body: result.links ? { result: result.result, links: result.links } : { result: result.result } };
}

function failure(status: number, code: string, message: string): Reply {
  return { status, body: { error: { code, message } } };
}

function send(response: ServerResponse, reply: Reply): void {
  const payload = reply.body === undefined ? '' : JSON.stringify(reply.body);
  response.writeHead(reply.status, { ...(payload ? { 'content-type': 'application/json; charset=utf-8' } : {}), ...reply.headers });
  response.end(payload);
}

/** Path parameters when `segments` fit `pattern` (e.g. /visitors/:visitorId), else undefined. */
function match(pattern: string, segments: string[]): Record<string, string> | undefined {
  const parts = pattern.split('/').slice(1);
  if (parts.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (const [index, part] of parts.entries()) {
    const segment = segments[index] as string;
    if (part.startsWith(':')) {
      try {
        params[part.slice(1)] = decodeURIComponent(segment);
      } catch {
        return undefined;
      }
    } else if (part !== segment) return undefined;
  }
  return params;
}
