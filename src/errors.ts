/**
 * @module The error taxonomy. Every failure the connector reports is a ConnectorError with a
 * stable `code`; messages never contain the API token, and `toJSON()` exposes only safe fields.
 */

export const ERROR_CODES = [
  'ERR_USAGE',
  'ERR_INPUT_INVALID',
  'ERR_ACTION_NOT_FOUND',
  'ERR_CONFIG',
  'ERR_CATALOGUE_INVALID',
  'ERR_AUTH_MISSING',
  'ERR_AUTH',
  'ERR_NOT_FOUND',
  'ERR_RATE_LIMITED',
  'ERR_HTTP',
  'ERR_NETWORK',
  'ERR_TIMEOUT',
  'ERR_ABORTED',
  'ERR_PAGINATION',
  'ERR_REQUEST_REFUSED',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** One failed rule of a JSON Schema, as data. */
export interface ValidationIssue {
  /** JSON Pointer of the offending value, '' for the root. */
  path: string;
  /** The schema keyword that failed, e.g. `required`, `type`, `pattern`, `additionalProperties`. */
  rule: string;
  message: string;
  /** The description of the schema that failed, when it has one. */
  hint?: string;
}

/** Safe, serialisable details of an error. */
export type ErrorDetails = Record<string, unknown>;

export class ConnectorError extends Error {
  override name = 'ConnectorError';
  readonly code: ErrorCode;
  readonly details: ErrorDetails;

  constructor(code: ErrorCode, message: string, details: ErrorDetails = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.details = details;
  }

  /** The `{code, message, ...details}` shape printed by `--json`; never holds secrets. */
  toJSON(): { code: ErrorCode; message: string } & ErrorDetails {
    return { code: this.code, message: this.message, ...this.details };
  }
}

export class UsageError extends ConnectorError {
  override name = 'UsageError';
  constructor(message: string, details: ErrorDetails = {}) {
    super('ERR_USAGE', message, details);
  }
}

export class ConfigError extends ConnectorError {
  override name = 'ConfigError';
  constructor(message: string, details: ErrorDetails = {}) {
    super('ERR_CONFIG', message, details);
  }
}

/** A connector or action file that breaks its meta-schema or an invariant; names the file and field. */
export class CatalogueError extends ConnectorError {
  override name = 'CatalogueError';
  constructor(
    readonly file: string,
    readonly field: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super('ERR_CATALOGUE_INVALID', `${file}: ${field || '(root)'} ${reason}`, { file, field }, options);
  }
}

export class ActionNotFoundError extends ConnectorError {
  override name = 'ActionNotFoundError';
  constructor(key: string, suggestions: readonly string[]) {
    const hint = suggestions.length > 0 ? ` Did you mean ${suggestions.map((s) => `'${s}'`).join(' or ')}?` : '';
    super('ERR_ACTION_NOT_FOUND', `Unknown action '${key}'.${hint} Run 'chaport list' to see every action.`, {
      key,
      suggestions: [...suggestions],
    });
  }
}

export class InputValidationError extends ConnectorError {
  override name = 'InputValidationError';
  readonly issues: readonly ValidationIssue[];
  constructor(action: string, issues: readonly ValidationIssue[]) {
    const lines = issues.map((i) => `${formatPointer(i.path)} ${i.message} (rule: ${i.rule})`);
    super('ERR_INPUT_INVALID', `Invalid input for '${action}': ${lines.join('; ')}. Nothing was sent.`, {
      action,
      issues: issues.map((i) => ({ ...i })),
    });
    this.issues = issues;
  }
}

/** No usable token (ERR_AUTH_MISSING), or Chaport refused it with 401/403 (ERR_AUTH). */
export class AuthError extends ConnectorError {
  override name = 'AuthError';
  constructor(code: 'ERR_AUTH' | 'ERR_AUTH_MISSING', message: string, details: ErrorDetails = {}) {
    super(code, message, details);
  }
  /** 401 or 403; undefined when no usable token was configured. */
  get status(): number | undefined {
    return this.details['status'] as number | undefined;
  }
}

/** Chaport answered with a status that is neither 2xx nor one of the more specific ones below. */
export class HttpError extends ConnectorError {
  override name = 'HttpError';
  constructor(message: string, details: ErrorDetails, code: 'ERR_HTTP' | 'ERR_NOT_FOUND' | 'ERR_RATE_LIMITED' = 'ERR_HTTP') {
    super(code, message, details);
  }
  get status(): number {
    return this.details['status'] as number;
  }
}

export class NotFoundError extends HttpError {
  override name = 'NotFoundError';
  constructor(message: string, details: ErrorDetails) {
    super(message, details, 'ERR_NOT_FOUND');
  }
}

export class RateLimitError extends HttpError {
  override name = 'RateLimitError';
  constructor(message: string, details: ErrorDetails) {
    super(message, details, 'ERR_RATE_LIMITED');
  }
  /** How long Chaport asked to wait, when it said. */
  get retryAfterMs(): number | undefined {
    return this.details['retryAfterMs'] as number | undefined;
  }
}

export class NetworkError extends ConnectorError {
  override name = 'NetworkError';
  constructor(message: string, details: ErrorDetails, options: { cause: Error }) {
    super('ERR_NETWORK', message, details, options);
  }
}

export class TimeoutError extends ConnectorError {
  override name = 'TimeoutError';
  constructor(message: string, details: ErrorDetails, options: { cause: Error }) {
    super('ERR_TIMEOUT', message, details, options);
  }
}

/** A list cannot be paged further safely, e.g. its next-page link leads away from the base URL. */
export class PaginationError extends ConnectorError {
  override name = 'PaginationError';
  constructor(message: string, details: ErrorDetails = {}) {
    super('ERR_PAGINATION', message, details);
  }
}

/** The caller's AbortSignal fired; the request may or may not have reached Chaport. */
export class AbortedError extends ConnectorError {
  override name = 'AbortedError';
  constructor(action: string, attempts: number) {
    super('ERR_ABORTED', `${action} was aborted by the caller after ${attempts} attempt(s).`, { action, attempts });
  }
}

/** Works across bundles and realms, where `instanceof` may not. */
export function isConnectorError(value: unknown): value is ConnectorError {
  if (value instanceof ConnectorError) return true;
  if (!(value instanceof Error)) return false;
  const candidate = value as Error & { code?: unknown; toJSON?: unknown };
  return (
    typeof candidate.code === 'string' &&
    (ERROR_CODES as readonly string[]).includes(candidate.code) &&
    typeof candidate.toJSON === 'function'
  );
}

/** `input.visitorId` style name of a JSON Pointer, for messages. */
export function formatPointer(pointer: string, root = 'input'): string {
  if (pointer === '') return root;
  return `${root}${pointer
    .split('/')
    .slice(1)
    .map((part) => {
      const key = part.replace(/~1/g, '/').replace(/~0/g, '~');
      return /^\d+$/.test(key) ? `[${key}]` : `.${key}`;
    })
    .join('')}`;
}
