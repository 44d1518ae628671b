/** @module The options every command that calls the API shares, and the connector settings they make. */
import type { ConnectorOptions } from '../connector.js';
import type { OptionTable, OptionValues } from './command.js';

export const CONNECTION_OPTIONS = {
  'max-response-bytes': {
    type: 'integer',
    min: 1,
    max: 2 ** 40,
    group: 'Connection',
    description: "stop reading a reply past N bytes, counted after decompression (overrides the environment; see 'help')",
  },
} as const satisfies OptionTable;

export type ConnectionValues = OptionValues<typeof CONNECTION_OPTIONS>;

/** The connector settings the shared options ask for (none when they are not given). */
export function connectionSettings(values: ConnectionValues): Pick<ConnectorOptions, 'maxResponseBytes'> {
  return values['max-response-bytes'] === undefined ? {} : { maxResponseBytes: values['max-response-bytes'] };
}
