/**
 * @module The MCP server: a factory of SDK server instances (one per stdio connection, or per HTTP
 * request) that answer `tools/list` with the tools chosen at start and `tools/call` by running the
 * action. It owns dispatch itself so that inputs are checked by the connector's validators, and every
 * ordinary failure is a tool result with `isError: true`. This is the only module that loads the SDK;
 * only `chaport mcp` loads it.
 */
import { McpServer } from '@modelcontextprotocol/server';
import type { IntentIndex } from '../catalogue/intent-index.js';
import type { Connector } from '../connector.js';
import { ActionNotFoundError, ToolNotOfferedError, isConnectorError } from '../errors/index.js';
import { callAction, type CallSettings } from './call-action.js';
import { callSearchTool, searchModeTools } from './search-mode.js';
import { toolError, type ToolResult } from './tool-result.js';
import { notOfferedBecause, toolFor, type ToolDescriptor } from './tools.js';

export interface McpOptions extends CallSettings {
  /** One tool per action (`tools`), or the four search-mode tools (`search`). */
  mode: 'tools' | 'search';
  /** Told of each call: the tool, the error code when it failed, the time it took. */
  onCall?: (tool: string, code: string | undefined, ms: number) => void;
}

export interface McpCatalogue {
  connector: Connector;
  intentIndex: () => IntentIndex;
  /** The version the server reports (the package's). */
  version: string;
}

export type McpServerFactory = () => McpServer;

/** The tools the server lists, in order. */
export function listedTools({ connector }: McpCatalogue, options: McpOptions): ToolDescriptor[] {
  const service = connector.manifest.name;
  if (options.mode === 'search') return searchModeTools(options, service, unrepeatable(connector));
  return connector.actions.filter((action) => notOfferedBecause(action, options) === undefined).map((action) => toolFor(action, service));
}

/** The actions that are never re-sent once they may have reached the API (writes that are not idempotent), in words. */
export function unrepeatable(connector: Connector): string {
  const keys = connector.actions.filter((action) => action.effect !== 'read' && !action.idempotent).map((action) => action.key);
  return keys.length === 0 ? '' : `${keys.length === 1 ? keys[0] : `${keys.slice(0, -1).join(', ')} and ${keys.at(-1)}`} ${keys.length === 1 ? 'is' : 'are'} never repeated automatically: after an error, check whether it took effect before calling again.`;
}

export function instructionsFor({ connector }: McpCatalogue, options: McpOptions): string {
  const { name, description } = connector.manifest;
  const find = options.mode === 'search' ? 'Find actions with search_actions, read one with describe_action, then run it with run_read_action or run_write_action.' : "Pick a tool by its description; each one is one action.";
  return [
    description === undefined ? name : `${name}: ${description}`,
    find,
    'A list returns one page: pass its cursor back, with the other arguments unchanged, for the next. A result with "truncated": true lists only its first records; its cursor resumes right after them. Use fields to keep only what you need.',
    `Ask the user before any tool that changes data, and before a destructive one always. ${unrepeatable(connector)}`.trimEnd(),
    'A failed call returns {"error":{code,message,...}}: fix ERR_INPUT_INVALID from its issues; after ERR_RATE_LIMITED wait retryAfterMs.',
  ].join('\n');
}

export function mcpServerFactory(catalogue: McpCatalogue, options: McpOptions): McpServerFactory {
  const tools = listedTools(catalogue, options);
  const instructions = instructionsFor(catalogue, options);
  const { connector } = catalogue;
  // One context for the server's life: search mode compiles its tools' validators once per context.
  const searchContext = { ...catalogue, settings: options };
  const call = async (name: string, args: Record<string, unknown>): Promise<ToolResult> => {
    if (options.mode === 'search') {
      const result = await callSearchTool(name, args, searchContext);
      if (result !== undefined) return result;
      return toolError(new ToolNotOfferedError(name, `in search mode the tools are ${tools.map((tool) => tool.name).join(', ')}`), connector.scrub);
    }
    let action;
    try {
      action = connector.action(name);
    } catch (error) {
      return toolError(isConnectorError(error) ? error : new ActionNotFoundError(name, []), connector.scrub);
    }
    return callAction(connector, action, args, options);
  };
  return () => {
    const server = new McpServer({ name: connector.manifest.key, title: connector.manifest.name, version: catalogue.version }, { capabilities: { tools: { listChanged: false } }, instructions });
    server.server.setRequestHandler('tools/list', () => ({ tools }));
    server.server.setRequestHandler('tools/call', async (request) => {
      const started = performance.now();
      const result = await call(request.params.name, (request.params.arguments ?? {}) as Record<string, unknown>);
      const code = result.isError ? ((result.structuredContent?.['error'] as { code?: string } | undefined)?.code ?? 'ERR_INTERNAL') : undefined;
      options.onCall?.(request.params.name, code, performance.now() - started);
      return result;
    });
    return server;
  };
}
