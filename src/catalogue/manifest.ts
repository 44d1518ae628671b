/** @module Facts derived from the connector manifest, so that no module restates them. */
import { basePathOf } from '../base-url.js';
import type { ConnectorManifest } from './types.js';

/**
 * The path every region's base URL shares, e.g. `/api/v1`: where the API's paths start, and where
 * the local servers that stand in for the API (the sandbox, the proxy) serve. The loader checks that
 * the regions agree on it.
 */
export function apiBasePath(manifest: ConnectorManifest): string {
  return basePathOf(manifest.baseUrl.regions[manifest.baseUrl.defaultRegion] as string);
}
