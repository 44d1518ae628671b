/**
 * @module Keeps a raw request on Chaport: the path must stay below the base URL and header names and
 * values must be plain. Everything refused here is refused before anything is sent.
 */
import { RefusedRequestError } from '../errors/index.js';

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** Headers the connector sets itself, or that only make sense for one hop. */
const MANAGED = new Set(['host', 'content-length', 'transfer-encoding', 'connection', 'keep-alive', 'upgrade', 'te', 'trailer', 'proxy-authorization']);

export interface ConfinedPath {
  /** Percent-encoded, below the base URL, starting with `/`. */
  path: string;
  query: [string, string][];
}

/**
 * `path` (e.g. `/visitors/{visitorId}/chats?transcript=true`, or with a base path in front, as in the
 * links the API sends) filled with `pathParams` and checked to stay below the base URL. The longest of
 * `basePaths` that the path starts with is removed once.
 */
export function confinePath(rawPath: string, basePaths: readonly string[], pathParams: Record<string, string> = {}): ConfinedPath {
  // URL parsing drops tabs and line breaks, which would turn `.<tab>.` into `..`: refuse every control character.
  if (/[\x00-\x1f\x7f]/.test(rawPath)) throw new RefusedRequestError('the path contains a control character (tab, line break, NUL, …).');
  if (rawPath.includes(' ')) throw new RefusedRequestError('the path contains a space; write it as %20.');
  if (rawPath.includes('\\')) throw new RefusedRequestError('the path contains a backslash.');
  if (/^[a-z][a-z0-9+.-]*:/i.test(rawPath)) throw new RefusedRequestError('give a path below the base URL, not an absolute URL.');
  if (rawPath.startsWith('//')) throw new RefusedRequestError('a path starting with // names another host.');
  if (rawPath.includes('#')) throw new RefusedRequestError('the path contains a fragment (#).');
  const [pathPart = '', queryPart] = splitOnce(rawPath.startsWith('/') ? rawPath : `/${rawPath}`, '?');

  const unused = new Set(Object.keys(pathParams));
  const filled = pathPart.replace(/\{([^{}]+)\}/g, (_match, name: string) => {
    // Only a parameter given counts: `{constructor}` must not be filled from Object.prototype.
    const value = Object.hasOwn(pathParams, name) ? pathParams[name] : undefined;
    if (value === undefined) throw new RefusedRequestError(`the path has {${name}} but no --pathParam ${name}=… was given.`);
    unused.delete(name);
    if (value === '' || value === '.' || value === '..') throw new RefusedRequestError(`--pathParam ${name} must not be empty, . or .. .`);
    return encodeURIComponent(value);
  });
  if (unused.size > 0) throw new RefusedRequestError(`the path has no {${[...unused].join('}, {')}} for the --pathParam given.`);
  if (/[{}]/.test(filled)) throw new RefusedRequestError('the path has an unbalanced brace.');
  const prefix = [...basePaths]
    .sort((a, b) => b.length - a.length)
    .find((basePath) => basePath !== '' && (filled === basePath || filled.startsWith(`${basePath}/`)));
  const below = prefix === undefined ? filled : filled.slice(prefix.length) || '/';
  for (const segment of below.split('/')) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      throw new RefusedRequestError(`the path segment '${segment}' is not valid percent-encoding.`);
    }
    if (decoded === '.' || decoded === '..' || /[/\\]/.test(decoded) && (decoded.includes('..') || decoded.startsWith('/'))) {
      throw new RefusedRequestError('the path would leave the base URL (dot segments, encoded or not, are not allowed).');
    }
  }
  return { path: below, query: queryPart === undefined ? [] : [...new URLSearchParams(queryPart).entries()] };
}

export interface CheckedHeaders {
  headers: Record<string, string>;
  warnings: string[];
}

/** Lower-cased headers fit to send; the caller's credential is dropped with a warning, as are headers the connector manages. */
export function confineHeaders(headers: Record<string, string>, authHeader: string): CheckedHeaders {
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  const warnings: string[] = [];
  for (const [rawName, value] of Object.entries(headers)) {
    const name = rawName.trim().toLowerCase();
    if (!TOKEN.test(name)) throw new RefusedRequestError(`'${rawName.replace(/[\r\n]/g, '\\n')}' is not a valid header name.`);
    // HTTP clients keep headers in plain objects, where this name would not be a header but the prototype.
    if (name === '__proto__') throw new RefusedRequestError("a header named '__proto__' cannot be sent.");
    if (typeof value !== 'string') throw new RefusedRequestError(`the value of header ${name} must be a string.`);
    if (/[\r\n\0]/.test(value)) throw new RefusedRequestError(`the value of header ${name} contains a line break or NUL.`);
    if (/[^\t\x20-\x7e\x80-\xff]/.test(value)) throw new RefusedRequestError(`the value of header ${name} contains a character a header cannot carry.`);
    if (name === authHeader.toLowerCase()) {
      warnings.push(`The ${rawName} header you gave was replaced by the connector's own.`);
      continue;
    }
    if (MANAGED.has(name)) {
      warnings.push(`The ${name} header is set by the connector; the one you gave was dropped.`);
      continue;
    }
    out[name] = value.trim();
  }
  return { headers: out, warnings };
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const index = text.indexOf(separator);
  return index < 0 ? [text, undefined] : [text.slice(0, index), text.slice(index + 1)];
}
