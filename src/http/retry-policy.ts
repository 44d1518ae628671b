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

/** `retryAfterMs` is set when the reply said how long to wait (Retry-After). */
export type RetryDecision = { retry: true; delayMs: number; retryAfterMs?: number } | { retry: false; retryAfterMs?: number };

export function decideRetry(context: RetryContext): RetryDecision {
  const { attempt, idempotent, policy, outcome } = context;
  if (outcome.ok) {
    const { status, headers } = outcome.response;
    if (!policy.statusCodes.includes(status)) return { retry: false };
    const retryAfterMs = parseRetryAfter(headers['retry-after'], context.now);
    // A reply means the request reached Chaport: only an idempotent request may be sent again.
    if (!idempotent || attempt > policy.limit) return noRetry(retryAfterMs);
    if (retryAfterMs !== undefined) {
      return retryAfterMs > policy.maxRetryAfterMs ? { retry: false, retryAfterMs } : { retry: true, delayMs: retryAfterMs, retryAfterMs };
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
 * Retry-After in milliseconds from `now`, in every form RFC 9110 allows: delay-seconds of any length
 * (a number too large to represent is a very long wait, not no wait), or an HTTP date as IMF-fixdate
 * (`Sun, 06 Nov 1994 08:49:37 GMT`), RFC 850 (`Sunday, 06-Nov-94 08:49:37 GMT`) or asctime
 * (`Sun Nov  6 08:49:37 1994`), all GMT. Undefined when absent or in any other form, which then gets
 * normal backoff.
 */
export function parseRetryAfter(value: string | string[] | undefined, now: number): number | undefined {
  const text = (Array.isArray(value) ? value[0] : value)?.trim();
  if (text === undefined) return undefined;
  if (/^\d+$/.test(text)) return Math.min(Number(text) * 1000, Number.MAX_SAFE_INTEGER);
  const date = parseHttpDate(text, now);
  return date === undefined ? undefined : Math.max(0, date - now);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const IMF_FIXDATE = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d{2}) ([A-Z][a-z]{2}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/;
const RFC_850 = /^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), (\d{2})-([A-Z][a-z]{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2}) GMT$/;
const ASCTIME = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) ([A-Z][a-z]{2}) ([ \d]\d) (\d{2}):(\d{2}):(\d{2}) (\d{4})$/;

/** An HTTP date (RFC 9110, 5.6.7) as epoch milliseconds, or undefined. */
function parseHttpDate(text: string, now: number): number | undefined {
  let parts: [day: string, month: string, year: number, hour: string, minute: string, second: string] | undefined;
  let match = IMF_FIXDATE.exec(text);
  if (match) parts = [match[1] as string, match[2] as string, Number(match[3]), match[4] as string, match[5] as string, match[6] as string];
  else if ((match = RFC_850.exec(text))) {
    // A two-digit year more than 50 years ahead is in the past century (RFC 9110).
    const thisYear = new Date(now).getUTCFullYear();
    let year = Math.floor(thisYear / 100) * 100 + Number(match[3]);
    if (year > thisYear + 50) year -= 100;
    parts = [match[1] as string, match[2] as string, year, match[4] as string, match[5] as string, match[6] as string];
  } else if ((match = ASCTIME.exec(text))) {
    parts = [(match[2] as string).trim(), match[1] as string, Number(match[6]), match[3] as string, match[4] as string, match[5] as string];
  }
  if (parts === undefined) return undefined;
  const [day, month, year, hour, minute, second] = parts;
  const monthIndex = MONTHS.indexOf(month);
  if (monthIndex < 0) return undefined;
  const time = Date.UTC(year, monthIndex, Number(day), Number(hour), Number(minute), Number(second));
  // Date.UTC rolls 31 Feb over into March: such a date is no date.
  return new Date(time).getUTCDate() === Number(day) ? time : undefined;
}
