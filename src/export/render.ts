/** @module The exports as files: text for a path (JSON, or YAML for `.yaml`/`.yml`), and Membrane's folder layout. */
import { stringify } from 'yaml';
import type { MembraneActionSpec } from './membrane.js';

/** Whether a file name asks for YAML. */
function isYamlPath(path: string): boolean {
  return /\.ya?ml$/i.test(path);
}

/** A document as the text of a file: YAML for a `.yaml`/`.yml` path, else JSON. */
export function documentText(document: unknown, path = ''): string {
  // Long lines stay whole and no anchors are made, so the YAML reads like the JSON.
  return isYamlPath(path) ? stringify(document, { lineWidth: 0, aliasDuplicateObjects: false }) : `${JSON.stringify(document, null, 2)}\n`;
}

/** Membrane's export layout: `actions/<key>/spec.yaml`, by path relative to the export folder. */
export function membraneFiles(specs: readonly MembraneActionSpec[]): Record<string, string> {
  return Object.fromEntries(specs.map((spec) => [`actions/${spec.key}/spec.yaml`, documentText(spec, 'spec.yaml')]));
}
