/** @module chaport-connector: the public library API. */
export { createConnector } from './connector.js';
export type { ActionInput, ActionOutput, Connector, ConnectorOptions, ListRecord, PaginateOptions } from './connector.js';
export { DEFAULT_MAX_PAGES, PageStream } from './pagination/page-stream.js';
export type { Collected, Page, PageLimits, PaginationSummary, StopReason } from './pagination/page-stream.js';
export type { DriftReport, RunOptions, RunResult } from './runtime/run-action.js';
export { loadCatalogue, type CatalogueLocation } from './catalogue/load-catalogue.js';
export type { PageResult } from './pagination/read-page.js';
export { rankActions, type RankedAction, type RankOptions, type Searchable } from './catalogue/intent-search.js';
export { nearestKeys } from './catalogue/nearest-keys.js';
export type * from './catalogue/types.js';
export {
  ERRORS,
  ERROR_CODES,
  AbortedError,
  AccessKeyError,
  ActionNotFoundError,
  AuthError,
  BadResponseError,
  BudgetSpentError,
  CatalogueError,
  ConfigError,
  ExportError,
  ConnectorError,
  HttpError,
  InputValidationError,
  InternalError,
  NetworkError,
  NotFoundError,
  OriginRefusedError,
  PaginationError,
  ProxyKeyError,
  RateLimitError,
  RefusedRequestError,
  RequestTooLargeError,
  ResponseTooLargeError,
  TimeoutError,
  ToolNotOfferedError,
  UsageError,
  DeliveryRefusedError,
  WebhookSignatureError,
  isConnectorError,
} from './errors/index.js';
export type { ErrorCode, ErrorCodeInfo, PaginationReason, ValidationIssue } from './errors/index.js';
export type * from './generated/action-types.js';
export { ACTION_KEYS } from './generated/action-types.js';
export { VERSION } from './version.js';
export type { RawRequest, RawRequestOptions, RawResponse } from './passthrough/raw-request.js';
export type { AttemptOutcome, Transport, WireFailure, WireRequest, WireResponse } from './http/transport.js';
export type { Bytes, HttpHeaders } from './bytes.js';
export type { AttemptEvent, RetryEvent } from './http/send-with-retry.js';
export { startSandbox } from './sandbox/server.js';
export type { Sandbox, SandboxOptions } from './sandbox/server.js';
export type { SandboxWebhookDelivery } from './sandbox/webhooks.js';
export { createWebhookHandler } from './webhooks/handler.js';
export type { ReadBody, WebhookHandler, WebhookHandlerOptions } from './webhooks/handler.js';
export type { DeclaredDelivery, UndeclaredDelivery, WebhookDelivery } from './webhooks/delivery.js';
export { newSigningSecret, signDelivery, verifyForwardedDelivery } from './webhooks/standard-webhooks.js';
export type { SignedHeaders, VerifyOptions } from './webhooks/standard-webhooks.js';
export type * from './generated/event-types.js';
export { WEBHOOK_EVENT_NAMES } from './generated/event-types.js';
export { startProxy } from './proxy/server.js';
export type { Proxy, ProxyOptions } from './proxy/server.js';
