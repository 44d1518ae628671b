/** @module chaport-connector: the public library API. */
export { createConnector } from './connector.js';
export type { ActionInput, ActionOutput, Connector, ConnectorOptions, ListRecord, PaginateOptions } from './connector.js';
export { DEFAULT_MAX_PAGES, PageStream } from './pagination/page-stream.js';
export type { Collected, Page, PageLimits, PaginationSummary, StopReason } from './pagination/page-stream.js';
export type { DriftReport, RunOptions, RunResult } from './runtime/run-action.js';
export { loadCatalogue, type CatalogueLocation } from './catalogue/load-catalogue.js';
export { rankActions, nearestKeys } from './catalogue/search.js';
export type * from './catalogue/types.js';
export {
  ERROR_CODES,
  AbortedError,
  ActionNotFoundError,
  AuthError,
  CatalogueError,
  ConfigError,
  ConnectorError,
  HttpError,
  InputValidationError,
  NetworkError,
  NotFoundError,
  PaginationError,
  RateLimitError,
  TimeoutError,
  UsageError,
  isConnectorError,
} from './errors.js';
export type { ErrorCode, ValidationIssue } from './errors.js';
export type * from './generated/action-types.js';
export { ACTION_KEYS } from './generated/action-types.js';
export { VERSION } from './version.js';
export type { RawRequest, RawResponse } from './passthrough/raw-request.js';
export { RefusedRequestError } from './passthrough/confine.js';
export { startSandbox } from './sandbox/server.js';
export type { Sandbox, SandboxOptions } from './sandbox/server.js';
export type { WebhookDelivery } from './sandbox/webhooks.js';
export { PROXY_KEY_HEADER, startProxy } from './proxy/server.js';
export type { Proxy, ProxyOptions } from './proxy/server.js';
