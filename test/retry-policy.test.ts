import { describe, expect, it } from 'vitest';
import { builtinSource } from '../src/builtin-catalogue.js';
import { backoff, decideRetry, parseRetryAfter, type RetryContext } from '../src/http/retry-policy.js';
import type { AttemptOutcome } from '../src/http/transport.js';

const policy = builtinSource().manifest.retry;
const reply = (status: number, headers: Record<string, string> = {}): AttemptOutcome => ({
  ok: true,
  response: { status, statusText: '', headers, body: Buffer.alloc(0) },
});
const failure = (code: string): AttemptOutcome => ({ ok: false, failure: { code, cause: new Error(code) } });
const decide = (outcome: AttemptOutcome, idempotent: boolean, attempt = 1): ReturnType<typeof decideRetry> => {
  const context: RetryContext = { attempt, idempotent, policy, outcome, now: Date.parse('2026-01-01T00:00:00Z'), random: () => 0.5 };
  return decideRetry(context);
};

describe('retry policy', () => {
  it('retries 429 after the delay Retry-After asks for', () => {
    expect(decide(reply(429, { 'retry-after': '3' }), true)).toEqual({ retry: true, delayMs: 3000, retryAfterMs: 3000 });
  });

  it('reads Retry-After given as an HTTP date', () => {
    expect(decide(reply(503, { 'retry-after': 'Thu, 01 Jan 2026 00:00:05 GMT' }), true)).toEqual({ retry: true, delayMs: 5000, retryAfterMs: 5000 });
  });

  it('does not sleep through a Retry-After beyond the ceiling, and reports it', () => {
    expect(decide(reply(429, { 'retry-after': '3600' }), true)).toEqual({ retry: false, retryAfterMs: 3_600_000 });
  });

  it('backs off exponentially on 5xx for reads and idempotent writes', () => {
    expect(decide(reply(500), true, 1)).toEqual({ retry: true, delayMs: backoff(1, policy, () => 0.5) });
    expect(backoff(2, policy, () => 0.5)).toBe(2 * backoff(1, policy, () => 0.5));
    expect(backoff(30, policy, () => 0.999)).toBeLessThanOrEqual(policy.maxDelayMs);
  });

  it('never re-sends a non-idempotent request after any reply', () => {
    expect(decide(reply(500), false)).toEqual({ retry: false });
    expect(decide(reply(429, { 'retry-after': '1' }), false)).toEqual({ retry: false, retryAfterMs: 1000 });
  });

  it('never re-sends a non-idempotent request after a failure that may have reached the server', () => {
    for (const code of ['ECONNRESET', 'ETIMEDOUT', 'ERR_TIMEOUT_RESPONSE', 'ERR_TIMEOUT_REQUEST']) {
      expect(decide(failure(code), false)).toEqual({ retry: false });
      expect(decide(failure(code), true).retry).toBe(true);
    }
  });

  it('retries any request that never left the machine', () => {
    for (const code of ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ERR_TIMEOUT_CONNECT']) {
      expect(decide(failure(code), false).retry).toBe(true);
    }
  });

  it('does not retry client errors or unknown failures', () => {
    for (const status of [400, 401, 403, 404, 422]) expect(decide(reply(status), true)).toEqual({ retry: false });
    expect(decide(failure('ERR_SOMETHING'), true)).toEqual({ retry: false });
  });

  it('stops after the retry limit', () => {
    expect(decide(reply(503), true, policy.limit + 1).retry).toBe(false);
    expect(decide(failure('ECONNREFUSED'), true, policy.limit + 1).retry).toBe(false);
  });

  it('ignores an unreadable Retry-After instead of retrying at once', () => {
    for (const value of ['soon', '1.5', '-1', '', 'Tomorrow', 'Sun, 31 Feb 2026 00:00:00 GMT', 'Sun, 06 Nov 1994 08:49:37 CET']) {
      expect(parseRetryAfter(value, 0)).toBeUndefined();
    }
    expect(decide(reply(429, { 'retry-after': '1.5' }), true)).toEqual({ retry: true, delayMs: backoff(1, policy, () => 0.5) });
    expect(parseRetryAfter('Sun, 06 Nov 1994 08:49:37 GMT', Date.parse('1994-11-06T08:49:30Z'))).toBe(7000);
    expect(parseRetryAfter('soon', 0)).toBeUndefined();
    expect(parseRetryAfter(undefined, 0)).toBeUndefined();
    expect(parseRetryAfter(['2'], 0)).toBe(2000);
  });

  it.each([
    ['IMF-fixdate', 'Sun, 06 Nov 1994 08:49:37 GMT'],
    ['RFC 850, with a two-digit year', 'Sunday, 06-Nov-94 08:49:37 GMT'],
    ['asctime, which has no zone and means GMT', 'Sun Nov  6 08:49:37 1994'],
  ])('reads Retry-After as an HTTP date in the %s form', (_form, value) => {
    expect(parseRetryAfter(value, Date.parse('1994-11-06T08:49:30Z'))).toBe(7000);
  });

  it('reads delay-seconds of any length, a huge one as a wait far past the ceiling (no retry)', () => {
    expect(parseRetryAfter('0000000000120', 0)).toBe(120_000);
    expect(parseRetryAfter('99999999999999999999999', 0)).toBe(Number.MAX_SAFE_INTEGER);
    expect(decide(reply(503, { 'retry-after': '99999999999' }), true)).toEqual({ retry: false, retryAfterMs: 99_999_999_999_000 });
  });
});
