/**
 * @module createConnector(): the library entry point, typed from the generated action types. It
 * resolves the options once and delegates: actions to runAction, lists to paginate, raw requests to
 * rawRequest.
 */
import { redact, secretForms, stripUrlCredentials } from './redact.js';
import { builtinSource, builtinValidators } from './builtin-catalogue.js';
import { catalogueSource, type CatalogueSource } from './catalogue/source.js';
import type { ActionDefinition, Catalogue, ConnectorManifest, RetrySettings, TimeoutSettings } from './catalogue/types.js';
import { connectionHints } from './config/hints.js';
import { resolveConnection, resolveDeadlineMs, resolveMaxResponseBytes, type ConnectionOptions, type LimitOptions } from './config/settings.js';
import type { AttemptEvent, RetryEvent } from './http/send-with-retry.js';
import type { ActionKey, ActionTypes, ListActionKey } from './generated/action-types.js';
import { createGotTransport, type Transport } from './http/transport.js';
import type { PageLimits, PageStream } from './pagination/page-stream.js';
import { paginate } from './pagination/paginate.js';
import { rawRequest, type RawRequest, type RawRequestOptions, type RawResponse } from './passthrough/raw-request.js';
import { runAction, type RunOptions, type RunResult } from './runtime/run-action.js';
import type { Runtime } from './runtime/runtime.js';
import { ValidatorCache } from './validation/action-validators.js';
import { VERSION } from './version.js';

export interface ConnectorOptions extends ConnectionOptions, LimitOptions {
  /**
   * Where settings not given as options are read from.
   * @default process.env
   */
  env?: Readonly<Record<string, string | undefined>>;
  /** Overrides of the manifest's retry policy, e.g. `{limit: 0}` to never retry. */
  retry?: Partial<RetrySettings>;
  /**
   * Overrides of the manifest's timeouts: per attempt (connectMs, responseMs, requestMs) and per call,
   * every attempt and wait included (deadlineMs, else the deadline variable the manifest names).
   */
  timeouts?: Partial<TimeoutSettings>;
  /** Told before each retry waits: which attempt comes next, after what, and how long the wait is. */
  onRetry?: (event: RetryEvent) => void;
  /** Told of each attempt: its request line, outcome and time. */
  onAttempt?: (event: AttemptEvent) => void;
  /** Called whenever a reply does not match the action's output schema. The output is returned all the same. */
  onDrift?: RunOptions['onDrift'];
  /**
   * A catalogue of your own (see `loadCatalogue`) instead of the built-in one.
   * @default the built-in Chaport catalogue
   */
  catalogue?: Catalogue;
  /** Replaces the HTTP layer; for tests and special transports. */
  transport?: Transport;
}

export type ActionInput<K extends ActionKey> = ActionTypes[K]['input'];
export type ActionOutput<K extends ActionKey> = ActionTypes[K]['output'];
/** The type of one record of a list action. */
export type ListRecord<K extends ListActionKey> = ActionOutput<K> extends { records: (infer R)[] } ? R : never;

export type PaginateOptions = RunOptions & PageLimits;

export interface Connector {
  /** The connector manifest: name, regions, auth, retry policy, envelope. */
  readonly manifest: ConnectorManifest;
  /** Every action, sorted by key. */
  readonly actions: readonly ActionDefinition[];
  /** The base URL requests go to, without any user:password it may carry. */
  readonly baseUrl: string;
  /** One action; throws ERR_ACTION_NOT_FOUND with suggestions for an unknown key. */
  action(key: string): ActionDefinition;
  /** Runs an action and returns its output, typed by the action key. */
  run<K extends ActionKey>(key: K, input: ActionInput<K>, options?: RunOptions): Promise<ActionOutput<K>>;
  /** Runs an action chosen at run time (from a catalogue, an agent, a CLI); input is checked at run time. */
  runDynamic(key: string, input: unknown, options?: RunOptions): Promise<RunResult>;
  /**
   * Pages through a list action from `input.cursor` (or the first page): iterate it for records, call
   * `.pages()` for pages or `.collect()` for an array; `.summary` says how the run ended.
   * @example for await (const visitor of chaport.paginate('list-visitors', {}, { maxRecords: 500 })) use(visitor);
   */
  paginate<K extends ListActionKey>(key: K, input: ActionInput<K>, options?: PaginateOptions): PageStream<ListRecord<K>>;
  /** `paginate` for a list action chosen at run time. */
  paginateDynamic(key: string, input: unknown, options?: PaginateOptions): PageStream<unknown>;
  /**
   * Sends a raw request below the base URL with the connector's token, timeouts and retries (for
   * idempotent methods). Resolves with `{status, headers, data}` for any HTTP status; throws only for
   * transport failures and for requests it refuses (ERR_REQUEST_REFUSED: a path leaving the base URL,
   * a header with a line break).
   * @example const { status, data } = await chaport.request({ path: '/visitors', query: { page: 2 } });
   */
  request(request: RawRequest, options?: RawRequestOptions): Promise<RawResponse>;
  /**
   * The text with the connector's token removed in every form an echo can take (as given,
   * percent-encoded, base64): for passing on what the API sent, as the proxy does.
   */
  scrub(text: string): string;
}

