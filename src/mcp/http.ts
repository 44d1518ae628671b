/**
 * @module `chaport mcp --http`: the MCP server over Streamable HTTP at /mcp on 127.0.0.1. Each request
 * must name the server itself as Host and carry no foreign Origin (DNS rebinding), and must carry the
 * access key as a bearer token, so that other local processes and web pages cannot use the API token
 * through it. Requests are handed to the SDK's web-standard handler; replies are scrubbed of the token.
 */
import { createServer, type IncomingMessage } from 'node:http';
import { createMcpHandler } from '@modelcontextprotocol/server';
import { AccessKeyError, NotFoundError, RequestTooLargeError, toConnectorError } from '../errors/index.js';
import { accessKey, keyMatches, originRefusal } from '../net/local-guard.js';
import { answerError, listen, readBody, stopServer } from '../net/local-server.js';
import { writeScrubbed } from '../net/scrubbed-body.js';
import type { McpServerFactory } from './server.js';

export interface McpHttpOptions {
  /** @default 0 (a free port) */
  port?: number;
  /** @default '127.0.0.1' */
  host?: string;
  /** The access key clients send as `Authorization: Bearer <key>`, 16 characters or more. @default a random key */
  key?: string;
  /** The variable the key is printed as and read from, named in the error for a missing key. */
  keyEnv: string;
  /** Removes the API token from a reply. */
  scrub: (text: string) => string;
  /** Largest request body accepted. @default 4 MiB */
  maxBodyBytes?: number;
  onRequest?: (method: string, path: string, status: number) => void;
}

export interface McpHttpServer {
  /** e.g. http://127.0.0.1:4012/mcp */
  url: string;
  key: string;
  port: number;
  stop(): Promise<void>;
}

const MCP_PATH = '/mcp';
export async function startMcpHttp(factory: McpServerFactory, options: McpHttpOptions): Promise<McpHttpServer> {
  const key = accessKey(options.key, `The MCP server's access key (${options.keyEnv})`);
  const host = options.host ?? '127.0.0.1';
  const limit = options.maxBodyBytes ?? 4 * 1024 * 1024;
  const handler = createMcpHandler(factory, { maxRequestBodySize: limit });
  /** Known once listening, before any request arrives. */
  let port = 0;

  const server = createServer((request, response) => {
    const method = request.method ?? 'GET';
    const path = request.url ?? '/';
    const done = (status: number): void => options.onRequest?.(method, path, status);
    const refusal =
      originRefusal(request.headers, host, port) ??
      (new URL(path, 'http://mcp').pathname !== MCP_PATH ? new NotFoundError(`The MCP endpoint is ${MCP_PATH}.`, { action: 'mcp', status: 404, method, path, attempts: 0 }) : undefined) ??
      (keyMatches(bearer(request), key) ? undefined : new AccessKeyError(options.keyEnv));
    if (refusal !== undefined) {
      request.resume();
      done(answerError(response, refusal, refusal instanceof AccessKeyError ? { 'www-authenticate': 'Bearer' } : {}));
      return;
    }
    readBody(request, limit)
      .then(async (body) => {
        if (body === undefined) {
          done(answerError(response, new RequestTooLargeError(limit)));
          return;
        }
        const reply = await handler.fetch(
          new Request(`http://${host}:${port}${path}`, {
            method,
            headers: Object.entries(request.headers).flatMap(([name, value]) => (value === undefined ? [] : [[name, Array.isArray(value) ? value.join(', ') : value] as [string, string]])),
            ...(method === 'GET' || method === 'HEAD' ? {} : { body }),
          }),
        );
        const headers: Record<string, string> = {};
        reply.headers.forEach((value, name) => {
          if (name !== 'content-length') headers[name] = value;
        });
        response.writeHead(reply.status, headers);
        done(reply.status);
        if (reply.body !== null) await writeScrubbed(reply.body, response, options.scrub, (reply.headers.get('content-type') ?? '').includes('text/event-stream'));
        response.end();
      })
      .catch((error: unknown) => {
        if (response.headersSent) response.destroy();
        else done(answerError(response, toConnectorError(error)));
      });
  });
  const listening = await listen(server, options.port, host);
  port = listening.port;
  return {
    url: `${listening.origin}${MCP_PATH}`,
    key,
    port,
    stop: async () => {
      await handler.close();
      await stopServer(server);
    },
  };
}

function bearer(request: IncomingMessage): string {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
  return match?.[1] ?? '';
}

