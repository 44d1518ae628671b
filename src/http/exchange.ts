/**
 * @module One request to Chaport, as every caller makes it (actions, the raw passthrough, the local
 * proxy): the token check, the URL below the base URL, default headers with auth set last, retries
 * as the policy allows, and transport failures mapped to typed errors. Replies of any status are
 * returned; the caller decides what a non-2xx status means.
 */
import type { ConnectorManifest, RetrySettings } from '../catalogue/types.js';
import { missingTokenError, type ResolvedConnection } from '../config/settings.js';
import { AbortedError, ConnectorError } from '../errors.js';
import { REDACTED } from '../redact.js';
import { errorForFailure, type RequestContext } from './failure-errors.js';
import { sendWithRetry, type SendOptions } from './send-with-retry.js';
import type { Transport, WireRequest, WireResponse } from './transport.js';

export interface HttpEnvironment {
  manifest: ConnectorManifest;
  connection: ResolvedConnection;
  transport: Transport;
  retry: RetrySettings;
  userAgent: string;
}

export interface Exchange {
  /** Names the caller in messages: an action key, or `request`. */
  label: string;
  method: string;
  /** Percent-encoded path below the base URL, starting with `/`. */
  path: string;
  query: [string, string][];
  headers: Record<string, string>;
  body?: string | Buffer;
  /** Whether the request may be sent again after it may have reached Chaport. */
  idempotent: boolean;
  signal?: AbortSignal;
}

export interface ExchangeResult {
  response: WireResponse;
  /** For messages and errors: the request line, attempts, host; holds the token only to scrub it, so never hand it out. */
  context: RequestContext;
  /** The Retry-After of a final 429/503 that was not waited for. */
  retryAfterMs?: number;
  /** The request as sent, with the credential replaced by [REDACTED]. */
  sent: { method: string; url: string; headers: Record<string, string> };
}

export async function exchange(env: HttpEnvironment, request: Exchange): Promise<ExchangeResult> {
  const { token, baseUrl } = env.connection;
  if (token === undefined) throw missingTokenError(env.manifest);
  const url = new URL(baseUrl + request.path);
  for (const [name, value] of request.query) url.searchParams.append(name, value);
  // The last word on where a request goes: whatever a path held, the URL must stay below the base.
  const base = new URL(baseUrl);
  const basePath = base.pathname.replace(/\/$/, '');
  if (url.origin !== base.origin || !(url.pathname === basePath || url.pathname.startsWith(`${basePath}/`))) {
    throw new ConnectorError('ERR_REQUEST_REFUSED', `Refused: ${request.label} would leave the base URL. Nothing was sent.`);
  }
  const authHeader = env.manifest.auth.header.toLowerCase();
  const headers: Record<string, string> = {
    'user-agent': env.userAgent,
    ...lowerKeys(env.manifest.headers ?? {}),
    ...lowerKeys(request.headers),
    // Last, so that nothing a file or a caller declares can replace it.
    [authHeader]: `${env.manifest.auth.scheme} ${token}`,
  };
  const wire: WireRequest = { method: request.method, url: url.href, headers };
  if (request.body !== undefined) wire.body = request.body;

  const options: SendOptions = { transport: env.transport, policy: env.retry, idempotent: request.idempotent };
  if (request.signal) options.signal = request.signal;
  const sent = await sendWithRetry(wire, options);
  if ('aborted' in sent) throw new AbortedError(request.label, sent.attempts);
  const context: RequestContext = {
    action: request.label,
    method: request.method,
    path: `${url.pathname.slice(basePath.length) || '/'}${url.search}`,
    host: url.host,
    attempts: sent.attempts,
    secrets: [token],
  };
  if (!sent.outcome.ok) throw errorForFailure(context, sent.outcome.failure);
  const result: ExchangeResult = {
    response: sent.outcome.response,
    context,
    sent: { method: request.method, url: url.href, headers: { ...headers, [authHeader]: `${env.manifest.auth.scheme} ${REDACTED}` } },
  };
  if (sent.retryAfterMs !== undefined) result.retryAfterMs = sent.retryAfterMs;
  return result;
}

function lowerKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}