export function createConnector(options: ConnectorOptions = {}): Connector {
  return connectorFor(options.catalogue ? catalogueSource(options.catalogue) : builtinSource(), options);
}

/** A connector over any catalogue source (the CLI passes its own); `options.catalogue` is not read. */
export function connectorFor(source: CatalogueSource, options: Omit<ConnectorOptions, 'catalogue'> = {}): Connector {
  const { manifest } = source;
  const env = options.env ?? process.env;
  const connection = resolveConnection(manifest, options, env);
  const maxResponseBytes = resolveMaxResponseBytes(manifest, options, env);
  const timeouts = { ...manifest.timeouts, ...options.timeouts, deadlineMs: resolveDeadlineMs(manifest, options.timeouts?.deadlineMs, env) };
  const runtime: Runtime = {
    manifest,
    connection,
    userAgent: `${manifest.key}-connector/${VERSION}`,
    http: {
      transport: options.transport ?? createGotTransport(timeouts, { maxResponseBytes }),
      retry: { ...manifest.retry, ...options.retry },
      baseUrl: connection.baseUrl,
      service: manifest.name,
      secrets: secretForms(connection.token),
      maxResponseBytes,
      deadlineMs: timeouts.deadlineMs,
      hints: connectionHints(manifest, connection),
      ...(options.onRetry ? { onRetry: options.onRetry } : {}),
      ...(options.onAttempt ? { onAttempt: options.onAttempt } : {}),
    },
    // Precompiled validators belong to the built-in actions only.
    validators: new ValidatorCache(source === builtinSource() ? builtinValidators() : undefined),
  };
  const withDrift = <O extends RunOptions>(runOptions: O = {} as O): O =>
    runOptions.onDrift || !options.onDrift ? runOptions : { ...runOptions, onDrift: options.onDrift };
  const runDynamic = (key: string, input: unknown, runOptions?: RunOptions): Promise<RunResult> =>
    runAction(runtime, source.action(key), input, withDrift(runOptions));
  const paginateDynamic = (key: string, input: unknown, { maxPages, maxRecords, ...runOptions }: PaginateOptions = {}): PageStream<unknown> =>
    paginate(source.action(key), input, async (pageInput) => (await runDynamic(key, pageInput, runOptions)).page, pageLimits(maxPages, maxRecords, runOptions.signal));

  return {
    get actions() {
      return source.actions();
    },
    manifest,
    baseUrl: stripUrlCredentials(connection.baseUrl),
    action: source.action,
    runDynamic,
    run: async (key, input, runOptions) => (await runDynamic(key, input, runOptions)).output as never,
    paginateDynamic,
    paginate: (key, input, paginateOptions) => paginateDynamic(key, input, paginateOptions) as never,
    request: (request, requestOptions) => rawRequest({ runtime, actions: source.actions }, request, withDrift(requestOptions)),
    scrub: (text) => redact(text, runtime.http.secrets),
  };
}

function pageLimits(maxPages: number | undefined, maxRecords: number | undefined, signal: AbortSignal | undefined): PageLimits {
  const limits: PageLimits = {};
  if (maxPages !== undefined) limits.maxPages = maxPages;
  if (maxRecords !== undefined) limits.maxRecords = maxRecords;
  if (signal !== undefined) limits.signal = signal;
  return limits;
}
