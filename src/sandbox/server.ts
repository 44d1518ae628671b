/**
 * @module `startSandbox()`: a local, stateful API on 127.0.0.1 that behaves as the catalogue says the
 * real one does, for trying the connector without an account and for testing clients. It serves the
 * catalogue's routes under the manifest's base path, checks the bearer token, wraps replies in the
 * manifest's envelope, pages as the list actions declare, answers 404 for unknown ids and 400 with a
 * clear body for bad requests, applies writes, delivers hook events, and injects faults on request.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { builtinSource } from '../builtin-catalogue.js';
import { apiBasePath } from '../catalogue/manifest.js';
import type { Catalogue } from '../catalogue/types.js';
import { listen, readBody, stopServer } from '../net/local-server.js';
import { fillPath } from '../request/encode-path.js';
import { exampleIds } from './examples.js';
import { createFaults, type FaultOptions } from './faults.js';
import type { HandlerResult } from './handlers.js';
import { matchRoute, routesFor } from './routes.js';
import { SandboxStore, SimError } from './store.js';
import { deliverWebhooks, type SandboxWebhookDelivery } from './webhooks.js';

export interface SandboxOptions extends FaultOptions {
  /** The catalogue whose routes, base path, envelope and paging the sandbox serves. @default the built-in one */
  catalogue?: Catalogue;
  /** @default 0 (a free port) */
  port?: number;
  /** @default '127.0.0.1' */
  host?: string;
  /** The same seed gives the same data. @default 1 */
  seed?: number;
  /** @default 1000 */
  visitors?: number;
  /** Subscribe this URL (e.g. `chaport listen`'s) to every declared event at start. */
  webhookUrl?: string;
  /** Visitors per page of GET /visitors (Chaport's real page size is undocumented). @default 50 */
  pageSize?: number;
  /** The token clients must send. @default a random `sandbox-…` token */
  token?: string;
  /** Told of every hook delivery attempt. */
  onWebhook?: (delivery: SandboxWebhookDelivery) => void;
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

const MAX_BODY = 1024 * 1024;

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const catalogue = options.catalogue ?? builtinSource().catalogue();
  const prefix = apiBasePath(catalogue.manifest);
  const envelope = catalogue.manifest.envelope.key;
  const routes = routesFor(catalogue.actions);
  const userAgent = `${catalogue.manifest.key}-sandbox`;
  const linkTo = (key: string, params: Record<string, string | number>): string => {
    const target = catalogue.actions.find((action) => action.key === key);
    if (target === undefined) throw new SimError(501, 'not_implemented', `The catalogue has no ${key} for the sandbox to link to.`);
    return `${prefix}${fillPath(key, target.request.path, params)}`;
  };
  const seed = options.seed ?? 1;
  const token = options.token ?? `sandbox-${randomBytes(12).toString('hex')}`;
  const pageSize = options.pageSize ?? 50;
  const onWebhook = options.onWebhook ?? (() => undefined);
  const stopping = new AbortController();
  const timers = new Set<NodeJS.Timeout>();
  const declared = new Map(catalogue.events.map((event) => [event.name, event]));
  const store: SandboxStore = new SandboxStore(seed, options.visitors ?? 1000, (event, visitorId, chatId) =>
    deliverWebhooks(store, { event, link: linkTo('get-visitor-last-chat', { visitorId }), visitorId, chatId }, declared.get(event), userAgent, onWebhook, stopping.signal),
  );
  if (options.webhookUrl !== undefined) {
    for (const name of declared.keys()) {
      const id = store.newId();
      store.webhooks.set(id, { id, targetUrl: options.webhookUrl, event: name, essential: true, createdAt: new Date().toISOString() });
    }
  }
  store.adoptExamples(exampleIds(catalogue.actions));
  const fault = createFaults(options, seed);
  const expected = Buffer.from(`${catalogue.manifest.auth.scheme} ${token}`);
  const authHeader = catalogue.manifest.auth.header.toLowerCase();
  const legacyHeader = (catalogue.manifest.auth.legacyHeader ?? authHeader).toLowerCase();

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
    const presented = Buffer.from(String(request.headers[authHeader] ?? request.headers[legacyHeader] ?? ''));
    if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) {
      const { header, scheme } = catalogue.manifest.auth;
      return failure(401, 'unauthorized', `Missing or invalid token: send "${header}: ${scheme} <token>".`);
    }
    const url = new URL(request.url ?? '/', 'http://sandbox');
    if (!url.pathname.startsWith(`${prefix}/`)) return failure(404, 'not_found', `No such endpoint: ${url.pathname}.`);
    let body: unknown;
    try {
      body = raw === '' ? undefined : JSON.parse(raw);
    } catch {
      return failure(400, 'invalid_json', 'The request body is not valid JSON.');
    }
    const segments = url.pathname.slice(prefix.length).split('/').slice(1);
    let pathMatched = false;
    for (const route of routes) {
      const params = matchRoute(route, segments);
      if (params === undefined) continue;
      pathMatched = true;
      if (route.method !== request.method) continue;
      if (route.handler === undefined) return failure(501, 'not_implemented', `The sandbox does not simulate ${route.action.key}.`);
      try {
        return toReply(route.handler({ store, action: route.action, params, query: url.searchParams, body, pageSize, linkTo }), envelope);
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
    baseUrl: `${origin}${prefix}`,
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

/** The handler's payload under the envelope key, and its other members at their dotted paths. */
function toReply(result: HandlerResult, envelope: string): Reply {
  if (result === null) return { status: 204 };
  const body: Record<string, unknown> = { [envelope]: result.result };
  for (const [path, value] of Object.entries(result.members ?? {})) setPath(body, path, value);
  return { status: result.status ?? 200, body };
}

/** Sets `a.b.c` in `target`, making the objects on the way; an undefined value makes only the way. */
function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const steps = path.split('.');
  const last = steps.pop() as string;
  let node = target;
  for (const step of steps) node = (node[step] ??= {}) as Record<string, unknown>;
  if (value !== undefined) node[last] = value;
}

function failure(status: number, code: string, message: string): Reply {
  return { status, body: { error: { code, message } } };
}

function send(response: ServerResponse, reply: Reply): void {
  const payload = reply.body === undefined ? '' : JSON.stringify(reply.body);
  response.writeHead(reply.status, { ...(payload ? { 'content-type': 'application/json; charset=utf-8' } : {}), ...reply.headers });
  response.end(payload);
}
