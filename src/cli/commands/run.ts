/**
 * @module `chaport run <key> [--input JSON|@file|-] [--json] [--compact]`, and for list actions
 * `--all` / `--jsonl` with `--max-pages` and `--max-records`.
 */
import { UsageError } from '../../errors/index.js';
import { preloadHttpClient } from '../../http/transport.js';
import { DEFAULT_MAX_PAGES, type PageLimits } from '../../pagination/page-stream.js';
import { defineCommand } from '../command.js';
import { CONNECTION_OPTIONS, connectionSettings } from '../connection-options.js';
import { describeAction } from '../describe-action.js';
import { readInput } from '../read-input.js';
import { pagedRun } from '../paged-run.js';
import { driftReporter, warnCompact } from '../report.js';
import { toJsonText } from '../../json-text.js';

const PAGING = 'Paging (list actions)';

export const runCommand = defineCommand({
  name: 'run',
  summary: 'run an action; its output JSON goes to stdout',
  usage: ['<key> [--input JSON | --input @FILE | --input -] [--json] [--compact]', '<list-key> --all|--jsonl [--max-pages N] [--max-records N] [--input ...]'],
  description: `Runs one action and prints its output as JSON on stdout. The input is checked against the
action's input schema first; when it fails, nothing is sent and the exit code is 2.`,
  positionals: [{ name: 'key', description: "the action key ('list' shows them; 'run <key> --help' describes one)", required: true }],
  options: {
    input: { type: 'string', valueName: 'JSON|@FILE|-', description: 'the input object: inline JSON, @FILE, or - for standard input (default {})' },
    json: { type: 'boolean', description: 'also print a failure as {"error":{...}} on stdout' },
    compact: { type: 'boolean', description: 'print the output on one line' },
    all: {
      type: 'boolean',
      group: PAGING,
      description:
        'fetch every page; print {"records":[...],"cursor"?,"pages","complete","stopReason"}, written as the pages arrive ' +
        '(stopReason: no_next_page, empty_page, max_pages, max_records, loop_detected, interrupted or error; cursor resumes a run ' +
        'that did not complete). Exit code 0 when it finished or stopped at --max-pages/--max-records, 1 for an error or a loop, 130 on Ctrl-C',
    },
    jsonl: { type: 'boolean', group: PAGING, description: 'like --all, but one record per line on stdout and the summary on stderr' },
    'max-pages': { type: 'integer', min: 1, max: 999_999_999, group: PAGING, description: `stop after N pages (default ${DEFAULT_MAX_PAGES})` },
    'max-records': { type: 'integer', min: 1, max: 999_999_999, group: PAGING, description: 'stop after N records' },
    ...CONNECTION_OPTIONS,
  },
  jsonErrors: true,
  sections: () => [
    {
      title: 'Notes',
      text: `  A progress line is shown on stderr when it is a terminal. Without --all, a list action returns
  one page, {"records":[...],"cursor":"..."}; pass the cursor back in the input to get the next page.`,
    },
  ],
  topicHelp: (key, source) => describeAction(source.action(key), source.manifest),
  async run({ io, values, positionals, connect }) {
    const key = positionals[0] as string;
    // got takes most of a run's start-up; loading it overlaps with reading and checking the input.
    preloadHttpClient();
    const connector = connect({ onDrift: driftReporter(io), ...connectionSettings(values, io) });
    const action = connector.action(key); // an unknown key fails before any input is read
    const limits: PageLimits = {};
    if (values['max-pages'] !== undefined) limits.maxPages = values['max-pages'];
    if (values['max-records'] !== undefined) limits.maxRecords = values['max-records'];
    const paging = values.all || values.jsonl;
    if (!paging && (limits.maxPages !== undefined || limits.maxRecords !== undefined)) {
      throw new UsageError('--max-pages and --max-records go with --all or --jsonl.');
    }
    const input = await readInput(values.input, io, action);
    if (paging) return pagedRun(io, connector, key, input, values.jsonl ? 'jsonl' : 'document', limits);
    const { output } = await connector.runDynamic(key, input);
    io.stdout(`${toJsonText(output, values.compact ? undefined : 2, () => warnCompact(io))}\n`);
    return 0;
  },
});
