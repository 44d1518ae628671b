/**
 * @module What a CLI command is: one definition holding its name, summary, usage, positionals and
 * options (type, short flag, description, default), whether its failures are printed as JSON under
 * `--json`, and its run function. Parsing, help and the checks across commands all read this data.
 */
import type { CatalogueSource } from '../catalogue/source.js';
import type { Connector, ConnectorOptions } from '../connector.js';
import type { CliIO } from './io.js';

interface OptionBase {
  description: string;
  /** One letter, the same meaning in every command (checked when the command table is built). */
  short?: string;
  /** Shown after the flag in help, e.g. `N`, `JSON`, `TEXT`. */
  valueName?: string;
  /** A heading that groups the option in help, e.g. `Paging (list actions)`. */
  group?: string;
}

export interface BooleanOption extends OptionBase {
  type: 'boolean';
}
export interface StringOption extends OptionBase {
  type: 'string';
  /** May be given several times; the values are kept in order. */
  multiple?: boolean;
  default?: string;
}
/** A whole number within [min, max]. */
export interface IntegerOption extends OptionBase {
  type: 'integer';
  min: number;
  max: number;
  default?: number;
}
/** A decimal number within [min, max]. */
export interface NumberOption extends OptionBase {
  type: 'number';
  min: number;
  max: number;
  default?: number;
}

export type OptionSpec = BooleanOption | StringOption | IntegerOption | NumberOption;
export type OptionTable = Record<string, OptionSpec>;

/** The parsed value of each option, typed by its spec (booleans default to false). */
export type OptionValues<O extends OptionTable> = {
  [K in keyof O]: O[K] extends BooleanOption
    ? boolean
    : O[K] extends { type: 'string'; multiple: true }
      ? string[]
      : O[K] extends { type: 'string'; default: string }
        ? string
        : O[K] extends StringOption
          ? string | undefined
          : O[K] extends { default: number }
            ? number
            : number | undefined;
};

export interface Positional {
  /** Shown as `<name>`. */
  name: string;
  description: string;
  required: boolean;
}

/** What a command may set on its connector; the rest comes from the environment. */
export type CommandConnectOptions = Pick<ConnectorOptions, 'onDrift' | 'maxResponseBytes' | 'timeouts' | 'onRetry' | 'onAttempt' | 'transport'>;

export interface CommandContext<O extends OptionTable> {
  io: CliIO;
  values: OptionValues<O>;
  positionals: string[];
  /** The catalogue (actions and the connector manifest). */
  source: CatalogueSource;
  /** A connector over that catalogue, configured from the environment of `io`. */
  connect(options?: CommandConnectOptions): Connector;
}

export interface HelpSection {
  title: string;
  text: string;
}

export interface CommandDefinition<O extends OptionTable = OptionTable> {
  name: string;
  /** One line for the main help. */
  summary: string;
  /** Usage forms, each without the program and command name, e.g. `<key> [--input JSON]`. */
  usage: string[];
  /** What the command does, for its help. */
  description: string;
  positionals: Positional[];
  options: O;
  /** Whether `--json` also prints a failure as `{"error":{...}}` on stdout. */
  jsonErrors: boolean;
  /** Further help sections (examples, notes), from the manifest. */
  sections?: (source: CatalogueSource) => HelpSection[];
  /** Help on one topic: `chaport run <key> --help` describes that action. */
  topicHelp?: (topic: string, source: CatalogueSource) => string;
  /** Runs the command and resolves to its exit code; failures are thrown as ConnectorErrors. */
  run(context: CommandContext<O>): Promise<number>;
}

/** Declares a command with its option values typed from its option table. */
export function defineCommand<const O extends OptionTable>(definition: CommandDefinition<O>): CommandDefinition<O> {
  return definition;
}

/** A command of the table, whatever its options. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyCommand = CommandDefinition<any>;
