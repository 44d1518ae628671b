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
}

export type SendResult =
  | {
      outcome: AttemptOutcome;
      attempts: number;
      /** The Retry-After of a final 429/503 that was not waited for. */
      retryAfterMs?: number;
    }
  | { aborted: true; attempts: number };

export async function sendWithRetry(request: WireRequest, options: SendOptions): Promise<SendResult> {
  const { signal } = options;
  for (let attempt = 1; ; attempt++) {
    const outcome = await options.transport(request, signal);
    if (signal?.aborted) return { aborted: true, attempts: attempt };
    const decision = decideRetry({ attempt, idempotent: options.idempotent, policy: options.policy, outcome, now: Date.now(), random: Math.random });
    if (!decision.retry) {
      return decision.retryAfterMs === undefined
        ? { outcome, attempts: attempt }
        : { outcome, attempts: attempt, retryAfterMs: decision.retryAfterMs };
    }
    try {
      await delay(decision.delayMs, undefined, signal ? { signal } : {});
    } catch {
      return { aborted: true, attempts: attempt };
    }
  }
}
