/**
 * The layer rules of the tree (STYLE.md, "A layout that follows the flow"), checked by `npm run lint`.
 * Type-only imports count: a cycle of types is still two modules that cannot be read apart.
 */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No module depends on itself through others.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'machines-are-pure',
      comment: 'workflows/ holds pure XState machines and their domain model: nothing from src/, no Node module (no I/O, no clock).',
      severity: 'error',
      from: { path: '^workflows/' },
      to: { path: '^src/|^node:|^(fs|path|crypto|os|child_process|net|http|https|timers)$' },
    },
    {
      name: 'machines-import-only-xstate',
      comment: 'The only package a machine may use is XState.',
      severity: 'error',
      from: { path: '^workflows/' },
      to: { dependencyTypes: ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'core'], pathNot: '(^|/)node_modules/xstate/' },
    },
    {
      name: 'only-the-store-imports-mongodb',
      comment: 'src/store is the only importer of the driver (scripts and tests may inspect the database with it).',
      severity: 'error',
      from: { path: '^(src|workflows)/', pathNot: '^src/store/' },
      to: { path: '(^|/)node_modules/(mongodb|bson)/' },
    },
    {
      name: 'the-store-imports-no-use-case',
      comment: 'The store owns its record types (src/store/records.ts): it may use the machines’ types and canonical JSON, nothing above it.',
      severity: 'error',
      from: { path: '^src/store/' },
      to: { path: '^src/', pathNot: '^src/(store/|crypto/canonical-json[.]ts$)' },
    },
    {
      name: 'the-edge-never-reaches-the-store',
      comment: 'Resolvers and HTTP handlers call services; only the shapes of records (types) cross from the store.',
      severity: 'error',
      from: { path: '^src/(graphql|http)/' },
      to: { path: '^src/store/', pathNot: '^src/store/records[.]ts$' },
    },
    {
      name: 'records-cross-as-types',
      comment: 'What the edge takes from the store is types alone.',
      severity: 'error',
      from: { path: '^src/(graphql|http)/' },
      to: { path: '^src/store/records[.]ts$', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'only-the-composition-root-wires-the-store',
      comment: 'The CLI talks to the server over GraphQL, never to the database.',
      severity: 'error',
      from: { path: '^src/cli/' },
      to: { path: '^src/store/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
