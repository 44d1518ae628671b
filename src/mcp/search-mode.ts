/**
 * @module Search mode: four tools instead of one per action, for hosts with a small tool budget.
 * `search_actions` finds actions by intent, `describe_action` shows one, `run_read_action` runs a
 * read (and refuses anything else), `run_write_action` runs a write (absent when read-only; refuses
 * destructive actions unless they are allowed). Only the actions the server offers are found, shown
 * or run.
 */
import type { IntentIndex } from '../catalogue/intent-index.js';
import { FIELDS_FIELD } from '../catalogue/reserved-fields.js';
import type { ActionDefinition } from '../catalogue/types.js';
import type { Connector } from '../connector.js';
import type { ValidateFunction } from 'ajv';
import { InputValidationError, ToolNotOfferedError, toConnectorError } from '../errors/index.js';
import { createAjv } from '../validation/ajv.js';
import { toIssues } from '../validation/issues.js';
import { callAction, type CallSettings } from './call-action.js';
import { toolError, toolResult, type ToolResult } from './tool-result.js';
import { notOfferedBecause, toolFor, type ToolDescriptor } from './tools.js';

export interface SearchModeContext {
  connector: Connector;
  intentIndex: () => IntentIndex;
  settings: CallSettings;
}

const KEY = { type: 'string', minLength: 1, description: 'The action key, e.g. list-visitors (from search_actions).' };

