// The dependency rule of the house: no import cycle (type-only imports count) and arrows only point
// down: cli → actions → areas → model/schemas → kube → io → util. See README "Layout".
const lower = {
  // an area may import the areas listed for it, and nothing above
  util: [],
  io: ['util'],
  // Kubernetes vocabulary: every area, model and schemas may import it; it imports no area
  kube: ['util', 'io'],
  report: ['util'],
  schemas: ['util', 'kube'],
  model: ['util', 'schemas', 'io', 'kube'],
};
// cross-cutting modules at src/ root (errors, version, paths) may be imported from anywhere
const ROOT = '^src/(errors|version|paths)\\.ts$';
module.exports = {
  forbidden: [
    {
      name: 'no-cycle',
      severity: 'error',
      comment: 'import cycles, type-only imports included, are design cycles',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'no-import-of-cli',
      severity: 'error',
      comment: 'only the CLI parses argv and prints; nothing imports it',
      from: { path: '^src/', pathNot: '^src/cli/' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'no-import-of-actions',
      severity: 'error',
      comment: 'actions compose areas; areas never import actions',
      from: { path: '^src/', pathNot: '^src/(cli|actions)/|^src/index\\.ts$' },
      to: { path: '^src/actions/' },
    },
    ...Object.entries(lower).map(([area, allowed]) => ({
      name: `layer-${area}`,
      severity: 'error',
      comment: `${area} is a lower layer: it may import only ${allowed.join(', ') || 'itself'}`,
      from: { path: `^src/${area}/` },
      to: { path: '^src/', pathNot: [`^src/${area}/`, ROOT, ...allowed.map((a) => `^src/${a}/`)] },
    })),
    {
      name: 'area-order',
      severity: 'error',
      comment: 'domain areas sit below render/checks/airgap/diff; tiers and generators never import the workflows',
      from: { path: '^src/(tiers|generators|helm|validate)/' },
      to: { path: '^src/(render|checks|airgap|diff|actions|cli)/' },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist)/' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.json'] },
  },
};
