/**
 * @module The one list of error codes. Every failure any surface reports (library, CLI, local proxy)
 * carries one of these codes; the table says which exit code the CLI ends with and which HTTP status
 * a local server (the proxy) answers with. Each error class pins the codes it may carry.
 */

export interface ErrorCodeInfo {
  /** The CLI's exit code (design.md): 1 runtime failure, 2 usage or invalid input, 3 auth, 4 not found. */
  exit: 1 | 2 | 3 | 4;
  /** The status a local server answers with when it reports this error itself. */
  status: number;
  /** What the code means, for people. */
  meaning: string;
}

export const ERRORS = {
  ERR_USAGE: { exit: 2, status: 400, meaning: 'the command line is not understood' },
  ERR_INPUT_INVALID: { exit: 2, status: 400, meaning: 'the input breaks the action’s input schema; nothing was sent' },
  ERR_ACTION_NOT_FOUND: { exit: 2, status: 404, meaning: 'no action has this key' },
  ERR_CONFIG: { exit: 2, status: 500, meaning: 'a setting (region, base URL, port, key) is unusable' },
  ERR_CATALOGUE_INVALID: { exit: 1, status: 500, meaning: 'a connector or action file breaks its meta-schema or an invariant' },
  ERR_EXPORT: { exit: 1, status: 500, meaning: 'the catalogue holds something the export format cannot express; nothing was written' },
  ERR_AUTH_MISSING: { exit: 3, status: 500, meaning: 'no usable API token is configured' },
  ERR_AUTH: { exit: 3, status: 502, meaning: 'the API refused the token (401 or 403)' },
  ERR_NOT_FOUND: { exit: 4, status: 404, meaning: 'no such resource (404)' },
  ERR_RATE_LIMITED: { exit: 1, status: 429, meaning: 'the API is rate limiting and asked to wait longer than allowed' },
  ERR_HTTP: { exit: 1, status: 502, meaning: 'the API answered with another non-2xx status' },
  ERR_NETWORK: { exit: 1, status: 502, meaning: 'the API could not be reached' },
  ERR_TIMEOUT: { exit: 1, status: 504, meaning: 'the API did not answer in time' },
  ERR_ABORTED: { exit: 1, status: 503, meaning: 'the caller aborted the request' },
  ERR_PAGINATION: { exit: 1, status: 502, meaning: 'a list cannot be paged further safely' },
  ERR_BAD_RESPONSE: { exit: 1, status: 502, meaning: 'a 2xx reply to a read is not the JSON the action expects' },
  ERR_RESPONSE_TOO_LARGE: { exit: 1, status: 502, meaning: 'a reply was larger than the limit (after decompression) and was not read further' },
  ERR_REQUEST_REFUSED: { exit: 2, status: 400, meaning: 'a raw request would leave the base URL or is malformed; nothing was sent' },
  ERR_PROXY_KEY: { exit: 3, status: 401, meaning: 'a request to the local proxy lacks its access key' },
  ERR_ACCESS_KEY: { exit: 3, status: 401, meaning: 'a request to the local MCP server lacks its access key' },
  ERR_ORIGIN_REFUSED: { exit: 3, status: 403, meaning: 'a request to a local server names another host or comes from a web page (DNS rebinding defence)' },
  ERR_TOOL_NOT_OFFERED: { exit: 2, status: 403, meaning: 'the MCP server does not offer this tool (read-only, destructive, or not chosen); nothing was sent' },
  ERR_TOO_LARGE: { exit: 2, status: 413, meaning: 'a request body is larger than the local server accepts' },
  ERR_DELIVERY_REFUSED: { exit: 1, status: 400, meaning: 'a webhook delivery was refused: wrong method or path, too large, or not a JSON object' },
  ERR_WEBHOOK_SIGNATURE: { exit: 1, status: 401, meaning: 'a forwarded webhook delivery’s signature does not verify (missing, wrong, or too old)' },
  ERR_BUDGET_SPENT: { exit: 1, status: 429, meaning: 'verify’s request budget is spent; nothing more was sent' },
  ERR_INTERNAL: { exit: 1, status: 500, meaning: 'a bug in the connector itself' },
} as const satisfies Record<string, ErrorCodeInfo>;

export type ErrorCode = keyof typeof ERRORS;

/** Every error code, in the order of the table. */
export const ERROR_CODES = Object.keys(ERRORS) as readonly ErrorCode[];

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERRORS, value);
}
