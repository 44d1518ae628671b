/**
 * @module `createWebhookHandler`: receives webhook deliveries in any Node.js server. It accepts a POST
 * whose path ends in the unguessable token the subscription was made with (everything else is 404 or
 * 405), reads the raw body (or takes the one a framework already read), refuses what is too large or
 * not a JSON object, tells repeated deliveries of one occurrence apart, and hands each new delivery to
 * `onEvent`, typed by its event. The API is not known to sign deliveries: the path token is what
 * keeps strangers out, so keep it secret.
 */
import type { IncomingMessage } from 'node:http';
import { asBuffer } from '../as-buffer.js';
import { builtinSource } from '../builtin-catalogue.js';
import { EVENT_NAME } from '../catalogue/check-event.js';
import type { EventDefinition } from '../catalogue/types.js';
import { ConfigError, DeliveryRefusedError, toConnectorError, type ConnectorError } from '../errors/index.js';
import { keyMatches } from '../net/local-guard.js';
import { answerJson as answer, readBody } from '../net/local-server.js';
import { DeliveryReader, type WebhookDelivery } from './delivery.js';
import { PATH_TOKEN } from './path-token.js';
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
  /** Told when onEvent throws (the delivery is answered 500), or a request cannot be read at all. */
  onError?(error: ConnectorError, delivery?: WebhookDelivery): void;
  /** The path before the token (e.g. `/hooks`): when given, only `<basePath>/<pathToken>` is accepted; else any path ending in the token. */
  basePath?: string;
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

/** What the handler uses of a response: node:http's ServerResponse fits. Stated here, like WebhookRequest, so the library's types need no Node.js definitions. */
export interface WebhookResponse {
  writeHead(status: number, headers?: Record<string, string>): unknown;
  end(body?: string): unknown;
}

export type WebhookHandler = (request: WebhookRequest, response: WebhookResponse, body?: ReadBody) => Promise<void>;


export function createWebhookHandler(options: WebhookHandlerOptions): WebhookHandler {
  if (!PATH_TOKEN.test(options.pathToken)) throw new ConfigError('The path token must be 16 or more letters, digits, - or _.');
  const reader = new DeliveryReader(options.events ?? builtinSource().events());
  const recent = new RecentKeys(options.rememberDeliveries ?? 10_000);
  const inFlight = new Set<string>();
  const limit = options.maxBodyBytes ?? 1024 * 1024;
  const basePath = options.basePath?.replace(/\/+$/, '');

  const refuse = (response: WebhookResponse, error: DeliveryRefusedError): void => {
    options.onRefused?.(error);
    answer(response, error.status, { error: { code: error.code, message: error.message } }, error.reason === 'method' ? { allow: 'POST' } : {});
  };
  const isOurs = (pathname: string): boolean => {
    const at = pathname.lastIndexOf('/');
    return keyMatches(pathname.slice(at + 1), options.pathToken) && (basePath === undefined || pathname.slice(0, at) === basePath);
  };

  const handle = async (request: WebhookRequest, response: WebhookResponse, given: ReadBody | undefined): Promise<void> => {
    let url: URL;
    try {
      url = new URL(request.originalUrl ?? request.url ?? '/', 'http://receiver.invalid');
    } catch {
      url = new URL('http://receiver.invalid/');
    }
    if (!isOurs(url.pathname)) {
      if (given === undefined) request.resume();
      refuse(response, new DeliveryRefusedError('path', 404, 'No receiver at this path.'));
      return;
    }
    if (request.method !== 'POST') {
      if (given === undefined) request.resume();
      refuse(response, new DeliveryRefusedError('method', 405, `Deliveries are POSTed, not sent with ${forTerminal(request.method ?? 'no method')}.`));
      return;
    }
    const named = url.searchParams.get('event') ?? undefined;
    if (named !== undefined && !EVENT_NAME.test(named)) {
      if (given === undefined) request.resume();
      refuse(response, new DeliveryRefusedError('bad_event', 400, '?event= is not an event name such as chat.started.'));
      return;
    }
    const body = given === undefined ? await readBody(request as unknown as IncomingMessage, limit) : asBody(given);
    if (body === undefined || body.length > limit) {
      refuse(response, new DeliveryRefusedError('too_large', 413, `The delivery is larger than ${limit} bytes.`));
      return;
    }
    let delivery: WebhookDelivery;
    try {
      delivery = reader.read(body, named);
    } catch (error) {
      if (!(error instanceof DeliveryRefusedError)) throw error;
      refuse(response, error);
      return;
    }
    // A delivery that names no event cannot be told from another event's with the same body: never a repeat.
    const key = delivery.event === null ? undefined : delivery.key;
    if (key !== undefined && (recent.has(key) || inFlight.has(key))) {
      options.onDuplicate?.(delivery);
      answer(response, 200, { received: true, duplicate: true });
      return;
    }
    if (key !== undefined) inFlight.add(key);
    try {
      await options.onEvent(delivery);
      if (key !== undefined) recent.add(key);
    } catch (error) {
      options.onError?.(toConnectorError(error), delivery);
      answer(response, 500, { error: { code: toConnectorError(error).code, message: 'The receiver failed to handle the delivery.' } });
      return;
    } finally {
      if (key !== undefined) inFlight.delete(key);
    }
    answer(response, 200, { received: true });
  };

  // Never rejects: whatever a request does (a malformed URL, a client that goes away mid-body), the server lives on.
  return async (request, response, given) => {
    try {
      await handle(request, response, given);
    } catch (error) {
      options.onError?.(toConnectorError(error));
      try {
        answer(response, 400, { error: { code: 'ERR_DELIVERY_REFUSED', message: 'The request could not be read.' } });
      } catch {
        // The client is gone: nothing to answer.
      }
    }
  };
}

/** Text from a request, safe to show: control characters (terminal escapes, line breaks) replaced. */
export function forTerminal(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?').slice(0, 200);
}

function asBody(given: ReadBody): Buffer {
  if (typeof given === 'string') return Buffer.from(given);
  if (given instanceof Uint8Array) return asBuffer(given);
  return Buffer.from(JSON.stringify(given));
}

