/** @module Checks a URL given as a flag's value. */
import { UsageError } from '../errors/index.js';

/** An http(s) URL, or a usage error naming the flag. */
export function checkUrl(value: string, flag: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`${flag} takes an http(s) URL, not '${value}'.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`${flag} takes an http(s) URL, not '${value}'.`);
  return url.href;
}
