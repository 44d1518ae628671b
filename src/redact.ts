/** @module Removes secrets from text before it can reach a message, a log or a terminal. */

export const REDACTED = '[REDACTED]';

/** Replaces every occurrence of each secret (at least 4 characters long) with [REDACTED]. */
export function redact(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret !== undefined && secret.length >= 4 && out.includes(secret)) out = out.split(secret).join(REDACTED);
  }
  return out;
}

/** A URL string with any user:password removed, for messages. */
export function stripUrlCredentials(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.username === '' && parsed.password === '') return url;
    parsed.username = '';
    parsed.password = '';
    return parsed.toString();
  } catch {
    return url;
  }
}
