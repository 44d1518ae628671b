/**
 * @module The base of the error taxonomy. Every failure the connector reports is a ConnectorError
 * with a stable `code` from the one table (codes.ts) and typed, read-only fields; messages never
 * contain the API token, and `toJSON()` is `{code, message, ...fields}`. Errors are never changed
 * after they are thrown: `withPagination` returns a copy.
 */
import { isErrorCode, type ErrorCode } from './codes.js';

/** Why a paged run ended. */
export type StopReason = 'no_next_page' | 'empty_page' | 'max_pages' | 'max_records' | 'loop_detected' | 'interrupted' | 'error';

/** How a paged run ended: counts, whether it is complete, and where to resume. */
export interface PaginationSummary {
  /** Pages fetched, including a repeated page that was detected and not used. */
  pages: number;
  /** Records handed to the caller. */
  records: number;
  /** True only when the API said there is nothing more (no next page). */
  complete: boolean;
  stopReason: StopReason;
  /** Pass back as the `cursor` input to continue where the run stopped; absent when complete or looping. */
  cursor?: string;
  /** When the run stopped inside a page: how many records of the `cursor` page were already handed out. */
  skipRecords?: number;
}

/** Own properties that are not fields of the error's JSON. */
const NOT_FIELDS = new Set(['name', 'code', 'message', 'stack', 'cause']);

export abstract class ConnectorError extends Error {
  override name = 'ConnectorError';
  readonly code: ErrorCode;
  /** Set on an error that ended a paged run: how far the run got and where to resume. */
  declare readonly pagination?: PaginationSummary;

  protected constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }

  /** The `{code, message, ...fields}` shape printed by `--json`; never holds secrets. */
  toJSON(): { code: ErrorCode; message: string } & Record<string, unknown> {
    const fields = Object.entries(this).filter(([key, value]) => !NOT_FIELDS.has(key) && value !== undefined);
    return { code: this.code, message: this.message, ...Object.fromEntries(fields) };
  }

  /** A copy of this error (same class, message, fields and stack) that also says how a paged run ended. */
  withPagination(summary: PaginationSummary): this {
    const properties: PropertyDescriptorMap = Object.getOwnPropertyDescriptors(this);
    properties['pagination'] = { value: { ...summary }, enumerable: true };
    return Object.create(Object.getPrototypeOf(this) as object, properties) as this;
  }
}

/** A failure that is not one of the connector's own: a bug, reported with the original as `cause`. */
export class InternalError extends ConnectorError {
  static readonly codes = ['ERR_INTERNAL'] as const;
  override name = 'InternalError';
  constructor(cause: unknown) {
    super('ERR_INTERNAL', cause instanceof Error ? cause.message : String(cause), { cause });
  }
}

/** Works across bundles and realms, where `instanceof` may not. */
export function isConnectorError(value: unknown): value is ConnectorError {
  if (value instanceof ConnectorError) return true;
  if (!(value instanceof Error)) return false;
  const candidate = value as Error & { code?: unknown; toJSON?: unknown };
  return isErrorCode(candidate.code) && typeof candidate.toJSON === 'function';
}

/** Any thrown value as a ConnectorError: the error itself, or an InternalError around it. */
export function toConnectorError(value: unknown): ConnectorError {
  return isConnectorError(value) ? value : new InternalError(value);
}
