/** @module The table of the CLI's commands, checked as it is built. */
import type { AnyCommand, OptionSpec } from '../command.js';
import { HELP_OPTION } from '../parse-args.js';
import { describeCommand } from './describe.js';
import { exportCommand } from './export.js';
import { listCommand } from './list.js';
import { listenCommand } from './listen.js';
import { mcpCommand } from './mcp.js';
import { proxyCommand } from './proxy.js';
import { requestCommand } from './request.js';
import { runCommand } from './run.js';
import { sandboxCommand } from './sandbox.js';
import { skillCommand } from './skill.js';
import { verifyCommand } from './verify.js';
import { webhooksCommand } from './webhooks.js';

export const COMMANDS: readonly AnyCommand[] = checkCommands([listCommand, describeCommand, runCommand, requestCommand, proxyCommand, sandboxCommand, mcpCommand, skillCommand, exportCommand, listenCommand, webhooksCommand, verifyCommand]);

/**
 * Returns the commands after checking what holds across them: names are unique, a short flag means
 * the same option in every command (and -h is always --help), and a command that prints failures as
 * JSON has a boolean --json.
 */
export function checkCommands(commands: readonly AnyCommand[]): readonly AnyCommand[] {
  const shorts = new Map<string, string>([[HELP_OPTION.short, 'help']]);
  const names = new Set<string>();
  for (const command of commands) {
    if (names.has(command.name)) throw new Error(`Two commands are named '${command.name}'.`);
    names.add(command.name);
    for (const [name, spec] of Object.entries(command.options as Record<string, OptionSpec>)) {
      if (name === 'help') throw new Error(`${command.name}: --help is every command's own; do not declare it.`);
      if (spec.short === undefined) continue;
      const taken = shorts.get(spec.short);
      if (taken !== undefined && taken !== name) {
        throw new Error(`${command.name}: -${spec.short} would mean --${name}, but it means --${taken} elsewhere; a short flag has one meaning.`);
      }
      shorts.set(spec.short, name);
    }
    const json = (command.options as Record<string, OptionSpec>)['json'];
    if (command.jsonErrors && json?.type !== 'boolean') throw new Error(`${command.name}: printing failures as JSON needs a boolean --json option.`);
  }
  return commands;
}
