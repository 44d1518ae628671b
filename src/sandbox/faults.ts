/** @module Faults on request, for testing clients: added latency, a rate of 5xx answers, a rate limit. */
import { seededRandom } from './random.js';

export interface FaultOptions {
  /** Milliseconds added before every answer. @default 0 */
  latencyMs?: number;
  /** Share of requests, 0 to 1, answered 503 (decided by a seeded generator, so runs repeat). @default 0 */
  failureRate?: number;
  /** Requests allowed per second; more get 429 with Retry-After. 0 means no limit. @default 0 */
  rateLimit?: number;
}

export type FaultDecision = { kind: 'none' } | { kind: 'fail' } | { kind: 'limit'; retryAfterSeconds: number };

export function createFaults(options: FaultOptions, seed: number, now: () => number = Date.now): () => FaultDecision {
  const random = seededRandom(seed ^ 0xfa17);
  let windowStart = 0;
  let used = 0;
  return () => {
    const time = now();
    if (options.rateLimit !== undefined && options.rateLimit > 0) {
      if (time - windowStart >= 1000) {
        windowStart = time;
        used = 0;
      }
      used++;
      if (used > options.rateLimit) return { kind: 'limit', retryAfterSeconds: Math.max(1, Math.ceil((windowStart + 1000 - time) / 1000)) };
    }
    if (options.failureRate !== undefined && options.failureRate > 0 && random.next() < options.failureRate) return { kind: 'fail' };
    return { kind: 'none' };
  };
}
