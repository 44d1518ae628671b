/**
 * @module Invariants of an event file that its meta-schema cannot express: the name matches the file,
 * the de-duplication key and the hydrate templates name payload fields, and hydration only reads.
 */
import { CatalogueError } from '../errors/index.js';
import { createAjv } from '../validation/ajv.js';
import { toIssues } from '../validation/issues.js';
import { withSharedDefs } from './shared-defs.js';
import type { ActionDefinition, EventDefinition, JsonSchema } from './types.js';

/** The raw file after it passed the meta-schema. */
export type RawEvent = Omit<EventDefinition, 'file' | 'hydrate'> & { hydrate?: EventDefinition['hydrate'] };

/** What an event name looks like (e.g. chat.started), as events/*.yaml and subscriptions spell it. */
export const EVENT_NAME = /^[a-z][A-Za-z0-9]*(\.[A-Za-z0-9]+)+$/;

/** The shared schema of every declared event name, which actions refer to as `#/$defs/EventName`. */
export const EVENT_NAME_SCHEMA = 'EventName';

export function checkEvent(raw: RawEvent, file: string, nameFromFile: string, shared: Record<string, JsonSchema>): EventDefinition {
  const fail = (field: string, reason: string): never => {
    throw new CatalogueError(file, field, reason);
  };
  if (raw.name !== nameFromFile) fail('/name', `must equal the file name '${nameFromFile}'`);
  raw.dedupeKey.forEach((path, index) => {
    if (!hasPath(raw.payloadSchema, path)) fail(`/dedupeKey/${index}`, `names ${path}, which payloadSchema does not declare`);
  });
  for (const [name, step] of Object.entries(raw.hydrate ?? {})) {
    for (const [field, template] of Object.entries(step.input)) {
      const variable = (template as Record<string, unknown> | null)?.['$var'];
      if (typeof variable !== 'string' || !variable.startsWith('input.') || !hasPath(raw.payloadSchema, variable.slice('input.'.length))) {
        fail(`/hydrate/${name}/input/${field}`, 'must be {$var: input.<path>} naming a field that payloadSchema declares');
      }
    }
  }
  const payloadSchema = withSharedDefs(raw.payloadSchema, shared);
  const validate = createAjv().compile(payloadSchema);
  if (!validate(raw.example)) fail('/example', `does not match payloadSchema: ${toIssues(validate.errors).map((issue) => `${issue.path || '(root)'} ${issue.message}`).join('; ')}`);
  return { ...raw, description: raw.description.trim(), hydrate: raw.hydrate ?? {}, payloadSchema, file };
}

/** Checks what an event asks of the actions: hydration runs existing read actions only. */
export function checkHydration(event: EventDefinition, actions: ReadonlyMap<string, ActionDefinition>): void {
  for (const [name, step] of Object.entries(event.hydrate)) {
    const action = actions.get(step.action);
    if (action === undefined) throw new CatalogueError(event.file, `/hydrate/${name}/action`, `names '${step.action}', which is no action`);
    if (action.effect !== 'read') throw new CatalogueError(event.file, `/hydrate/${name}/action`, `names '${step.action}', which is not a read: hydration must never change data`);
  }
}

/** The shared schema of the declared event names. */
export function eventNameSchema(events: readonly Pick<EventDefinition, 'name'>[]): JsonSchema {
  return { title: EVENT_NAME_SCHEMA, description: 'A webhook event the connector declares (events/*.yaml).', type: 'string', enum: events.map((event) => event.name) };
}

function hasPath(schema: JsonSchema, path: string): boolean {
  let node: JsonSchema | undefined = schema;
  for (const step of path.split('.')) {
    node = (node?.['properties'] as Record<string, JsonSchema> | undefined)?.[step];
    if (node === undefined) return false;
  }
  return true;
}
