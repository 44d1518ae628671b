/**
 * The module rules of src/, checked by `npm test` (dependency-cruiser): no import cycle between files,
 * and the folders form layers that only import downwards, so no cycle between folders either. A
 * layer may import from the layers above it in this list, never from one below it.
 */
const LAYERS = [
  ['leaves', '^src/(errors/|generated/|redact[.]ts|version[.]ts|base-url[.]ts|json-text[.]ts|bytes[.]ts|as-buffer[.]ts)'],
  ['validation', '^src/validation/'],
  ['catalogue', '^src/catalogue/'],
  ['config', '^src/config/'],
  ['http', '^src/http/'],
  ['request', '^src/request/'],
  ['pagination', '^src/pagination/'],
  ['runtime', '^src/runtime/'],
  ['passthrough', '^src/passthrough/'],
  ['export', '^src/export/'],
  ['library', '^src/(connector|builtin-catalogue|builtin-skill)[.]ts$'],
  ['local servers', '^src/(net|proxy|sandbox|mcp|webhooks|verify)/'],
  ['entry points', '^src/(index[.]ts$|cli/)'],
];

const layering = LAYERS.flatMap(([name, path], index) =>
  LAYERS.slice(index + 1).map(([above, abovePath]) => ({
    name: `${name}-not-above-${above}`.replace(/ /g, '-'),
    comment: `${name} (${path}) is a lower layer than ${above}: it must not import from it.`,
    severity: 'error',
    from: { path },
    to: { path: abovePath },
  })),
);

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'An import cycle: the modules cannot be understood, tested or loaded one without the other.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'every-module-in-a-layer',
      comment: 'Each module of src/ belongs to one layer of .dependency-cruiser.cjs; add new folders there.',
      severity: 'error',
      from: { path: '^src/', pathNot: LAYERS.map(([, path]) => path).join('|') },
      to: {},
    },
    {
      name: 'every-imported-module-in-a-layer',
      comment: 'A module that imports nothing is still in a layer when anything imports it; add new folders there.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^src/', pathNot: LAYERS.map(([, path]) => path).join('|') },
    },
    ...layering,
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|node_modules)/' },
    // Type-only imports count: a cycle of types is still a cycle.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
