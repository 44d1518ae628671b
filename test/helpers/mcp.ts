/** MCP clients of the SDK's current line (both protocol eras) and of its previous major line, in process. */
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { Client as LegacyClient } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as LegacyTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { createMcpHandler } from '@modelcontextprotocol/server';
import type { McpServerFactory } from '../../src/mcp/server.js';

export interface ListedTool {
  name: string;
  title?: string;
  description?: string;
  inputSchema: Record<string, unknown>;
  annotations?: Record<string, unknown>;
}

export interface CallResult {
  content: { type: string; text?: string }[];
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
}

export interface TestClient {
  listTools(): Promise<ListedTool[]>;
  call(name: string, args?: Record<string, unknown>): Promise<CallResult>;
  instructions(): string | undefined;
  close(): Promise<void>;
}

/**
 * A client connected to the factory through the SDK's own HTTP handler, with no socket: `modern`
 * negotiates the newest protocol revision, `legacy` speaks the 2025 handshake, `v1` is a client of
 * the SDK's previous major line (what most hosts still embed).
 */
export async function connectClient(factory: McpServerFactory, era: 'modern' | 'legacy' | 'v1'): Promise<TestClient> {
  const handler = createMcpHandler(factory);
  const fetch = (url: string | URL, init?: RequestInit): Promise<Response> => handler.fetch(new Request(url, init));
  const url = new URL('http://in-process.test/mcp');
  if (era === 'v1') {
    const client = new LegacyClient({ name: 'legacy-host', version: '1.0.0' });
    await client.connect(new LegacyTransport(url, { fetch }));
    return wrapClient(client, handler);
  }
  const client = new Client({ name: 'test-host', version: '1.0.0' }, era === 'modern' ? { versionNegotiation: { mode: 'auto' } } : {});
  await client.connect(new StreamableHTTPClientTransport(url, { fetch }));
  return wrapClient(client, handler);
}

/** What both SDK lines' clients offer, as far as the tests use it. */
interface SdkClient {
  listTools(): Promise<{ tools: unknown[] }>;
  callTool(request: { name: string; arguments: Record<string, unknown> }): Promise<unknown>;
  getInstructions(): string | undefined;
  close(): Promise<void>;
}

function wrapClient(client: SdkClient, handler: { close(): Promise<void> }): TestClient {
  return {
    listTools: async () => (await client.listTools()).tools as ListedTool[],
    call: async (name, args = {}) => (await client.callTool({ name, arguments: args })) as CallResult,
    instructions: () => client.getInstructions(),
    close: async () => {
      await client.close();
      await handler.close();
    },
  };
}

/** The JSON a result carries as text (the same as its structuredContent, when it has one). */
export function resultJson(result: CallResult): Record<string, unknown> {
  return JSON.parse(result.content[0]?.text ?? 'null') as Record<string, unknown>;
}
