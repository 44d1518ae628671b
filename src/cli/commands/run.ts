/** @module `chaport run <key> [--input JSON|@file|-] [--json] [--compact]`. */
import { builtinCatalogue } from '../../builtin-catalogue.js';
import { findAction } from '../../catalogue/find-action.js';
import { createConnector } from '../../connector.js';
import { UsageError } from '../../errors.js';
import { preloadHttpClient } from '../../http/transport.js';
import { parseCommandArgs } from '../args.js';
import { describeAction } from '../describe-action.js';
import { RUN_HELP } from '../help.js';
import type { CliIO } from '../io.js';
import { readInput } from '../read-input.js';
import { reportDrift } from '../report.js';

export async function runCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    'run',
    args,
    { input: { type: 'string', short: 'i' }, json: { type: 'boolean' }, compact: { type: 'boolean' } },
    1,
  );
  const key = positionals[0];
  if (values['help']) {
    io.stdout(key === undefined ? RUN_HELP : describeAction(findAction(builtinCatalogue().actions, key)));
    return 0;
  }
  if (key === undefined) throw new UsageError("Missing the action key. Usage: chaport run <key> --input JSON; 'chaport list' shows the keys.");
  // got takes most of a run's start-up; loading it overlaps with reading and checking the input.
  preloadHttpClient();
  const connector = createConnector({ env: io.env, onDrift: (report) => reportDrift(io, report) });
  connector.action(key); // an unknown key fails before any input is read
  const input = await readInput(typeof values['input'] === 'string' ? values['input'] : undefined, io);
  const { output } = await connector.runDynamic(key, input);
  io.stdout(`${JSON.stringify(output, null, values['compact'] ? undefined : 2)}\n`);
  return 0;
}
