/** @module The `chaport` command: dispatches to a command and turns its outcome into an exit code. */
import { nearestKeys } from '../catalogue/search.js';
import { UsageError } from '../errors/index.js';
import { VERSION } from '../version.js';
import { describeCommand } from './commands/describe.js';
import { listCommand } from './commands/list.js';
import { runCommand } from './commands/run.js';
import { proxyCommand } from './commands/proxy.js';
import { requestCommand } from './commands/request.js';
import { sandboxCommand } from './commands/sandbox.js';
import { MAIN_HELP } from './help.js';
import type { CliIO } from './io.js';
import { reportError } from './report.js';

const COMMANDS: Record<string, (args: string[], io: CliIO) => Promise<number>> = {
  list: listCommand,
  describe: describeCommand,
  run: runCommand,
  sandbox: sandboxCommand,
  request: requestCommand,
  proxy: proxyCommand,
};

export async function main(argv: readonly string[], io: CliIO): Promise<number> {
  const [command, ...rest] = argv;
  // On `request`, --json keeps Membrane's meaning (send -d as JSON), not "errors as JSON".
  const json = command !== 'request' && rest.includes('--json');
  try {
    if (command === undefined) {
      // Not asked for: a usage error, so the text goes to stderr and stdout stays empty.
      io.stderr(MAIN_HELP);
      return 2;
    }
    if (command === '--help' || command === '-h' || command === 'help') {
      io.stdout(MAIN_HELP);
      return 0;
    }
    if (command === '--version' || command === '-v') {
      io.stdout(`${VERSION}\n`);
      return 0;
    }
    const handler = COMMANDS[command];
    if (handler === undefined) {
      const near = nearestKeys(Object.keys(COMMANDS), command);
      const hint = near.length > 0 ? ` Did you mean '${near[0]}'?` : '';
      throw new UsageError(`Unknown command '${command}'.${hint} Run 'chaport --help' for usage.`);
    }
    return await handler(rest, io);
  } catch (error) {
    return reportError(io, error, json);
  }
}
