/** @module Errors about what the caller asked for: nothing was sent for any of them. */
import { ConnectorError } from './connector-error.js';

/** One failed rule of a JSON Schema, as data. */
export interface ValidationIssue {
  /** JSON Pointer of the offending value, '' for the root. */
  path: string;
  /** The schema keyword that failed, e.g. `required`, `type`, `pattern`, `additionalProperties`. */
  rule: string;
  message: string;
  /** The description of the schema that failed, when it has one. */
  hint?: string;
}

/** A command line that is not understood. */
export class UsageError extends ConnectorError {
  static readonly codes = ['ERR_USAGE'] as const;
  override name = 'UsageError';
  constructor(message: string) {
    super('ERR_USAGE', message);
  }
}

/** A setting that cannot be used: an unknown region, a malformed base URL, a port in use. */
export class ConfigError extends ConnectorError {
  static readonly codes = ['ERR_CONFIG'] as const;
  override name = 'ConfigError';
  /** The region asked for, when that is what is wrong. */
  readonly region?: string;
  constructor(message: string, facts: { region?: string } = {}, options?: ErrorOptions) {
    super('ERR_CONFIG', message, options);
    if (facts.region !== undefined) this.region = facts.region;
  }
}

/** A connector or action file that breaks its meta-schema or an invariant; names the file and field. */
export class CatalogueError extends ConnectorError {
  static readonly codes = ['ERR_CATALOGUE_INVALID'] as const;
  override name = 'CatalogueError';
  constructor(
    readonly file: string,
    readonly field: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super('ERR_CATALOGUE_INVALID', `${file}: ${field || '(root)'} ${reason}`, options);
  }
}

/** `chaport verify` has sent as many requests as it may; nothing more was sent. */
export class BudgetSpentError extends ConnectorError {
  static readonly codes = ['ERR_BUDGET_SPENT'] as const;
  override name = 'BudgetSpentError';
  readonly budget: number;
  constructor(budget: number) {
    super('ERR_BUDGET_SPENT', `The budget of ${budget} requests is spent; nothing more was sent.`);
    this.budget = budget;
  }
}

/** The catalogue holds something the asked export format cannot express; nothing was written. */
export class ExportError extends ConnectorError {
  static readonly codes = ['ERR_EXPORT'] as const;
  override name = 'ExportError';
  constructor(message: string, options?: ErrorOptions) {
    super('ERR_EXPORT', message, options);
  }
}

export class ActionNotFoundError extends ConnectorError {
  static readonly codes = ['ERR_ACTION_NOT_FOUND'] as const;
  override name = 'ActionNotFoundError';
  readonly key: string;
  /** The nearest known keys, best first. */
  readonly suggestions: readonly string[];
  constructor(key: string, suggestions: readonly string[], listCommand?: string) {
    const hint = suggestions.length > 0 ? ` Did you mean ${suggestions.map((s) => `'${s}'`).join(' or ')}?` : '';
    const list = listCommand === undefined ? '' : ` Run '${listCommand}' to see every action.`;
    super('ERR_ACTION_NOT_FOUND', `Unknown action '${key}'.${hint}${list}`);
    this.key = key;
    this.suggestions = [...suggestions];
  }
}

/** Input that breaks the action's input schema (or a rule a schema cannot state); nothing was sent. */
export class InputValidationError extends ConnectorError {
  static readonly codes = ['ERR_INPUT_INVALID'] as const;
  override name = 'InputValidationError';
  readonly action: string;
  readonly issues: readonly ValidationIssue[];
  constructor(action: string, issues: readonly ValidationIssue[]) {
    const lines = issues.map((i) => `${formatPointer(i.path)} ${i.message} (rule: ${i.rule})`);
    super('ERR_INPUT_INVALID', `Invalid input for '${action}': ${lines.join('; ')}. Nothing was sent.`);
    this.action = action;
    this.issues = issues.map((issue) => ({ ...issue }));
  }
}

/** A raw request the connector will not send: it would leave the base URL, or is malformed. */
export class RefusedRequestError extends ConnectorError {
  static readonly codes = ['ERR_REQUEST_REFUSED'] as const;
  override name = 'RefusedRequestError';
  constructor(reason: string) {
    super('ERR_REQUEST_REFUSED', `Refused: ${reason} Nothing was sent.`);
  }
}

/** `input.visitorId` style name of a JSON Pointer, for messages. */
export function formatPointer(pointer: string, root = 'input'): string {
  if (pointer === '') return root;
  return `${root}${pointer
    .split('/')
    .slice(1)
    .map((part) => {
      const key = part.replace(/~1/g, '/').replace(/~0/g, '~');
      return /^\d+$/.test(key) ? `[${key}]` : `.${key}`;
    })
    .join('')}`;
}
