/**
 * @module `chaport run <key> [--input JSON|@file|-] [--json] [--compact]`, and for list actions
 * `--all` / `--jsonl` with `--max-pages` and `--max-records`.
 */
import { builtinSource } from '../../builtin-catalogue.js';
import { createConnector } from '../../connector.js';
import { UsageError } from '../../errors/index.js';
import type { PageLimits } from '../../pagination/page-stream.js';
import { preloadHttpClient } from '../../http/transport.js';
import { integerFlag, parseCommandArgs } from '../args.js';
import { describeAction } from '../describe-action.js';
import { RUN_HELP } from '../help.js';
import type { CliIO } from '../io.js';
import { readInput } from '../read-input.js';
import { progressLine } from '../progress.js';
import { driftReporter, reportError } from '../report.js';
import { streamRecords } from '../stream-records.js';

export async function runCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    'run',
    args,
    {
      input: { type: 'string', short: 'i' },
      json: { type: 'boolean' },
      compact: { type: 'boolean' },
      all: { type: 'boolean' },
      jsonl: { type: 'boolean' },
      'max-pages': { type: 'string' },
      'max-records': { type: 'string' },
    },
    1,
  );
  const key = positionals[0];
  if (values['help']) {
    io.stdout(key === undefined ? RUN_HELP : describeAction(builtinSource().action(key)));
    return 0;
  }
  if (key === undefined) throw new UsageError("Missing the action key. Usage: chaport run <key> --input JSON; 'chaport list' shows the keys.");
  // got takes most of a run's start-up; loading it overlaps with reading and checking the input.
  preloadHttpClient();
  const connector = createConnector({ env: io.env, onDrift: driftReporter(io) });
  connector.action(key); // an unknown key fails before any input is read
  const limits = pageLimits(values);
  const paging = values['all'] === true || values['jsonl'] === true;
  if (!paging && (limits.maxPages !== undefined || limits.maxRecords !== undefined)) {
    throw new UsageError('--max-pages and --max-records go with --all or --jsonl.');
  }
  const input = await readInput(typeof values['input'] === 'string' ? values['input'] : undefined, io);
  if (paging) {
    const stream = connector.paginateDynamic(key, input, limits);
    const failure = await streamRecords(io, stream, values['jsonl'] ? 'jsonl' : 'document', progressLine(io));
    // The output already ends with the error; stderr gets the human account and the exit code follows it.
    return failure === undefined ? 0 : reportError(io, failure, false);
  }
  const { output } = await connector.runDynamic(key, input);
  io.stdout(`${JSON.stringify(output, null, values['compact'] ? undefined : 2)}\n`);
  return 0;
}

function pageLimits(values: Record<string, string | boolean | undefined>): PageLimits {
  const limits: PageLimits = {};
  const maxPages = integerFlag(values, 'max-pages', 1, 999_999_999);
  const maxRecords = integerFlag(values, 'max-records', 1, 999_999_999);
  if (maxPages !== undefined) limits.maxPages = maxPages;
  if (maxRecords !== undefined) limits.maxRecords = maxRecords;
  return limits;
}
