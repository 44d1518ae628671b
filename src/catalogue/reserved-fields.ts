/** @module Input field names that surfaces of the connector give a meaning of their own, so no action may declare them otherwise. */

/** The input field that carries a list's page cursor (and, for MCP, the cursor into a truncated result). */
export const CURSOR_FIELD = 'cursor';
/** The argument of MCP read tools that keeps only some fields of the output. */
export const FIELDS_FIELD = 'fields';
