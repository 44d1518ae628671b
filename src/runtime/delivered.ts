/**
 * @module A write the API accepted (a 2xx status arrived) whose reply could not then be read: too
 * large, cut off, or not complete in time. It was delivered, so it must not be reported as a failure
 * that would invite sending it again.
 */
import { isConnectorError, ResponseTooLargeError } from '../errors/index.js';
import { isSuccess } from '../http/send.js';

export interface Delivered {
  status: number;
  /** What became of the reply, for the warning, e.g. `the reply was cut off (ECONNRESET)`. */
  why: string;
}

/** The status and the reason when `error` is a failure to read a 2xx reply; otherwise undefined. */
export function deliveredDespite(error: unknown): Delivered | undefined {
  if (!isConnectorError(error)) return undefined;
  const { status, reason } = error as { status?: unknown; reason?: unknown };
  if (typeof status !== 'number' || !isSuccess(status)) return undefined;
  if (error instanceof ResponseTooLargeError) return { status, why: `the reply was larger than ${error.limit} bytes after decompression and was not read` };
  if (error.code === 'ERR_TIMEOUT') return { status, why: 'the reply was not complete in time' };
  if (error.code === 'ERR_NETWORK') return { status, why: `the reply was cut off (${String(reason)})` };
  return undefined;
}
