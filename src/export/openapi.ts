/**
 * @module The catalogue as an OpenAPI 3.1 document: the regional servers, bearer security, one
 * operation per action (operationId = action key, tagged by resource) with its parameters, JSON body
 * and the reply as the API sends it (envelope included), the error replies, and the side effect and
 * evidence as `x-` extensions; the declared events as webhooks. Shared schemas are written once,
 * under components/schemas.
 */
import { apiBasePath } from '../catalogue/manifest.js';
import type { ActionDefinition, Catalogue, EventDefinition, JsonSchema } from '../catalogue/types.js';
import { hoistDefs } from './schema-refs.js';
import { wireReply } from './wire-reply.js';
import { wireRequest, type WireParameter } from './wire-request.js';

export type OpenApiDocument = Record<string, unknown> & { paths: Record<string, Record<string, OpenApiOperation>> };
export type OpenApiOperation = Record<string, unknown> & { operationId: string; responses: Record<string, unknown> };

const COMPONENTS = '#/components/schemas/';
const SECURITY = 'bearerAuth';

/** The replies the connector tells apart, with what it does on each; their bodies are undocumented. */
const ERROR_REPLIES: Record<string, string> = {
  '400': 'The request was refused as malformed or invalid.',
  '401': 'The token is missing, wrong or revoked.',
  '403': 'The token may not do this.',
  '404': 'No such resource.',
  '429': 'Too many requests: the connector waits (as Retry-After asks, when sent) and retries.',
  '5XX': 'The API failed; the connector retries reads and idempotent writes.',
};

export function toOpenApi(catalogue: Catalogue, version: string): OpenApiDocument {
  const { manifest } = catalogue;
  const schemas: Record<string, JsonSchema> = {};
  hoistDefs({ $defs: catalogue.schemas }, COMPONENTS, schemas, 'connector/schemas.yaml');
  // An action's $defs are copies of shared schemas (checked to be the same), or its own, added here.
  for (const action of catalogue.actions) {
    hoistDefs(action.inputSchema, COMPONENTS, schemas, action.file);
    hoistDefs(action.outputSchema, COMPONENTS, schemas, action.file);
  }
  const paths: OpenApiDocument['paths'] = {};
  for (const action of catalogue.actions) {
    const item = (paths[action.request.path] ??= {});
    item[action.request.method.toLowerCase()] = operation(action, catalogue, schemas);
  }
  const base = apiBasePath(manifest);
  const resources = manifest.resources ?? {};
  const tags = [...new Set(catalogue.actions.flatMap((action) => (action.resource === undefined ? [] : [action.resource])))]
    .sort()
    .map((name) => ({ name, ...(resources[name] === undefined ? {} : { description: resources[name] }) }));
  return {
    openapi: '3.1.0',
    info: {
      title: `${manifest.name} API`,
      version,
      summary: manifest.description,
      description: `The ${manifest.name} API as the ${manifest.key} connector knows it, generated from its catalogue. ${manifest.name} publishes no OpenAPI document of its own: each operation's x-evidence says where its facts come from (official: ${manifest.name}'s documentation; client: seen in other clients; inferred: neither), and the schemas of inferred operations are best guesses. Replies are wrapped in a '${manifest.envelope.key}' member; every path is below ${base}.`,
    },
    ...(manifest.docs === undefined ? {} : { externalDocs: { url: manifest.docs, description: `${manifest.name}'s API documentation` } }),
    servers: Object.entries(manifest.baseUrl.regions)
      .sort(([a], [b]) => (a === manifest.baseUrl.defaultRegion ? -1 : b === manifest.baseUrl.defaultRegion ? 1 : a.localeCompare(b)))
      .map(([region, url]) => ({ url, description: `${region} region${region === manifest.baseUrl.defaultRegion ? ' (default)' : ''}` })),
    security: [{ [SECURITY]: [] }],
    tags,
    paths,
    ...(catalogue.events.length === 0 ? {} : { webhooks: Object.fromEntries(catalogue.events.map((event) => [event.name, webhook(event, schemas)])) }),
    components: {
      schemas,
      securitySchemes: {
        [SECURITY]: { type: 'http', scheme: manifest.auth.scheme.toLowerCase(), ...(manifest.auth.help === undefined ? {} : { description: manifest.auth.help }) },
      },
      responses: Object.fromEntries(Object.entries(ERROR_REPLIES).map(([status, description]) => [errorName(status), errorReply(status, description)])),
    },
  };
}

