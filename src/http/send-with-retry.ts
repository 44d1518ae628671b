/**
 * @module Sends a request through the transport, retrying as the retry policy decides, within an
 * overall deadline for the call (all attempts and the waits between them), and tells observers of
 * each attempt and each retry.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { RetrySettings } from '../catalogue/types.js';
import { decideRetry } from './retry-policy.js';
import type { AttemptOutcome, Transport, WireRequest } from './transport.js';

/** One attempt, as `--verbose` shows it. */
export interface AttemptEvent {
  attempt: number;
  method: string;
  /** Below the base URL, with the query. */
  path: string;
  outcome: AttemptOutcome;
  ms: number;
}

/** A retry about to wait, as the CLI's notice shows it. */
export interface RetryEvent {
  /** The attempt about to be made, 2 for the first retry. */
  attempt: number;
  /** The most attempts the policy allows. */
  maxAttempts: number;
  delayMs: number;
  method: string;
  /** Below the base URL, with the query. */
  path: string;
  /** What the last attempt got: a status, or a failure code such as ECONNRESET. */
  after: number | string;
}

export interface SendOptions {
  transport: Transport;
  policy: RetrySettings;
  idempotent: boolean;
  signal?: AbortSignal;
  /** The most the whole call may take, attempts and waits included. */
  deadlineMs?: number;
  /** The request's path below the base URL, for the events. */
  path: string;
  onAttempt?: (event: AttemptEvent) => void;
  onRetry?: (event: RetryEvent) => void;
}

export type SendResult =
  | {
      outcome: AttemptOutcome;
      attempts: number;
      /** The Retry-After of a final 429/503 that was not waited for. */
      retryAfterMs?: number;
    }
  | { aborted: true; attempts: number }
  | { deadline: true; attempts: number; status?: number };

export async function sendWithRetry(request: WireRequest, options: SendOptions): Promise<SendResult> {
  const { signal, deadlineMs } = options;
  // The deadline rides on each attempt's own timeout (what is left of it), and no wait is begun that
  // would outlast it: no timer or signal of its own per call.
  const started = performance.now();
  const left = (): number => (deadlineMs === undefined ? Number.POSITIVE_INFINITY : deadlineMs - (performance.now() - started));
  if (signal?.aborted) return { aborted: true, attempts: 0 };
  for (let attempt = 1; ; attempt++) {
    const remaining = left();
    const attemptStarted = performance.now();
    const outcome = await options.transport(remaining === Number.POSITIVE_INFINITY ? request : { ...request, timeoutMs: Math.max(1, Math.ceil(remaining)) }, signal);
    options.onAttempt?.({ attempt, method: request.method, path: options.path, outcome, ms: performance.now() - attemptStarted });
    if (signal?.aborted) return { aborted: true, attempts: attempt };
    if (!outcome.ok && left() <= 0) {
      return outcome.failure.status === undefined ? { deadline: true, attempts: attempt } : { deadline: true, attempts: attempt, status: outcome.failure.status };
    }
    const decision = decideRetry({ attempt, idempotent: options.idempotent, policy: options.policy, outcome, now: Date.now(), random: Math.random });
    // A wait that would outlast the deadline is not begun: the last reply stands, with how long it asked to wait.
    if (!decision.retry || decision.delayMs >= left()) {
      return decision.retryAfterMs === undefined ? { outcome, attempts: attempt } : { outcome, attempts: attempt, retryAfterMs: decision.retryAfterMs };
    }
    const after = outcome.ok ? outcome.response.status : outcome.failure.code;
    options.onRetry?.({ attempt: attempt + 1, maxAttempts: options.policy.limit + 1, delayMs: decision.delayMs, method: request.method, path: options.path, after });
    try {
      await delay(decision.delayMs, undefined, signal ? { signal } : {});
    } catch {
      return { aborted: true, attempts: attempt };
    }
  }
}
