/** @module The shapes of the connector manifest and of a loaded action. */

export type JsonSchema = Record<string, unknown>;
export type Effect = 'read' | 'write' | 'destructive';
export type EvidenceLevel = 'official' | 'client' | 'inferred';
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A literal JSON value, `{$var: "input.<path>"}` or `{$inputExcept: [...]}`, templated member by member. */
export type Template = unknown;

export interface Evidence {
  level: EvidenceLevel;
  sources: string[];
  notes?: string;
}

export interface RequestTemplate {
  method: HttpMethod;
  /** Below the base URL; `{name}` is filled from the input field `name`, percent-encoded. */
  path: string;
  query?: Record<string, Template>;
  headers?: Record<string, Template>;
  body?: Template;
}

export interface ResponseMapping {
  /** Dotted path of the payload in the reply body; defaults to the manifest's envelope key. */
  select?: string;
  /** Output field -> dotted path in the reply body, merged into the selected object. */
  include?: Record<string, string>;
  /** List action: the output is `{records, cursor?}`. */
  records?: boolean;
}

/** Page numbers; another page exists while the reply's `hasMore` member is non-empty (e.g. `links.next`). */
export interface PageNumberPagination {
  style: 'page-number';
  param: string;
  start: number;
  hasMore: string;
}

/** An opaque token: the reply's `next` member is sent back as the `param` query parameter. */
export interface CursorPagination {
  style: 'cursor';
  param: string;
  next: string;
}

/**
 * Offset and limit. The next offset is this offset plus the records received; the run ends on an
 * empty page, or earlier when the reply says so through `hasMore` (false/absent) or `total`.
 */
export interface OffsetPagination {
  style: 'offset';
  offsetParam: string;
  limitParam?: string;
  limit?: number;
  hasMore?: string;
  total?: string;
}

/** An RFC 8288 `Link` header with rel="next" (the URL must stay below the base URL). */
export interface LinkHeaderPagination {
  style: 'link-header';
  rel: string;
}

export type Pagination = PageNumberPagination | CursorPagination | OffsetPagination | LinkHeaderPagination;

/** Where a read action's inputs come from when `chaport verify` runs it. */
export interface VerifySource {
  /** The read action whose run provides them. */
  from: string;
  /** Input field -> `input.<path>` or `output.<path>` of that run; `[]` marks a list whose items are tried in turn. */
  input: Record<string, string>;
}

export interface ActionDefinition {
  key: string;
  name: string;
  description: string;
  effect: Effect;
  /** The resource it works on (one of the manifest's resources), e.g. `Visitors`; groups it in exports. */
  resource?: string;
  /** Resolved: whether the request may be sent twice (decides retries after it may have reached the server). */
  idempotent: boolean;
  evidence: Evidence;
  /** Extra words that help intent search find the action. */
  keywords: string[];
  /** Example requests, worded as people and agents ask, that this action answers (for intent search). */
  utterances: string[];
  /** `chaport verify`: where this read action's inputs come from (a run of another read action). */
  verify?: VerifySource;
  request: RequestTemplate;
  response: ResponseMapping;
  pagination?: Pagination;
  /** Self-contained: the shared schemas it references are copied into its `$defs`. */
  inputSchema: JsonSchema;
  outputSchema: JsonSchema;
  example: { input: Record<string, unknown>; output?: unknown };
  /** Where it was loaded from, relative to the package root, e.g. `actions/get-visitor.yaml`. */
  file: string;
}

/** What `listen --hydrate` fetches for a delivery: a read action and its input, templated over the payload. */
export interface HydrateStep {
  action: string;
  /** Templates over the delivery's payload: `{$var: "input.extras.chatId"}`. */
  input: Record<string, Template>;
}

