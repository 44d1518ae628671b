/** @module Where a URL stands relative to the base URL: every request must stay below it. */

/** The path of a base URL without its trailing slash, e.g. `/api/v1` ('' for a bare origin). */
export function basePathOf(baseUrl: string | URL): string {
  return new URL(baseUrl).pathname.replace(/\/+$/, '');
}

/** Whether `url` has the base URL's origin and a path at or below its path. */
export function isBelowBase(url: URL, baseUrl: string | URL): boolean {
  const base = new URL(baseUrl);
  const basePath = basePathOf(base);
  return url.origin === base.origin && (url.pathname === basePath || url.pathname.startsWith(`${basePath}/`));
}

/** `/visitors?page=2` for `https://host/api/v1/visitors?page=2` under `https://host/api/v1`. */
export function pathBelowBase(url: URL, baseUrl: string | URL): string {
  return `${url.pathname.slice(basePathOf(baseUrl).length) || '/'}${url.search}`;
}
