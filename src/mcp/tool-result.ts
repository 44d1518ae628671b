/**
 * @module MCP tool results: the value as JSON text, and as `structuredContent` when it is an object
 * (what a 2025-era client accepts there); a failure is a result with `isError: true` and the
 * connector's error JSON, so that an agent reads it and can act, never a protocol error. Both are
 * scrubbed of the API token.
 */
import type { ConnectorError } from '../errors/index.js';

export interface ToolResult {
  [member: string]: unknown;
  content: { type: 'text'; text: string }[];
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
}

export type Scrub = (text: string) => string;

export function toolResult(value: unknown, scrub: Scrub): ToolResult {
  const raw = JSON.stringify(value) ?? 'null';
  const text = scrub(raw);
  const clean: unknown = text === raw ? value : JSON.parse(text);
  const isObject = clean !== null && typeof clean === 'object' && !Array.isArray(clean);
  return { content: [{ type: 'text', text }], ...(isObject ? { structuredContent: clean as Record<string, unknown> } : {}) };
}

export function toolError(error: ConnectorError, scrub: Scrub): ToolResult {
  return { ...toolResult({ error: error.toJSON() }, scrub), isError: true };
}
