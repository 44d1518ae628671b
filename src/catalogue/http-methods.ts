/** @module HTTP method semantics the catalogue and the raw passthrough decide retries by. */

/** Methods whose request may be sent twice with the effect of once (RFC 9110, 9.2.2). */
export const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);
