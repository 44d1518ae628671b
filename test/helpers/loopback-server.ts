/**
 * An in-process HTTP server on 127.0.0.1 for tests: records every request exactly as it arrived and
 * answers from a queue of scripted replies (or a handler), so tests can assert what was sent.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach } from 'vitest';

export interface RecordedRequest {
  method: string;
  /** Path with query string, as sent on the wire. */
  url: string;
  path: string;
  query: [string, string][];
  headers: IncomingMessage['headers'];
  /** Raw body text ('' when none). */
  body: string;
  /** Raw body bytes. */
  bytes: Buffer;
  /** Parsed JSON body, or undefined. */
  json: unknown;
}

export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  /** An object is sent as JSON; a string or Buffer as is. */
  body?: unknown;
  /** Destroys the connection instead of answering. */
  hangUp?: boolean;
  delayMs?: number;
  /** Answers only once this settles: lets a test hold a page back. */
  waitFor?: Promise<unknown>;
  /** Writes the reply itself (status, headers, a streamed body); the other fields are ignored. */
  write?: (res: ServerResponse) => void;
}

export type Handler = (request: RecordedRequest) => Reply;

export interface LoopbackServer {
  /** e.g. http://127.0.0.1:43123/api/v1 */
  baseUrl: string;
  origin: string;
  requests: RecordedRequest[];
  /** Queue replies; when the queue is empty the handler (default: 200 {"result":{}}) answers. */
  reply(...replies: Reply[]): void;
  handle(handler: Handler): void;
  /** Forgets recorded requests and queued replies; the default handler answers again. */
  reset(): void;
  close(): Promise<void>;
}

const DEFAULT_HANDLER: Handler = () => ({ body: { result: {} } });

export async function startLoopbackServer(): Promise<LoopbackServer> {
  const requests: RecordedRequest[] = [];
  const queue: Reply[] = [];
  let handler: Handler = DEFAULT_HANDLER;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const bytes = Buffer.concat(chunks);
      const body = bytes.toString('utf8');
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        path: url.pathname,
        query: [...url.searchParams.entries()],
        headers: req.headers,
        body,
        bytes,
        json: parseJson(body),
      };
      requests.push(recorded);
      const reply = queue.shift() ?? handler(recorded);
      const send = (): void => answer(res, reply);
      if (reply.waitFor) void reply.waitFor.then(send, send);
      else if (reply.delayMs) setTimeout(send, reply.delayMs);
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    baseUrl: `${origin}/api/v1`,
    origin,
    requests,
    reply: (...replies) => queue.push(...replies),
    handle: (next) => {
      handler = next;
    },
    reset: () => {
      requests.length = 0;
      queue.length = 0;
      handler = DEFAULT_HANDLER;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function answer(res: ServerResponse, reply: Reply): void {
  if (reply.write) {
    reply.write(res);
    return;
  }
  if (reply.hangUp) {
    res.socket?.destroy();
    return;
  }
  const isRaw = typeof reply.body === 'string' || reply.body instanceof Buffer;
  const payload = reply.body === undefined ? '' : isRaw ? (reply.body as string | Buffer) : JSON.stringify(reply.body);
  res.writeHead(reply.status ?? 200, {
    ...(payload.length > 0 ? { 'content-type': isRaw ? 'text/plain' : 'application/json' } : {}),
    ...reply.headers,
  });
  res.end(payload);
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** One server for the test file, reset before each test. Use its members inside tests and hooks only. */
export function useLoopbackServer(): LoopbackServer {
  let live: LoopbackServer | undefined;
  beforeAll(async () => {
    live = await startLoopbackServer();
  });
  afterAll(() => live?.close());
  beforeEach(() => live?.reset());
  return new Proxy({} as LoopbackServer, {
    get(_target, key) {
      if (live === undefined) throw new Error('the loopback server is used before beforeAll started it');
      return Reflect.get(live, key) as unknown;
    },
  });
}
