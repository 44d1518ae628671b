/**
 * @module `chaport verify`: runs every read action of the catalogue once against the configured
 * account, in the order their inputs need (each action's `verify` section says which earlier reply
 * gives them; a list's first records are tried in turn until one answers), and reports per action
 * whether it was reached, whether the envelope and the members the connector reads were there, and
 * how the reply differs from the output schema, field by field, without a value of it. Lists also say
 * their page size and, once everything else is done, whether a second page differs from the first.
 */
import { createHash } from 'node:crypto';
import type { ActionDefinition, ConnectorManifest } from '../catalogue/types.js';
import type { Connector } from '../connector.js';
import { ERRORS, toConnectorError, type ConnectorError, type ErrorCode } from '../errors/index.js';
import { readPath } from '../request/template.js';
import type { GuardedTransport } from './get-only.js';
import { isEmptyDrift, shapeDrift, type FieldDrift } from './shape-drift.js';

/** `refused`: the catalogue would have sent something other than GET, which verify never does. */
export type Outcome = 'ok' | 'drift' | 'unreachable' | 'refused' | 'skipped';

export interface ActionReport {
  action: string;
  evidence: string;
  outcome: Outcome;
  /** The HTTP status of the last attempt, when one came. */
  status?: number;
  /** Why it failed or was skipped. */
  code?: ErrorCode;
  reason?: string;
  /** Whether the reply had the envelope member the connector reads the payload from. */
  envelope?: boolean;
  /** Members the connector reads, and for lists the manifest's link members: whether each was there. */
  members?: Record<string, boolean>;
  /** Lists: records on the first page, and whether a second page differed from it. */
  list?: { pageSize: number; secondPage?: 'differs' | 'same' | 'not fetched' };
  drift?: FieldDrift;
}

export interface VerifyRun {
  actions: ActionReport[];
  requests: number;
  /** Stopped because the token was refused (401), or every action reached was forbidden (403). */
  authFailed: boolean;
  /** Actions left out because the budget was spent or the API asked to slow down. */
  incomplete: boolean;
}

interface Run {
  input: Record<string, unknown>;
  output: unknown;
}

type Settings = NonNullable<ConnectorManifest['verify']>;

/**
 * Every read action, each after the one its inputs come from; those that take no input at all come
 * first (a check of the token, such as get-me, answers 401 before anything else is asked).
 */
function verifyOrder(actions: readonly ActionDefinition[]): ActionDefinition[] {
  const takesNothing = (action: ActionDefinition): boolean => Object.keys((action.inputSchema['properties'] ?? {}) as object).length === 0;
  const sorted = [...actions.filter(takesNothing), ...actions.filter((action) => !takesNothing(action))];
  const reads = new Map(sorted.filter((action) => action.effect === 'read').map((action) => [action.key, action]));
  const ordered: ActionDefinition[] = [];
  const placing = new Set<string>();
  const place = (action: ActionDefinition): void => {
    if (placing.has(action.key)) return;
    placing.add(action.key);
    const source = action.verify === undefined ? undefined : reads.get(action.verify.from);
    if (source !== undefined) place(source);
    ordered.push(action);
  };
  for (const action of reads.values()) place(action);
  return ordered;
}

export async function runVerify(connector: Connector, guard: GuardedTransport, settings: Settings): Promise<VerifyRun> {
  const runs = new Map<string, Run>();
  const reports: ActionReport[] = [];
  const laterPages: (() => Promise<void>)[] = [];
  let stop: ActionReport['reason'] | undefined;
  for (const action of verifyOrder(connector.actions)) {
    const base = { action: action.key, evidence: action.evidence.level };
    if (stop !== undefined) {
      reports.push({ ...base, outcome: 'skipped', reason: stop });
      continue;
    }
    const inputs = candidateInputs(action, runs, settings.candidates);
    if (typeof inputs === 'string') {
      reports.push({ ...base, outcome: 'skipped', reason: inputs });
      continue;
    }
    let report: ActionReport | undefined;
    let tried = 0;
    for (const input of inputs) {
      tried++;
      report = await verifyOne(connector, guard, action, input, runs, settings);
      // With other candidates left, a 404 or an empty reply means "not this one": a visitor without a chat.
      const notThisOne = report.code === 'ERR_NOT_FOUND' || (report.outcome !== 'unreachable' && isNothing(runs.get(action.key)?.output));
      if (!notThisOne || inputs.length === 1) break;
    }
    if (report !== undefined && inputs.length > 1 && (report.code === 'ERR_NOT_FOUND' || isNothing(runs.get(action.key)?.output))) {
      runs.delete(action.key);
      report = { ...base, outcome: 'skipped', reason: `none of the ${tried} candidates from ${action.verify?.from} had one` };
    }
    const code = report?.code;
    if (code === 'ERR_BUDGET_SPENT') stop = 'the request budget is spent (--max-requests)';
    if (code === 'ERR_RATE_LIMITED') stop = 'the API asked to slow down: run verify again later';
    if (code === 'ERR_AUTH' && report?.status !== 403) stop = 'the token was refused';
    reports.push(stop !== undefined && code !== 'ERR_AUTH' ? { ...base, outcome: 'skipped', reason: stop } : (report as ActionReport));
    const page = report?.list;
    const run = runs.get(action.key);
    const cursor = (run?.output as { cursor?: unknown } | undefined)?.cursor;
    if (page !== undefined && report !== undefined && run !== undefined && typeof cursor === 'string') {
      const target = report;
      laterPages.push(async () => {
        page.secondPage = guard.left() <= 0 ? 'not fetched' : await secondPage(connector, action, run, cursor);
        // A second page equal to the first: the API ignores the page parameter, paging cannot work.
        if (page.secondPage === 'same') target.outcome = 'drift';
      });
    }
  }
  // Second pages last, so that they never take the budget of an action not yet reached.
  if (stop === undefined) for (const check of laterPages) await check();
  const reached = reports.filter((report) => report.status !== undefined);
  const authFailed = stop === 'the token was refused' || (reached.length > 0 && reached.every((report) => report.status === 403));
  return { actions: reports, requests: guard.sent(), authFailed, incomplete: stop !== undefined && !authFailed };
}

