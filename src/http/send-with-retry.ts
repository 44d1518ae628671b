/** @module Sends a request through the transport, retrying as the retry policy decides. */
import { setTimeout as delay } from 'node:timers/promises';
import type { RetrySettings } from '../catalogue/types.js';
import { decideRetry } from './retry-policy.js';
import type { AttemptOutcome, Transport, WireRequest } from './transport.js';

export interface SendOptions {
  transport: Transport;
  policy: RetrySettings;
  idempotent: boolean;
  signal?: AbortSignal;
  /** Waits between attempts; injectable so that tests can observe the delays. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<unknown>;
  now?: () => number;
  random?: () => number;
}

export interface SendResult {
  outcome: AttemptOutcome;
  attempts: number;
  /** The Retry-After of a final 429/503 that was not waited for. */
  retryAfterMs?: number;
}

export async function sendWithRetry(request: WireRequest, options: SendOptions): Promise<SendResult> {
  const sleep = options.sleep ?? ((ms: number, signal?: AbortSignal) => delay(ms, undefined, { signal }));
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  for (let attempt = 1; ; attempt++) {
    const outcome = await options.transport(request, options.signal);
    const decision = decideRetry({ attempt, idempotent: options.idempotent, policy: options.policy, outcome, now: now(), random });
    if (!decision.retry) {
      return decision.retryAfterMs === undefined
        ? { outcome, attempts: attempt }
        : { outcome, attempts: attempt, retryAfterMs: decision.retryAfterMs };
    }
    await sleep(decision.delayMs, options.signal);
  }
}
