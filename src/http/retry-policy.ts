/**
 * @module Pure retry decisions. A request is retried on the manifest's status codes and transport
 * failures only when sending it again is safe: always when it never left this machine, otherwise
 * only for reads and idempotent writes. Retry-After is honoured up to a ceiling.
 */
import type { RetrySettings } from '../catalogue/types.js';
import type { AttemptOutcome } from './transport.js';

export interface RetryContext {
  /** 1 for the first attempt. */
  attempt: number;
  idempotent: boolean;
  policy: RetrySettings;
  outcome: AttemptOutcome;
  now: number;
  /** In [0, 1); spreads concurrent clients apart. */
  random: () => number;
}

export type RetryDecision = { retry: true; delayMs: number } | { retry: false; retryAfterMs?: number };

export function decideRetry(context: RetryContext): RetryDecision {
  const { attempt, idempotent, policy, outcome } = context;
  if (outcome.ok) {
    const { status, headers } = outcome.response;
    if (!policy.statusCodes.includes(status)) return { retry: false };
    const retryAfterMs = parseRetryAfter(headers['retry-after'], context.now);
    // A reply means the request reached Chaport: only an idempotent request may be sent again.
    if (!idempotent || attempt > policy.limit) return noRetry(retryAfterMs);
    if (retryAfterMs !== undefined) {
      return retryAfterMs > policy.maxRetryAfterMs ? { retry: false, retryAfterMs } : { retry: true, delayMs: retryAfterMs };
    }
    return { retry: true, delayMs: backoff(attempt, policy, context.random) };
  }
  if (attempt > policy.limit) return { retry: false };
  const { code } = outcome.failure;
  const safe = policy.beforeSendErrorCodes.includes(code) || (idempotent && policy.errorCodes.includes(code));
  return safe ? { retry: true, delayMs: backoff(attempt, policy, context.random) } : { retry: false };
}

function noRetry(retryAfterMs: number | undefined): RetryDecision {
  return retryAfterMs === undefined ? { retry: false } : { retry: false, retryAfterMs };
}

/** Exponential backoff with jitter: base * 2^(attempt-1), scaled into [50 %, 100 %], capped. */
export function backoff(attempt: number, policy: RetrySettings, random: () => number): number {
  const ceiling = Math.min(policy.baseDelayMs * 2 ** (attempt - 1), policy.maxDelayMs);
  return Math.round(ceiling * (0.5 + random() / 2));
}

/**
 * Retry-After as delta-seconds or an HTTP date (RFC 9110: `Sun, 06 Nov 1994 08:49:37 GMT`), in
 * milliseconds from `now`; undefined when absent or in any other form, which then gets normal backoff.
 */
export function parseRetryAfter(value: string | string[] | undefined, now: number): number | undefined {
  const text = (Array.isArray(value) ? value[0] : value)?.trim();
  if (text === undefined) return undefined;
  if (/^\d{1,9}$/.test(text)) return Number(text) * 1000;
  if (!/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(text)) return undefined;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