/** `unrepeatable` says which actions are never re-sent (see server.ts). */
export function searchModeTools(settings: CallSettings, service: string, unrepeatable: string): ToolDescriptor[] {
  const tools: ToolDescriptor[] = [
    {
      name: 'search_actions',
      title: 'Search actions',
      description: `Finds the ${service} actions that match a request in plain words (e.g. "reply to a customer", "who chatted today"), best first, with their key, side effect and evidence level. Start here.`,
      inputSchema: {
        type: 'object',
        properties: {
          intent: { type: 'string', minLength: 1, maxLength: 500, pattern: '\\S', description: 'What you want to do, in plain words.' },
          limit: { type: 'integer', minimum: 1, maximum: 25, description: 'At most this many actions (default 5).' },
        },
        required: ['intent'],
      },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    {
      name: 'describe_action',
      title: 'Describe action',
      description: 'Shows one action: what it does, its side effect, how sure we are of its endpoint, its input fields (the input of run_read_action or run_write_action) and an example input.',
      inputSchema: { type: 'object', properties: { key: KEY }, required: ['key'] },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    {
      name: 'run_read_action',
      title: 'Run a read action',
      description: 'Runs an action that only reads (effect: read) and returns one page of its result; pass the returned cursor in input to get the next page. Refuses actions that change data.',
      inputSchema: {
        type: 'object',
        properties: {
          key: KEY,
          input: { type: 'object', description: 'The action input, as describe_action shows it ({} when it has no fields).' },
          [FIELDS_FIELD]: { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1, uniqueItems: true, description: 'Keep only these top-level fields of each record, e.g. ["id","name"].' },
        },
        required: ['key'],
      },
      annotations: { readOnlyHint: true },
    },
  ];
  if (!settings.readOnly) {
    tools.push({
      name: 'run_write_action',
      title: 'Run a write action',
      description: `Runs an action that changes data in ${service} (effect: write${settings.allowDestructive ? ' or destructive' : ''}). Confirm with the user first. ${settings.allowDestructive ? 'Destructive actions delete data and cannot be undone.' : 'Destructive actions are refused.'} ${unrepeatable}`.trimEnd(),
      inputSchema: {
        type: 'object',
        properties: { key: KEY, input: { type: 'object', description: 'The action input, as describe_action shows it.' } },
        required: ['key', 'input'],
      },
      annotations: { readOnlyHint: false, destructiveHint: settings.allowDestructive === true, idempotentHint: false },
    });
  }
  return tools;
}

/** The result of a search-mode tool, or undefined when `name` is not one. */
export async function callSearchTool(name: string, args: Record<string, unknown>, context: SearchModeContext): Promise<ToolResult | undefined> {
  const { connector, settings } = context;
  try {
    // The arguments are checked against the very schema the tool publishes.
    const validate = validatorFor(name, context);
    if (validate !== undefined && !validate(args)) throw new InputValidationError(name, toIssues(validate.errors));
    switch (name) {
      case 'search_actions':
        return toolResult(await searchActions(args, context), connector.scrub);
      case 'describe_action':
        return toolResult(describe(offeredAction(context, args['key']), connector.manifest.name), connector.scrub);
      case 'run_read_action':
      case 'run_write_action': {
        if (name === 'run_write_action' && settings.readOnly) throw new ToolNotOfferedError(name, 'the server is read-only (--read-only)');
        const action = offeredAction(context, args['key']);
        const wantsRead = name === 'run_read_action';
        if ((action.effect === 'read') !== wantsRead) {
          throw new ToolNotOfferedError(action.key, wantsRead ? `it changes data (effect: ${action.effect}); use run_write_action` : 'it only reads; use run_read_action');
        }
        const input = args['input'] ?? {};
        const fields = wantsRead && args[FIELDS_FIELD] !== undefined ? { [FIELDS_FIELD]: args[FIELDS_FIELD] } : {};
        return await callAction(connector, action, { ...(input as Record<string, unknown>), ...fields }, settings);
      }
      default:
        return undefined;
    }
  } catch (error) {
    return toolError(toConnectorError(error), connector.scrub);
  }
}

async function searchActions(args: Record<string, unknown>, context: SearchModeContext): Promise<unknown> {
  const { intent, limit = 5 } = args;
  const { connector, settings } = context;
  const offered = (key: string): boolean => notOfferedBecause(connector.action(key), settings) === undefined;
  const ranked = context.intentIndex().rank(intent as string).filter((result) => offered(result.key));
  const items = ranked.slice(0, limit as number).map(({ key, score }) => {
    const action = connector.action(key);
    return { key, name: action.name, effect: action.effect, evidence: action.evidence.level, score, description: action.description };
  });
  if (items.length > 0) return { items };
  return { items, note: 'No action matches these words; try other words. These are the actions offered:', keys: connector.actions.filter((action) => offered(action.key)).map((action) => action.key) };
}

const validators = new WeakMap<SearchModeContext, Map<string, ValidateFunction>>();

/** The validator of a search-mode tool's published input schema, compiled once per server. */
function validatorFor(name: string, context: SearchModeContext): ValidateFunction | undefined {
  let byName = validators.get(context);
  if (byName === undefined) {
    const ajv = createAjv();
    const tools = searchModeTools(context.settings, context.connector.manifest.name, '');
    byName = new Map(tools.map((tool) => [tool.name, ajv.compile(tool.inputSchema)]));
    validators.set(context, byName);
  }
  return byName.get(name);
}

/** `key` was checked against the tool's schema: a string. */
function offeredAction(context: SearchModeContext, key: unknown): ActionDefinition {
  const action = context.connector.action(key as string);
  const reason = notOfferedBecause(action, context.settings);
  if (reason !== undefined) throw new ToolNotOfferedError(action.key, reason);
  return action;
}

function describe(action: ActionDefinition, service: string): Record<string, unknown> {
  const tool = toolFor(action, service);
  // `fields` is an argument of run_read_action itself, not part of the action's input.
  const { [FIELDS_FIELD]: _fields, ...inputFields } = tool.inputSchema['properties'] as Record<string, unknown>;
  return {
    key: action.key,
    name: action.name,
    description: tool.description,
    effect: action.effect,
    idempotent: action.idempotent,
    evidence: { level: action.evidence.level, ...(action.evidence.notes ? { notes: action.evidence.notes } : {}) },
    paged: action.pagination !== undefined,
    run: action.effect === 'read' ? 'run_read_action' : 'run_write_action',
    input: { ...tool.inputSchema, properties: inputFields },
    exampleInput: action.example.input,
  };
}

