/**
 * @module Writes every record of a paged run to stdout as pages arrive, holding one page at a time:
 * either one JSON document `{"records":[…],"cursor"?,"pages","complete","stopReason"}` or JSON lines
 * (one record per line, the summary on stderr). The document is closed in every path: at the end, on
 * an interrupt, and after a failure once something was written (with the error in the summary). A
 * failure before the first page (bad input, no token) writes nothing and is reported as any other.
 */
import { toConnectorError, type ConnectorError } from '../errors/index.js';
import { toJsonText } from '../json-text.js';
import type { Page, PageStream, PaginationSummary } from '../pagination/page-stream.js';
import type { CliIO } from './io.js';
import type { Progress } from './progress.js';

export type RecordFormat = 'document' | 'jsonl';

export interface StreamOutcome {
  summary: PaginationSummary;
  /** The error that ended the run after output began (it is in the written summary too). */
  failure?: ConnectorError;
}

export async function streamRecords(io: CliIO, stream: PageStream<unknown>, format: RecordFormat, progress: Progress): Promise<StreamOutcome> {
  let written = 0;
  let opened = false;
  let current: Page<unknown> | undefined;
  let writing = false;
  let failure: ConnectorError | undefined;
  try {
    for await (const page of stream.pages()) {
      current = page;
      writing = true;
      const lines = page.records.map((record) => toJsonText(record));
      if (format === 'jsonl') await io.stdoutStream(`${lines.join('\n')}\n`);
      else {
        await io.stdoutStream(`${opened ? ',\n' : '{"records":[\n'}${lines.join(',\n')}`);
        opened = true;
      }
      written += lines.length;
      writing = false;
      progress.update(page.number, written);
    }
  } catch (error) {
    failure = toConnectorError(error);
  }
  progress.done();
  // A failure the stream did not sum up (a record that could not be written) resumes from the page
  // that was being written, or else from the one after the last written.
  const summary = stream.summary ?? lostPage(current, writing, written);
  if (failure !== undefined && written === 0 && !opened && summary.pages === 0) throw failure;
  const { records: count, ...rest } = summary;
  const ending = failure === undefined ? rest : { ...rest, error: withoutPagination(failure.toJSON()) };
  if (format === 'jsonl') io.stderr(`${JSON.stringify({ records: count, ...ending })}\n`);
  else await io.stdoutStream(`${opened ? '\n],' : '{"records":[],'}${JSON.stringify(ending).slice(1)}\n`);
  return failure === undefined ? { summary } : { summary, failure };
}

function lostPage(page: Page<unknown> | undefined, writing: boolean, written: number): PaginationSummary {
  const summary: PaginationSummary = { pages: page?.number ?? 0, records: written, complete: false, stopReason: 'error' };
  const resume = writing ? page?.cursor : page?.nextCursor;
  if (resume !== undefined) summary.cursor = resume;
  return summary;
}

/** The error's own copy of the counts repeats the summary it is printed in. */
function withoutPagination(error: Record<string, unknown>): Record<string, unknown> {
  const { pagination: _pagination, ...rest } = error;
  return rest;
}
