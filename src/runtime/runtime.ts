/** @module What running an action or a raw request needs, resolved once per connector. */
import type { ConnectorManifest } from '../catalogue/types.js';
import type { ResolvedConnection } from '../config/settings.js';
import type { HttpClient } from '../http/send.js';
import type { WireSettings } from '../request/to-wire.js';
import type { ValidatorCache } from '../validation/action-validators.js';

export interface Runtime extends WireSettings {
  manifest: ConnectorManifest;
  connection: ResolvedConnection;
  http: HttpClient;
  validators: ValidatorCache;
}
