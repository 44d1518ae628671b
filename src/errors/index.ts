/**
 * @module The error taxonomy: one table of codes (with exit codes and HTTP statuses) and the classes
 * that carry them. Every failure the connector reports is a ConnectorError with a stable `code` and
 * typed fields; messages never contain the API token.
 */
export { ERRORS, ERROR_CODES, isErrorCode, type ErrorCode, type ErrorCodeInfo } from './codes.js';
export {
  ConnectorError,
  InternalError,
  isConnectorError,
  toConnectorError,
  type PaginationSummary,
  type StopReason,
} from './connector-error.js';
export {
  ActionNotFoundError,
  BudgetSpentError,
  CatalogueError,
  ConfigError,
  ExportError,
  InputValidationError,
  RefusedRequestError,
  UsageError,
  formatPointer,
  type ValidationIssue,
} from './input-errors.js';
export {
  AbortedError,
  AuthError,
  BadResponseError,
  HttpError,
  NetworkError,
  NotFoundError,
  PaginationError,
  RateLimitError,
  ResponseTooLargeError,
  TimeoutError,
  type PaginationReason,
  type ReplyFacts,
  type RequestFacts,
  type TransportFacts,
} from './request-errors.js';
export { AccessKeyError, OriginRefusedError, ProxyKeyError, RequestTooLargeError, ToolNotOfferedError } from './local-server-errors.js';
export { DeliveryRefusedError, WebhookSignatureError, type DeliveryRefusal, type SignatureFailure } from './webhook-errors.js';
