/**
 * @module The MCP tools made from the catalogue: one per action, named by its key, with a description
 * that says what it does, its side effect and how sure we are of its endpoint, a flat input schema,
 * and annotations derived from the action's effect. Which actions are offered follows the server's
 * switches: destructive ones only when allowed, reads only when read-only, and the chosen subset.
 */
import type { ActionDefinition, Effect, EvidenceLevel, JsonSchema } from '../catalogue/types.js';
import { UsageError, isConnectorError } from '../errors/index.js';
import { CURSOR_FIELD, FIELDS_FIELD } from '../catalogue/reserved-fields.js';
import { publishedInputSchema } from './published-schema.js';

export interface ToolAnnotations {
  title?: string;
  readOnlyHint?: boolean;
  destructiveHint?: boolean;
  idempotentHint?: boolean;
  openWorldHint?: boolean;
}

/** A JSON Schema whose root is an object, as MCP requires of a tool's input. */
export type ObjectSchema = JsonSchema & { type: 'object' };

export interface ToolDescriptor {
  name: string;
  title: string;
  description: string;
  inputSchema: ObjectSchema;
  annotations: ToolAnnotations;
}

export interface ToolSelection {
  /** Offer reads only; wins over everything else. */
  readOnly?: boolean;
  /** Offer destructive actions (deletes); off by default. */
  allowDestructive?: boolean;
  /** Offer only these actions. */
  tools?: readonly string[];
  /** Never offer these actions. */
  excludeTools?: readonly string[];
}

/** What the side effect means for the caller; `service` is the API's name (the manifest's). */
function effectNote(effect: Effect, service: string): string {
  if (effect === 'read') return 'Read-only.';
  if (effect === 'write') return `Changes data in ${service}: ask the user first.`;
  return 'DESTRUCTIVE: deletes data for good; ask the user first.';
}

/** How sure the catalogue is of the endpoint, in words that never present a guess as a fact. */
function evidenceNote(level: EvidenceLevel, service: string): string {
  if (level === 'official') return `Evidence: official (${service} documents it).`;
  if (level === 'client') return `Evidence: client (seen in API clients, not ${service}'s docs).`;
  return 'Evidence: inferred (an unconfirmed guess; check the result).';
}


export function toolFor(action: ActionDefinition, service: string): ToolDescriptor {
  const schema = publishedInputSchema(action.inputSchema);
  // check-action.ts keeps both names free of other meanings.
  const properties = schema['properties'] as Record<string, JsonSchema>;
  if (action.response.records === true) {
    properties[CURSOR_FIELD] = {
      type: 'string',
      minLength: 1,
      description: `Cursor of the previous result (${action.pagination ? 'the next page, or the rest of a truncated one' : 'the rest of a truncated one'}); pass the other arguments unchanged.`,
    };
  }
  if (action.effect === 'read') {
    properties[FIELDS_FIELD] = {
      type: 'array',
      items: { type: 'string' },
      description: `Only these top-level fields of ${action.response.records ? 'each record' : 'the result'}, e.g. ["id","name"].`,
    };
  }
  const notes = [effectNote(action.effect, service), evidenceNote(action.evidence.level, service)];
  if (action.pagination) notes.push('One page per call.');
  return {
    name: action.key,
    title: action.name,
    description: `${action.description} ${notes.join(' ')}`,
    inputSchema: schema,
    annotations: annotationsFor(action),
  };
}

function annotationsFor(action: Pick<ActionDefinition, 'effect' | 'idempotent'>): ToolAnnotations {
  // openWorldHint defaults to true, which every action is (it talks to the API): it is left out to save room.
  if (action.effect === 'read') return { readOnlyHint: true };
  return { readOnlyHint: false, destructiveHint: action.effect === 'destructive', idempotentHint: action.idempotent };
}

/** Why an action is not offered, or undefined when it is. */
export function notOfferedBecause(action: ActionDefinition, selection: ToolSelection): string | undefined {
  if (selection.readOnly && action.effect !== 'read') return 'the server is read-only (--read-only)';
  if (action.effect === 'destructive' && !selection.allowDestructive) return 'it is destructive and the server was started without --allow-destructive';
  if (selection.excludeTools?.includes(action.key)) return 'it is excluded (--exclude-tools)';
  if (selection.tools !== undefined && !selection.tools.includes(action.key)) return 'it is not among the tools chosen (--tools)';
  return undefined;
}

/**
 * Checks that every key the selection names exists (`action` throws ERR_ACTION_NOT_FOUND, with the
 * nearest keys, for one that does not), and that a destructive one named in `tools` is allowed.
 */
export function checkSelection(selection: ToolSelection, action: (key: string) => Pick<ActionDefinition, 'effect'>): void {
  for (const [flag, names] of [['--tools', selection.tools], ['--exclude-tools', selection.excludeTools]] as const) {
    for (const name of names ?? []) {
      let effect: Effect;
      try {
        effect = action(name).effect;
      } catch (error) {
        throw isConnectorError(error) ? new UsageError(`${flag}: ${error.message}`) : error;
      }
      if (flag === '--tools' && effect === 'destructive' && !selection.allowDestructive && !selection.readOnly) {
        throw new UsageError(`--tools: '${name}' is destructive; add --allow-destructive to offer it.`);
      }
    }
  }
}
