/**
 * @module The only module that touches the network: sends one HTTP attempt with got and reports either
 * the response (any status) or a transport failure with a normalised code. got is imported on first
 * use, so commands that never call the API do not pay for loading it.
 */
import type { Bytes, HttpHeaders } from '../bytes.js';
import type { TimeoutSettings } from '../catalogue/types.js';

export interface WireRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string | Bytes;
  /** The most this attempt may take, in milliseconds: what is left of the call's deadline. */
  timeoutMs?: number;
}

export interface WireResponse {
  status: number;
  statusText: string;
  headers: HttpHeaders;
  /** The bytes as received (decompressed): replies may be binary. */
  body: Bytes;
}

export interface WireFailure {
  /**
   * System code (ECONNREFUSED, ECONNRESET, ...), ERR_TIMEOUT_<PHASE> for timeouts,
   * ERR_RESPONSE_TOO_LARGE for a reply past the limit, or got's own code.
   */
  code: string;
  /** A plain error carrying only the code and message: got's own error holds the request headers. */
  cause: Error;
  /** The reply's status, when one arrived before the failure (a reply past the limit). */
  status?: number;
}

/** The code of the failure for a reply larger than the limit; never retried. */
export const RESPONSE_TOO_LARGE = 'ERR_RESPONSE_TOO_LARGE';

export type AttemptOutcome = { ok: true; response: WireResponse } | { ok: false; failure: WireFailure };

export type Transport = (request: WireRequest, signal?: AbortSignal) => Promise<AttemptOutcome>;

let gotModule: Promise<typeof import('got')> | undefined;

/** Starts loading got now, so that reading files and validating input overlap with it. */
export function preloadHttpClient(): void {
  gotModule ??= import('got');
}

export interface TransportLimits {
  /** Reading a reply stops past this many bytes, counted after decompression. */
  maxResponseBytes: number;
}

export function createGotTransport(timeouts: TimeoutSettings, limits: TransportLimits): Transport {
  return async (request, signal) => {
    const { default: got } = await (gotModule ??= import('got'));
    let tooLarge = false;
    try {
      const call = got(request.url, {
        method: request.method as 'GET',
        headers: request.headers,
        ...(request.body === undefined ? {} : { body: request.body }),
        ...(signal === undefined ? {} : { signal }),
        throwHttpErrors: false,
        followRedirect: false,
        retry: { limit: 0 },
        timeout: { connect: timeouts.connectMs, response: timeouts.responseMs, request: Math.min(timeouts.requestMs, request.timeoutMs ?? Number.POSITIVE_INFINITY) },
        responseType: 'buffer',
      });
      // got counts the bytes it reads after decompression: stop at the limit, before they are all held.
      call.on('downloadProgress', ({ transferred }) => {
        if (transferred <= limits.maxResponseBytes || tooLarge) return;
        tooLarge = true;
        call.cancel();
      });
      const response = await call;
      return {
        ok: true,
        response: {
          status: response.statusCode,
          statusText: response.statusMessage ?? '',
          headers: response.headers,
          body: response.body,
        },
      };
    } catch (error) {
      const failure: WireFailure = tooLarge ? { code: RESPONSE_TOO_LARGE, cause: new Error(`the reply is larger than ${limits.maxResponseBytes} bytes`) } : toFailure(error);
      // A failure after the reply began (too large, cut off, stalled): its status is known, and a 2xx
      // to a write means the write was delivered. got's error holds the request, and the reply.
      const source = error as { response?: { statusCode?: number }; request?: { response?: { statusCode?: number } } };
      const status = source.response?.statusCode ?? source.request?.response?.statusCode;
      if (status !== undefined) failure.status = status;
      return { ok: false, failure };
    }
  };
}

function toFailure(error: unknown): WireFailure {
  const source = error as { name?: string; code?: string; event?: string; message?: string };
  const code =
    source.name === 'TimeoutError' && typeof source.event === 'string'
      ? `ERR_TIMEOUT_${source.event.toUpperCase()}`
      : (source.code ?? 'ERR_UNKNOWN');
  const cause = new Error(source.message ?? String(error));
  cause.name = source.name ?? 'Error';
  Object.defineProperty(cause, 'code', { value: code, enumerable: true });
  return { code, cause };
}
