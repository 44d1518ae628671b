/**
 * @module Writes every record of a paged run to stdout as pages arrive, holding one page at a time:
 * either one JSON document `{"records":[…],"cursor"?,"pages","complete","stopReason"}` or JSON lines
 * (one record per line, the summary on stderr). A failure after the first page still ends the
 * document validly, with what was read and the error in the summary; a failure on the first page
 * (bad input, no token) writes nothing and is reported like any other error.
 */
import { isConnectorError } from '../errors/index.js';
import type { PageStream, PaginationSummary } from '../pagination/page-stream.js';
import type { CliIO } from './io.js';
import type { Progress } from './progress.js';
import { toJsonText } from '../json-text.js';

export type RecordFormat = 'document' | 'jsonl';

/** Resolves to the error that ended the run after some output was written (it is in the summary too). */
export async function streamRecords(
  io: CliIO,
  stream: PageStream<unknown>,
  format: RecordFormat,
  progress: Progress,
): Promise<unknown> {
  let written = 0;
  let opened = false;
  let failure: unknown;
  try {
    for await (const page of stream.pages()) {
      const lines = page.records.map((record) => toJsonText(record));
      if (format === 'jsonl') await io.stdoutStream(`${lines.join('\n')}\n`);
      else {
        await io.stdoutStream(`${opened ? ',\n' : '{"records":[\n'}${lines.join(',\n')}`);
        opened = true;
      }
      written += lines.length;
      progress.update(page.number, written);
    }
  } catch (error) {
    failure = error;
  }
  progress.done();
  const summary = stream.summary as PaginationSummary;
  if (failure !== undefined && summary.pages === 0) throw failure;
  const { records: count, ...rest } = summary;
  const ending = failure !== undefined && isConnectorError(failure) ? { ...rest, error: withoutProgress(failure.toJSON()) } : rest;
  if (format === 'jsonl') io.stderr(`${JSON.stringify({ records: count, ...ending })}\n`);
  else await io.stdoutStream(`${opened ? '\n],' : '{"records":[],'}${JSON.stringify(ending).slice(1)}\n`);
  return failure;
}

/** The error's own copy of the counts repeats the summary it is printed in. */
function withoutProgress(error: Record<string, unknown>): Record<string, unknown> {
  const { pagination: _pagination, ...rest } = error;
  return rest;
}
