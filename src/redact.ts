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

/**
 * The forms a secret can take in text that echoes it: as given and trimmed, percent-encoded (in a
 * URL or a form), and base64 or base64url-encoded at any of the three byte alignments it can have
 * inside a longer encoded blob (`Basic dXNlcjp0b2tlbg==`). Each encoded form is the part that does
 * not depend on the bytes around it; forms too short to be safe to match are left out.
 */
export function secretForms(secret: string | undefined): string[] {
  if (secret === undefined || secret.length < 4) return [];
  const percent = encodeURIComponent(secret);
  const forms = new Set([
    secret,
    secret.trim(),
    percent,
    percent.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase()),
    new URLSearchParams({ s: secret }).toString().slice(2), // form encoding: also ! ' ( ) ~
    JSON.stringify(secret).slice(1, -1), // as a JSON string writes it: \" and \\
    secret.replaceAll('/', '\\/'), // as some JSON writers escape /
  ]);
  const bytes = Buffer.from(secret, 'utf8');
  for (const shift of [0, 1, 2]) {
    const encoded = Buffer.concat([Buffer.alloc(shift), bytes]);
    for (const encoding of ['base64', 'base64url'] as const) {
      const text = encoded.toString(encoding).replace(/=+$/, '');
      // Characters that also encode the bytes before (shift) or after (the last group) are not stable.
      const start = Math.ceil((shift * 4) / 3);
      const end = Math.floor(((shift + bytes.length) * 4) / 3);
      const core = text.slice(start, end);
      if (core.length >= 8) forms.add(core);
    }
  }
  return [...forms].filter((form) => form.length >= 4).sort((a, b) => b.length - a.length);
}

/** A URL string with any user:password removed, for messages; `user:password@` is masked even where the URL does not parse. */
export function stripUrlCredentials(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.username === '' && parsed.password === '') return url;
    parsed.username = '';
    parsed.password = '';
    return parsed.toString();
  } catch {
    // Whatever comes before the last @ may be a password, whatever characters it holds.
    const at = url.lastIndexOf('@');
    if (at < 0) return url;
    const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(url)?.[0] ?? '';
    return `${scheme}${REDACTED}${url.slice(at)}`;
  }
}