/** A webhook event the API POSTs to a subscription (events/<name>.yaml). */
export interface EventDefinition {
  /** As the API spells it, e.g. `chat.started`. */
  name: string;
  description: string;
  evidence: Evidence;
  /** The delivery's body; lenient (a delivery that breaks it is passed on, the difference reported). Self-contained. */
  payloadSchema: JsonSchema;
  /** Dotted payload paths that together identify one occurrence (the API sends no delivery id). */
  dedupeKey: string[];
  /** Output name -> what to fetch for a delivery. */
  hydrate: Record<string, HydrateStep>;
  /** How the sandbox builds a delivery: a template over `{event, link, visitorId, chatId}`. */
  sandboxPayload?: Template;
  example: Record<string, unknown>;
  /** Where it was loaded from, relative to the package root, e.g. `events/chat.started.yaml`. */
  file: string;
}

export interface RetrySettings {
  limit: number;
  baseDelayMs: number;
  maxDelayMs: number;
  maxRetryAfterMs: number;
  statusCodes: number[];
  errorCodes: string[];
  beforeSendErrorCodes: string[];
}

export interface LimitSettings {
  /** The most bytes of one reply read, counted after decompression. */
  maxResponseBytes: number;
  /** The environment variable that overrides maxResponseBytes. */
  maxResponseBytesEnv: string;
}

export interface TimeoutSettings {
  /** Per attempt: to connect. */
  connectMs: number;
  /** Per attempt: to the first byte of the reply. */
  responseMs: number;
  /** Per attempt: for the whole reply. */
  requestMs: number;
  /** Per call: every attempt and the waits between retries together. */
  deadlineMs: number;
}

/** The fields of an action that intent search reads. */
export type SearchField = 'key' | 'name' | 'effect' | 'keywords' | 'utterances' | 'description' | 'inputFields';

/** How `list --intent` reads text and ranks actions; every part is optional. */
export interface SearchSettings {
  /** Words that say nothing about which action is meant ("the", "please"). */
  stopWords?: string[];
  /**
   * The catalogue's word -> words and phrases people use for it (customer -> visitor). A word may
   * belong to several entries.
   */
  synonyms?: Record<string, string[]>;
  /** How much a match in each field counts. */
  fieldWeights?: Partial<Record<SearchField, number>>;
  /** Results scoring below this are left out. */
  minScore?: number;
  /** Results scoring below this share of the best result's score are left out. */
  minShareOfBest?: number;
  /** Actions of an effect that rank only when the request says this catalogue word or a synonym of it (destructive: delete). */
  effectNeedsWord?: Partial<Record<Effect, string>>;
}

export interface ConnectorManifest {
  key: string;
  name: string;
  description?: string;
  docs?: string;
  baseUrl: { regions: Record<string, string>; defaultRegion: string; regionEnv: string; overrideEnv: string };
  auth: { type: 'bearer'; header: string; scheme: string; tokenEnv: string; help?: string; legacyHeader?: string };
  headers?: Record<string, string>;
  /** The local proxy: the header that carries its access key, and the variables it prints and reads. */
  proxy?: { keyHeader: string; urlEnv: string; keyEnv: string };
  /** `chaport verify`: its request budget, the pause between requests, how many list items are tried for an input. */
  verify?: { maxRequests: number; pauseMs: number; candidates: number; listMembers?: string[] };
  /** `chaport listen`: the variables of its path token and signing secret, and how --subscribe (un)subscribes. */
  webhooks?: {
    pathTokenEnv: string;
    secretEnv: string;
    subscribe?: { action: string; input: Record<string, Template>; idField: string };
    unsubscribe?: { action: string; input: Record<string, Template> };
  };
  /** The MCP server over HTTP: the variables it prints (and reads the key from). */
  mcp?: { urlEnv: string; keyEnv: string };
  envelope: { key: string };
  /** The resources actions work on, by name, each with a one-line description. */
  resources?: Record<string, string>;
  /** Intent search: stop words, domain synonyms, field weights and the relevance floor. */
  search?: SearchSettings;
  limits: LimitSettings;
  /** With the environment variable that overrides the deadline. */
  timeouts: TimeoutSettings & { deadlineEnv: string };
  retry: RetrySettings;
}

export interface Catalogue {
  manifest: ConnectorManifest;
  /** Sorted by key. */
  actions: ActionDefinition[];
  /** The shared object schemas by name (Visitor, Chat, ..., and EventName when events are declared). */
  schemas: Record<string, JsonSchema>;
  /** The webhook events, sorted by name. */
  events: EventDefinition[];
}
