/** @module `chaport describe <key> [--json]`. */
import { builtinSource } from '../../builtin-catalogue.js';
import { UsageError } from '../../errors/index.js';
import { parseCommandArgs } from '../args.js';
import { actionItem, describeAction } from '../describe-action.js';
import { DESCRIBE_HELP } from '../help.js';
import type { CliIO } from '../io.js';

export async function describeCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs('describe', args, { json: { type: 'boolean' } }, 1);
  if (values['help']) {
    io.stdout(DESCRIBE_HELP);
    return 0;
  }
  const key = positionals[0];
  if (key === undefined) throw new UsageError("Missing the action key. Usage: chaport describe <key>; 'chaport list' shows the keys.");
  const action = builtinSource().action(key);
  io.stdout(values['json'] ? `${JSON.stringify(actionItem(action), null, 2)}\n` : describeAction(action));
  return 0;
}
