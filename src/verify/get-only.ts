/**
 * @module The transport `chaport verify` sends through: GET only, whatever the catalogue says (any
 * other method is refused before a byte leaves), within a request budget, a pause apart, keeping the
 * last reply's body so the report can say which of the reply's members were there.
 */
import { asBuffer } from '../as-buffer.js';
import type { Transport } from '../http/transport.js';
import { BudgetSpentError, RefusedRequestError } from '../errors/index.js';

export interface GuardedTransport {
  transport: Transport;
  /** Requests sent so far (retries included). */
  sent(): number;
  /** Requests the budget still allows. */
  left(): number;
  /** The body of the last reply, as text. */
  lastBody(): string | undefined;
}

export function getOnly(inner: Transport, options: { maxRequests: number; pauseMs: number; sleep?: (ms: number) => Promise<void> }): GuardedTransport {
  let sent = 0;
  let lastBody: string | undefined;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const transport: Transport = async (request, signal) => {
    if (request.method !== 'GET') throw new RefusedRequestError(`verify sends GET requests only, not ${request.method}; nothing was sent.`);
    if (sent >= options.maxRequests) throw new BudgetSpentError(options.maxRequests);
    if (sent > 0 && options.pauseMs > 0) await sleep(options.pauseMs);
    sent++;
    lastBody = undefined;
    const outcome = await inner(request, signal);
    if (outcome.ok) lastBody = asBuffer(outcome.response.body).toString('utf8');
    return outcome;
  };
  return { transport, sent: () => sent, left: () => options.maxRequests - sent, lastBody: () => lastBody };
}
