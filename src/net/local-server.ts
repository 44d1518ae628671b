/** @module What the local HTTP servers (sandbox, proxy, MCP) share: listening, stopping, reading bodies, answering errors. */
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ERRORS, type ConnectorError } from '../errors/index.js';

/** Listens (127.0.0.1 and a free port by default) and returns the origin, e.g. http://127.0.0.1:4010. */
export async function listen(server: Server, port = 0, host = '127.0.0.1'): Promise<{ origin: string; port: number }> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const address = server.address() as AddressInfo;
  const shown = address.address.includes(':') ? `[${address.address}]` : address.address;
  return { origin: `http://${shown}:${address.port}`, port: address.port };
}

/** Closes the server and every open connection. */
export function stopServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}

/** The whole body, or undefined when it is longer than `limit` bytes (the rest is read and dropped). */
export function readBody(request: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    request.on('end', () => resolve(size > limit ? undefined : Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

/** What answering uses of a response: node:http's ServerResponse, or any object shaped like it. */
export interface JsonResponse {
  writeHead(status: number, headers?: Record<string, string>): unknown;
  end(body?: string): unknown;
}

/** Answers `body` as JSON with `status`. */
export function answerJson(response: JsonResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) });
  response.end(text);
}

/** Answers `{"error":{code,message}}` with the status the error table gives the code; returns the status. */
export function answerError(response: JsonResponse, error: ConnectorError, headers: Record<string, string> = {}): number {
  const { status } = ERRORS[error.code];
  answerJson(response, status, { error: { code: error.code, message: error.message } }, headers);
  return status;
}