async function verifyOne(connector: Connector, guard: GuardedTransport, action: ActionDefinition, input: Record<string, unknown>, runs: Map<string, Run>, settings: Settings): Promise<ActionReport> {
  const base = { action: action.key, evidence: action.evidence.level };
  let result;
  try {
    result = await connector.runDynamic(action.key, input);
  } catch (error) {
    return { ...base, ...failure(toConnectorError(error)) };
  }
  runs.set(action.key, { input, output: result.output });
  const body = parse(guard.lastBody());
  const report: ActionReport = { ...base, outcome: 'ok', status: result.status, envelope: readPath(body, action.response.select ?? connector.manifest.envelope.key) !== undefined };
  const members = [...new Set([...memberPaths(action), ...(action.response.records === true ? (settings.listMembers ?? []) : [])])];
  if (members.length > 0) report.members = Object.fromEntries(members.map((path) => [path, readPath(body, path) !== undefined]));
  report.drift = shapeDrift(result.output, action.outputSchema);
  if (result.page !== undefined) report.list = { pageSize: result.page.records.length };
  if (!report.envelope || !isEmptyDrift(report.drift)) report.outcome = 'drift';
  return report;
}

/** What a failed call says in the report: its code, status and the code's meaning (its own message names the request, ids included). */
function failure(error: ConnectorError): Pick<ActionReport, 'outcome' | 'code' | 'reason' | 'status'> {
  const status = (error as { status?: unknown }).status;
  const outcome = error.code === 'ERR_REQUEST_REFUSED' ? 'refused' : 'unreachable';
  const reason = error.code === 'ERR_REQUEST_REFUSED' ? 'the catalogue would send it with another method than GET, which verify never sends' : ERRORS[error.code].meaning;
  return { outcome, code: error.code, reason, ...(typeof status === 'number' ? { status } : {}) };
}

/** Fetches the next page and says whether its records differ from the first page's. */
async function secondPage(connector: Connector, action: ActionDefinition, run: Run, cursor: string): Promise<'differs' | 'same' | 'not fetched'> {
  try {
    const next = await connector.runDynamic(action.key, { ...run.input, cursor });
    const fingerprint = (records: unknown): string => createHash('sha256').update(JSON.stringify(records)).digest('hex');
    return fingerprint(next.page?.records ?? []) === fingerprint((run.output as { records?: unknown }).records) ? 'same' : 'differs';
  } catch {
    return 'not fetched';
  }
}

/** The reply members the connector reads besides the envelope: merged members and the next-page signal. */
function memberPaths(action: ActionDefinition): string[] {
  const paths = Object.values(action.response.include ?? {});
  const pagination = action.pagination;
  if (pagination?.style === 'page-number') paths.push(pagination.hasMore);
  if (pagination?.style === 'cursor') paths.push(pagination.next);
  return paths;
}

/** The inputs to try, in order, or why there are none. */
function candidateInputs(action: ActionDefinition, runs: ReadonlyMap<string, Run>, candidates: number): Record<string, unknown>[] | string {
  const source = action.verify;
  if (source === undefined) return [{}];
  const run = runs.get(source.from);
  if (run === undefined) return `needs a reply of ${source.from}, which did not come`;
  const properties = (action.inputSchema['properties'] ?? {}) as Record<string, { type?: unknown }>;
  let count = 1;
  const values: Record<string, unknown[]> = {};
  for (const [field, path] of Object.entries(source.input)) {
    const found = pick(run, path).slice(0, candidates).map((value) => asInput(value, properties[field]?.type));
    values[field] = found;
    if (path.includes('[]')) count = found.length;
    if (found.length === 0) return `${source.from} gave no ${path.replace(/^(input|output)\./, '')} to try`;
  }
  return Array.from({ length: count }, (_, index) => Object.fromEntries(Object.entries(values).map(([field, list]) => [field, list[Math.min(index, list.length - 1)]])));
}

/** The values at `input.a` / `output.b.c` / `output.records[].id` of a run. */
function pick(run: Run, path: string): unknown[] {
  const [root, ...rest] = path.split('.');
  let values: unknown[] = [root === 'input' ? run.input : run.output];
  for (const step of rest) {
    const many = step.endsWith('[]');
    const name = many ? step.slice(0, -2) : step;
    values = values.flatMap((value) => {
      const next = readPath(value, name);
      if (!many) return next === undefined ? [] : [next];
      return Array.isArray(next) ? next : [];
    });
  }
  return values.filter((value) => value !== undefined && value !== null);
}

/** A value shaped as the input field wants it: ids come back as numbers or strings. */
function asInput(value: unknown, type: unknown): unknown {
  const types = Array.isArray(type) ? type : [type];
  if (typeof value === 'number' && types.includes('string') && !types.includes('integer')) return String(value);
  if (typeof value === 'string' && /^\d+$/.test(value) && types.includes('integer') && !types.includes('string')) return Number(value);
  return value;
}

/** An output with nothing in it: no chat for this visitor. */
function isNothing(output: unknown): boolean {
  return output === null || output === undefined || (typeof output === 'object' && Object.keys(output).length === 0);
}

function parse(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
