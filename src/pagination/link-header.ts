/** @module Reads the target of one relation from an RFC 8288 `Link` header, without backtracking regexes. */

/** The URL of the first link whose rel includes `rel`, or undefined. */
export function linkTarget(header: string | string[] | undefined, rel: string): string | undefined {
  const text = Array.isArray(header) ? header.join(',') : header;
  if (text === undefined) return undefined;
  let position = 0;
  while (position < text.length) {
    const open = text.indexOf('<', position);
    if (open < 0) return undefined;
    const close = text.indexOf('>', open + 1);
    if (close < 0) return undefined;
    const target = text.slice(open + 1, close);
    const nextLink = text.indexOf('<', close + 1);
    // The parameters run up to the next link, minus the comma that separates links.
    const params = text.slice(close + 1, nextLink < 0 ? text.length : nextLink).trim().replace(/,$/, '');
    if (relations(params).includes(rel.toLowerCase())) return target.trim();
    position = close + 1;
  }
  return undefined;
}

function relations(params: string): string[] {
  for (const param of params.split(';')) {
    const equals = param.indexOf('=');
    if (equals < 0 || param.slice(0, equals).trim().toLowerCase() !== 'rel') continue;
    const value = param.slice(equals + 1).trim().replace(/^"|"$/g, '');
    return value.toLowerCase().split(/\s+/);
  }
  return [];
}