function operation(action: ActionDefinition, catalogue: Catalogue, schemas: Record<string, JsonSchema>): OpenApiOperation {
  const request = wireRequest(action);
  // Parts of the action's schemas, their references pointed at components (which hold every definition).
  const local = (schema: JsonSchema): JsonSchema => hoistDefs(schema, COMPONENTS, schemas, action.file);
  const success = local(wireReply(action, catalogue.manifest));
  const parameters = request.parameters.map((parameter) => openApiParameter(parameter, local));
  return {
    operationId: action.key,
    summary: action.name,
    description: describe(action),
    ...(action.resource === undefined ? {} : { tags: [action.resource] }),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(request.body === undefined
      ? {}
      : { requestBody: { required: request.body.required, content: { 'application/json': { schema: local(request.body.schema) } } } }),
    responses: {
      [successStatus(action)]: {
        description: action.effect === 'read' ? `The ${catalogue.manifest.envelope.key} and any members the connector reads.` : 'Done; the exact success status is undocumented, so any 2xx counts.',
        ...(isUnconstrained(action.outputSchema) && action.response.records !== true && action.effect !== 'read'
          ? { content: { 'application/json': { schema: { description: 'Undocumented; may be empty.' } } } }
          : { content: { 'application/json': { schema: success } } }),
      },
      ...Object.fromEntries(Object.keys(ERROR_REPLIES).map((status) => [status, { $ref: `#/components/responses/${errorName(status)}` }])),
    },
    'x-side-effect': action.effect,
    'x-idempotent': action.idempotent,
    'x-evidence': action.evidence,
    ...(action.pagination === undefined ? {} : { 'x-pagination': action.pagination }),
  };
}

/** A declared event as an OpenAPI webhook: what the API POSTs to a subscription's URL. */
function webhook(event: EventDefinition, schemas: Record<string, JsonSchema>): Record<string, unknown> {
  const evidence = `Evidence: ${event.evidence.level}${event.evidence.notes === undefined ? '.' : `. ${event.evidence.notes.trim()}`}`;
  return {
    post: {
      summary: event.name,
      description: `${event.description}\n\n${evidence}`,
      requestBody: { required: true, content: { 'application/json': { schema: hoistDefs(event.payloadSchema, COMPONENTS, schemas, event.file) } } },
      responses: { '2XX': { description: 'Any 2xx acknowledges the delivery (what the API expects, and whether it retries, is undocumented).' } },
      security: [],
      'x-evidence': event.evidence,
      'x-dedupe-key': event.dedupeKey,
    },
  };
}

function openApiParameter(parameter: WireParameter, local: (schema: JsonSchema) => JsonSchema): Record<string, unknown> {
  const schema = local(parameter.schema);
  const { name, required, description } = parameter;
  // A query parameter with an object value is sent as JSON text.
  const value = schema['type'] === 'object' ? { content: { 'application/json': { schema } } } : { schema };
  return { name, in: parameter.in, required, ...(description === undefined ? {} : { description }), ...value };
}

/** The description, followed by what a caller must know before calling: the side effect and the evidence. */
function describe(action: ActionDefinition): string {
  const effect = action.effect === 'read' ? 'Read only.' : `Side effect: ${action.effect}${action.idempotent ? '' : '; never re-sent once it may have reached the API'}.`;
  const evidence = `Evidence: ${action.evidence.level}${action.evidence.notes === undefined ? '.' : `. ${action.evidence.notes.trim()}`}`;
  return `${action.description}\n\n${effect} ${evidence}`;
}

/** Reads are known to answer 200; for writes the status is undocumented. */
function successStatus(action: ActionDefinition): string {
  return action.effect === 'read' ? '200' : '2XX';
}

function isUnconstrained(schema: JsonSchema): boolean {
  return Object.keys(schema).every((key) => key === 'description' || key === 'title' || key === '$defs');
}

function errorName(status: string): string {
  return `Error${status}`;
}

function errorReply(status: string, description: string): Record<string, unknown> {
  return {
    description: `${description} The body's format is undocumented; the connector reads the status only.`,
    ...(status === '429' ? { headers: { 'Retry-After': { description: 'Seconds or an HTTP date to wait, when sent (whether the API sends it is unknown).', schema: { type: 'string' } } } } : {}),
    content: { 'application/json': { schema: { description: 'Undocumented error body.' } } },
  };
}
