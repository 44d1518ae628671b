/**
 * @module `chaport run <list> --all|--jsonl`: streams every page, stops cleanly on Ctrl-C or SIGTERM,
 * and turns how the run ended into an exit code a script can trust: 0 when it finished or stopped at
 * the caller's own limit (with how to resume on stderr), non-zero when something was wrong (an error,
 * a loop), 130 when interrupted, always with the document closed and the resume cursor in it.
 */
import type { Connector } from '../connector.js';
import type { PageLimits } from '../pagination/page-stream.js';
import type { CliIO } from './io.js';
import { progressLine } from './progress.js';
import { reportError } from './report.js';
import { streamRecords, type RecordFormat } from './stream-records.js';

/** The exit code of a run stopped by Ctrl-C or SIGTERM (128 + SIGINT), as shells report it. */
export const INTERRUPTED_EXIT = 130;

export async function pagedRun(io: CliIO, connector: Connector, key: string, input: unknown, format: RecordFormat, limits: PageLimits): Promise<number> {
  const interrupt = new AbortController();
  void io.interrupted().then(() => interrupt.abort());
  const stream = connector.paginateDynamic(key, input, { ...limits, signal: interrupt.signal });
  const { summary, failure } = await streamRecords(io, stream, format, progressLine(io));
  // The output already ends with the error; stderr gets the human account and the exit code follows it.
  if (failure !== undefined) return reportError(io, failure, false);
  const resume = summary.cursor === undefined ? '' : ` Resume with --input '${JSON.stringify({ ...(input as object), cursor: summary.cursor })}'${summary.skipRecords ? ` and skip the first ${summary.skipRecords} record(s) of that page` : ''}.`;
  // With --jsonl the summary line on stderr says all this already, and stays the last line there.
  const said = (text: string): void => {
    if (format === 'document') io.stderr(`${io.program}: ${text}\n`);
  };
  switch (summary.stopReason) {
    case 'interrupted':
      said(`interrupted after ${summary.records} record(s) from ${summary.pages} page(s).${resume}`);
      return INTERRUPTED_EXIT;
    case 'loop_detected':
      said(`error: stopped after ${summary.pages} page(s): the API sent a page or a next-page cursor it had already sent (a loop), so the list may be incomplete.`);
      return 1;
    case 'max_pages':
    case 'max_records':
      said(`stopped at --${summary.stopReason === 'max_pages' ? 'max-pages' : 'max-records'} after ${summary.records} record(s); the list goes on.${resume}`);
      return 0;
    case 'empty_page':
      said(`stopped at an empty page although the API signalled another; the list may go on.${resume}`);
      return 0;
    default:
      return 0;
  }
}
