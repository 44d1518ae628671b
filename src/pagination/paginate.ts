/** @module Pages through a list action: each page is one run of the action with the cursor of the last. */
import type { ActionDefinition } from '../catalogue/types.js';
import { UsageError } from '../errors/index.js';
import { PageStream, type PageLimits } from './page-stream.js';
import type { PageResult } from './read-page.js';

/** Runs the list action once with this input and returns the reply as a page. */
export type RunPage = (input: Record<string, unknown>) => Promise<PageResult | undefined>;

export function paginate(action: ActionDefinition, input: unknown, runPage: RunPage, limits: PageLimits = {}): PageStream<unknown> {
  if (action.response.records !== true) {
    throw new UsageError(`'${action.key}' is not a list action, so it cannot be paged; run it instead.`);
  }
  const { cursor, ...rest } = (input ?? {}) as Record<string, unknown>;
  // A cursor of the wrong type stays in the input, so that validation names it.
  const base = cursor === undefined || typeof cursor === 'string' ? rest : (input as Record<string, unknown>);
  const fetchPage = async (pageCursor: string | undefined): Promise<PageResult> => {
    const page = await runPage(pageCursor === undefined ? base : { ...base, cursor: pageCursor });
    return page ?? { records: [] };
  };
  return new PageStream(fetchPage, typeof cursor === 'string' ? cursor : undefined, limits);
}
