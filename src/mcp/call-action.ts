/**
 * @module Runs one action for an MCP tool call: one page at most, never a whole paging loop. The
 * arguments are the action's input plus, for reads, `fields`; a cursor may be one of ours that
 * resumes a truncated result. The input is validated by the connector's own validators before
 * anything is sent, exactly as for the CLI and the library.
 */
import type { ActionDefinition } from '../catalogue/types.js';
import type { Connector } from '../connector.js';
import { InputValidationError, ToolNotOfferedError, toConnectorError } from '../errors/index.js';
import { fitPage, fitValue } from './result-budget.js';
import { callIdentity, decodeResume, encodeResume } from './resume-cursor.js';
import { toolError, toolResult, type ToolResult } from './tool-result.js';
import { CURSOR_FIELD, FIELDS_FIELD } from '../catalogue/reserved-fields.js';
import { notOfferedBecause, type ToolSelection } from './tools.js';

export interface CallSettings extends ToolSelection {
  /** The most characters of JSON a result may hold. */
  maxResultChars: number;
}

/** The tool result for `action` run with `args`: its output within budget, or its failure. */
export async function callAction(connector: Connector, action: ActionDefinition, args: Record<string, unknown>, settings: CallSettings): Promise<ToolResult> {
  try {
    return toolResult(await runWithinBudget(connector, action, args, settings), connector.scrub);
  } catch (error) {
    return toolError(toConnectorError(error), connector.scrub);
  }
}

async function runWithinBudget(connector: Connector, action: ActionDefinition, args: Record<string, unknown>, settings: CallSettings): Promise<unknown> {
  const reason = notOfferedBecause(action, settings);
  if (reason !== undefined) throw new ToolNotOfferedError(action.key, reason);
  let input: Record<string, unknown> = { ...args };
  let fields: string[] | undefined;
  if (action.effect === 'read' && FIELDS_FIELD in input) {
    const { [FIELDS_FIELD]: chosen, ...rest } = input;
    fields = checkFields(action.key, chosen);
    input = rest;
  }
  const budget = settings.maxResultChars;
  if (action.response.records !== true) return fitValue((await connector.runDynamic(action.key, input)).output, { budget, ...(fields ? { fields } : {}) });

  const { [CURSOR_FIELD]: cursor, ...rest } = input;
  // A resume cursor is bound to this action and these arguments (fields and cursor aside).
  const identity = callIdentity(action.key, rest);
  const resume = typeof cursor === 'string' ? decodeResume(cursor, action.key, identity) : undefined;
  const pageCursor = resume === undefined ? (cursor as string | undefined) : resume.page;
  if (action.pagination === undefined) {
    // Such a list comes whole in one reply: the only cursor it takes is ours, into a truncated result.
    if (cursor !== undefined && resume === undefined) throw new InputValidationError(action.key, [{ path: `/${CURSOR_FIELD}`, rule: 'format', message: 'is not a cursor this server returned; this list has no pages' }]);
    input = rest;
  } else {
    input = pageCursor === undefined ? rest : { ...rest, [CURSOR_FIELD]: pageCursor };
  }
  const run = await connector.runDynamic(action.key, input);
  const page = run.page ?? { records: [] };
  const output: Record<string, unknown> = { ...(run.output as Record<string, unknown>), records: page.records };
  delete output[CURSOR_FIELD];
  if (page.cursor !== undefined) output[CURSOR_FIELD] = page.cursor;
  if (page.error !== undefined) output['pagingStopped'] = page.error.message;
  const resumeAt = (skip: number): string => encodeResume({ ...(pageCursor === undefined ? {} : { page: pageCursor }), skip }, identity);
  return fitPage(output as { records: unknown[] }, { budget, skip: resume?.skip ?? 0, resume: resumeAt, ...(fields ? { fields } : {}) });
}

function checkFields(action: string, value: unknown): string[] {
  const fine = Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === 'string' && item !== '') && new Set(value).size === value.length;
  if (!fine) {
    throw new InputValidationError(action, [{ path: `/${FIELDS_FIELD}`, rule: 'type', message: 'must be a non-empty list of distinct field names, e.g. ["id","name"]' }]);
  }
  return value as string[];
}
