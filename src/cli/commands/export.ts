/** @module `chaport export --format openapi|membrane [--out PATH]`: the catalogue for integration platforms. */
import { join, resolve } from 'node:path';
import { UsageError } from '../../errors/index.js';
import { VERSION } from '../../version.js';
import { defineCommand } from '../command.js';
import { writeText } from '../write-file.js';

const FORMATS = ['openapi', 'membrane'] as const;

export const exportCommand = defineCommand({
  name: 'export',
  summary: 'the catalogue as an OpenAPI 3.1 document or as Membrane action exports',
  usage: ['--format openapi [--out FILE]', '--format membrane --out DIR'],
  description: `Writes the catalogue for an integration platform to import.
  openapi   an OpenAPI 3.1 document: both regional servers, bearer security, one operation per
            action (operationId = action key), the replies as the API sends them, and the side
            effect and evidence as x-side-effect and x-evidence. JSON on stdout, or into FILE:
            YAML when FILE ends in .yaml or .yml.
  membrane  one Membrane action export per action, DIR/actions/<key>/spec.yaml
            (api-request-to-external-app; the side effect and evidence in meta).`,
  positionals: [],
  options: {
    format: { type: 'string', valueName: 'FORMAT', description: "'openapi' or 'membrane'" },
    out: { type: 'string', valueName: 'PATH', description: 'the file (openapi) or folder (membrane) to write; files already there are replaced' },
  },
  jsonErrors: false,
  sections: ({ manifest }) => [
    {
      title: 'Examples',
      text: `  ${manifest.key} export --format openapi > ${manifest.key}.openapi.json
  ${manifest.key} export --format openapi --out ${manifest.key}.openapi.yaml
  ${manifest.key} export --format membrane --out membrane`,
    },
  ],
  async run({ io, values, source }) {
    const format = values.format as (typeof FORMATS)[number] | undefined;
    if (format === undefined || !FORMATS.includes(format)) {
      throw new UsageError(`--format must be one of ${FORMATS.join(', ')}${format === undefined ? '' : `, not '${format}'`}. Run '${io.program} export --help' for usage.`);
    }
    const [{ documentText, membraneFiles }, catalogue] = [await import('../../export/render.js'), source.catalogue()];
    if (format === 'openapi') {
      const { toOpenApi } = await import('../../export/openapi.js');
      const document = toOpenApi(catalogue, VERSION);
      if (values.out === undefined) {
        io.stdout(documentText(document));
        return 0;
      }
      const file = resolve(values.out);
      await writeText(file, documentText(document, file));
      io.stderr(`${io.program} export: wrote ${file} (${Object.keys(document.paths).length} paths, ${catalogue.actions.length} operations)\n`);
      return 0;
    }
    if (values.out === undefined) throw new UsageError(`--format membrane writes a folder: give it with --out DIR.`);
    const { toMembraneActions } = await import('../../export/membrane.js');
    const folder = resolve(values.out);
    const files = membraneFiles(toMembraneActions(catalogue, VERSION));
    for (const [path, text] of Object.entries(files)) await writeText(join(folder, path), text);
    io.stderr(`${io.program} export: wrote ${Object.keys(files).length} Membrane actions into ${join(folder, 'actions')}\n`);
    return 0;
  },
});
