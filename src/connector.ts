/** @module createConnector(): the library entry point, typed from the generated action types. */
import { builtinCatalogue, builtinValidators } from './builtin-catalogue.js';
import { findAction } from './catalogue/find-action.js';
import type { ActionDefinition, Catalogue, RetrySettings, TimeoutSettings } from './catalogue/types.js';
import { resolveConnection, type ConnectionOptions } from './config/settings.js';
import { stripUrlCredentials } from './redact.js';
import { PaginationError, UsageError } from './errors.js';
import type { ActionKey, ActionTypes, ListActionKey } from './generated/action-types.js';
import { createGotTransport, type Transport } from './http/transport.js';
import { PageStream, type PageLimits } from './pagination/page-stream.js';
import { rawRequest, type RawRequest, type RawResponse } from './passthrough/raw-request.js';
import { runAction, type RunEnvironment, type RunOptions, type RunResult } from './runtime/run-action.js';
import { ValidatorCache } from './validation/action-validators.js';
import { VERSION } from './version.js';

export interface ConnectorOptions extends ConnectionOptions {
  /**
   * Where settings not given as options are read from.
   * @default process.env
   */
  env?: Readonly<Record<string, string | undefined>>;
  /** Overrides of the manifest's retry policy, e.g. `{limit: 0}` to never retry. */
  retry?: Partial<RetrySettings>;
  /** Overrides of the manifest's timeouts. */
  timeouts?: Partial<TimeoutSettings>;
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

/** Drift that makes a reply unusable as a page of a list (see shapeOutput and textOutput). */
const UNUSABLE_PAGE = new Set(['json', 'empty', 'envelope', 'records', 'next-page']);

export interface Connector {
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
  request(request: RawRequest, options?: RunOptions): Promise<RawResponse>;
}

export function createConnector(options: ConnectorOptions = {}): Connector {
  const catalogue = options.catalogue ?? builtinCatalogue();
  const { manifest } = catalogue;
  const connection = resolveConnection(manifest, options, options.env ?? process.env);
  const retry = { ...manifest.retry, ...options.retry };
  const env: RunEnvironment = {
    manifest,
    connection,
    retry,
    // Precompiled validators belong to the built-in actions only.
    validators: new ValidatorCache(options.catalogue ? undefined : builtinValidators()),
    transport: options.transport ?? createGotTransport({ ...manifest.timeouts, ...options.timeouts }),
    userAgent: `chaport-connector/${VERSION}`,
  };
  const action = (key: string): ActionDefinition => findAction(catalogue.actions, key);
  const runDynamic = (key: string, input: unknown, runOptions: RunOptions = {}): Promise<RunResult> => {
    const onDrift = runOptions.onDrift ?? options.onDrift;
    return runAction(env, action(key), input, onDrift ? { ...runOptions, onDrift } : runOptions);
  };
  const paginateDynamic = (key: string, input: unknown, paginateOptions: PaginateOptions = {}): PageStream<unknown> => {
    if (action(key).response.records !== true) {
      throw new UsageError(`'${key}' is not a list action, so it cannot be paged; run it instead.`);
    }
    const { maxPages, maxRecords, ...runOptions } = paginateOptions;
    const { cursor, ...rest } = (input ?? {}) as Record<string, unknown>;
    // A cursor of the wrong type stays in the input, so that validation names it.
    const base = cursor === undefined || typeof cursor === 'string' ? rest : (input as Record<string, unknown>);
    const fetchPage = async (pageCursor: string | undefined) => {
      const pageInput = pageCursor === undefined ? base : { ...base, cursor: pageCursor };
      const { output, drift } = await runDynamic(key, pageInput, runOptions);
      const page = output as { records: unknown[]; cursor?: string };
      // A reply that is not a list at all must not pass for the last page.
      const broken = drift.find((issue) => UNUSABLE_PAGE.has(issue.rule));
      if (broken === undefined) return page;
      const stop = new PaginationError(`${key} cannot page on: ${broken.message}.`, { rule: broken.rule });
      return { records: broken.rule === 'next-page' ? page.records : [], stop };
    };
    const limits: PageLimits = {};
    if (maxPages !== undefined) limits.maxPages = maxPages;
    if (maxRecords !== undefined) limits.maxRecords = maxRecords;
    return new PageStream(fetchPage, typeof cursor === 'string' ? cursor : undefined, limits);
  };
  return {
    actions: catalogue.actions,
    request: (request, requestOptions = {}) =>
      rawRequest(env, catalogue.actions, request, { ...requestOptions, ...(options.onDrift && !requestOptions.onDrift ? { onDrift: options.onDrift } : {}) }),
    paginateDynamic,
    paginate: (key, input, paginateOptions) => paginateDynamic(key, input, paginateOptions) as never,
    baseUrl: stripUrlCredentials(connection.baseUrl),
    action,
    runDynamic,
    async run(key, input, runOptions) {
      const result = await runDynamic(key, input, runOptions);
      return result.output as never;
    },
  };
}
