/**
 * @module `createWebhookHandler`: receives webhook deliveries in any Node.js server. It accepts a POST
 * whose path ends in the unguessable token the subscription was made with (everything else is 404 or
 * 405), reads the raw body (or takes the one a framework already read), refuses what is too large or
 * not a JSON object, tells repeated deliveries of one occurrence apart, and hands each new delivery to
 * `onEvent`, typed by its event. The API is not known to sign deliveries: the path token is what
 * keeps strangers out, so keep it secret.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { builtinSource } from '../builtin-catalogue.js';
import type { EventDefinition } from '../catalogue/types.js';
import { DeliveryRefusedError, toConnectorError } from '../errors/index.js';
import { readBody } from '../net/local-server.js';
import { DeliveryReader, type WebhookDelivery } from './delivery.js';
import { RecentKeys } from './recent-keys.js';

export interface WebhookHandlerOptions {
  /** Called once for each new delivery; answered 200 once it resolves, 500 if it throws (the sender may then retry). */
  onEvent(delivery: WebhookDelivery): void | Promise<void>;
  /** The secret last segment of the path deliveries are sent to (`.../hooks/<pathToken>`): 16 characters or more. */
  pathToken: string;
  /** Called instead of onEvent for a repeated delivery of an occurrence already handled (answered 200). */
  onDuplicate?(delivery: WebhookDelivery): void;
  /** Called for every refused request, with the error it was answered with. */
  onRefused?(error: DeliveryRefusedError): void;
  /** The declared events. @default the built-in catalogue's */
  events?: readonly EventDefinition[];
  /** @default 1048576 (1 MiB) */
  maxBodyBytes?: number;
  /** How many recent occurrences to remember for de-duplication; 0 turns it off. @default 10000 */
  rememberDeliveries?: number;
}

/** A body a framework already read: raw bytes or text (best), or the object a JSON body parser made. */
export type ReadBody = string | Uint8Array | Record<string, unknown>;

/**
 * What the handler uses of a request: node:http's IncomingMessage (Express's and Fastify's raw request
 * are one) fits. Stated here so that the library's types need no Node.js type definitions.
 */
export interface WebhookRequest {
  method?: string | undefined;
  url?: string | undefined;
  /** Express keeps the whole URL here when a router is mounted below a path. */
  originalUrl?: string | undefined;
  on(event: 'data' | 'end' | 'error', listener: (...args: never[]) => void): unknown;
  resume(): unknown;
}

/** What the handler uses of a response: node:http's ServerResponse fits. */
export interface WebhookResponse {
  writeHead(status: number, headers?: Record<string, string>): unknown;
  end(body?: string): unknown;
}

export type WebhookHandler = (request: WebhookRequest, response: WebhookResponse, body?: ReadBody) => Promise<void>;

const MIN_TOKEN_LENGTH = 16;

export function createWebhookHandler(options: WebhookHandlerOptions): WebhookHandler {
  if (options.pathToken.length < MIN_TOKEN_LENGTH || !/^[A-Za-z0-9_-]+$/.test(options.pathToken)) {
    throw new TypeError(`pathToken must be ${MIN_TOKEN_LENGTH} or more letters, digits, - or _.`);
  }
  const reader = new DeliveryReader(options.events ?? builtinSource().events());
  const recent = new RecentKeys(options.rememberDeliveries ?? 10_000);
  const limit = options.maxBodyBytes ?? 1024 * 1024;
  const token = Buffer.from(options.pathToken);

  const refuse = (response: WebhookResponse, error: DeliveryRefusedError): void => {
    options.onRefused?.(error);
    answer(response, error.status, { error: { code: error.code, message: error.message } }, error.reason === 'method' ? { allow: 'POST' } : {});
  };

  return async (request, response, given) => {
    const url = new URL(request.originalUrl ?? request.url ?? '/', 'http://receiver.invalid');
    const last = Buffer.from(url.pathname.split('/').at(-1) ?? '');
    if (!(last.length === token.length && timingSafeEqual(last, token))) {
      if (given === undefined) request.resume();
      refuse(response, new DeliveryRefusedError('path', 404, `No receiver at ${url.pathname.replace(/[^/]{8,}$/, '…')}.`));
      return;
    }
    if (request.method !== 'POST') {
      if (given === undefined) request.resume();
      refuse(response, new DeliveryRefusedError('method', 405, `Deliveries are POSTed, not sent with ${request.method ?? 'no method'}.`));
      return;
    }
    const body = given === undefined ? await readBody(request as unknown as IncomingMessage, limit) : asBody(given);
    if (body === undefined || body.length > limit) {
      refuse(response, new DeliveryRefusedError('too_large', 413, `The delivery is larger than ${limit} bytes.`));
      return;
    }
    let delivery: WebhookDelivery;
    try {
      delivery = reader.read(body, url.searchParams.get('event') ?? undefined);
    } catch (error) {
      if (!(error instanceof DeliveryRefusedError)) throw error;
      refuse(response, error);
      return;
    }
    if (recent.has(delivery.key)) {
      options.onDuplicate?.(delivery);
      answer(response, 200, { received: true, duplicate: true });
      return;
    }
    try {
      await options.onEvent(delivery);
    } catch (error) {
      answer(response, 500, { error: { code: toConnectorError(error).code, message: 'The receiver failed to handle the delivery.' } });
      return;
    }
    recent.add(delivery.key);
    answer(response, 200, { received: true });
  };
}

function asBody(given: ReadBody): Buffer {
  if (typeof given === 'string') return Buffer.from(given);
  if (given instanceof Uint8Array) return Buffer.from(given);
  return Buffer.from(JSON.stringify(given));
}

function answer(response: WebhookResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) });
  response.end(text);
}
