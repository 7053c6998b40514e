/** Layer rules (docs/architecture.md): domain is pure; the renderer never imports server code; no cycles. */
module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'Import cycles make layers meaningless.', from: {}, to: { circular: true } },
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment: 'domain/ imports nothing outward and no I/O.',
      from: { path: '^domain/' },
      to: { path: '^(collab-server|renderer|main|preload|tests|bench|scripts)/' }
    },
    {
      name: 'domain-no-node-io',
      severity: 'error',
      comment: 'domain/ is pure: no Node built-ins.',
      from: { path: '^domain/', pathNot: '\\.test\\.ts$' },
      to: { dependencyTypes: ['core'] }
    },
    {
      name: 'renderer-not-server',
      severity: 'error',
      comment: 'The renderer never imports server or shell code.',
      from: { path: '^renderer/' },
      to: { path: '^(collab-server|main|tests|bench)/', pathNot: '^collab-server/seed/[^/]+\\.json$' }
    },
    {
      name: 'server-not-client',
      severity: 'error',
      comment: 'The server never imports client code.',
      from: { path: '^collab-server/' },
      to: { path: '^(renderer|main|preload)/' }
    },
    { name: 'shell-not-server-or-renderer', severity: 'error', from: { path: '^main/' }, to: { path: '^(collab-server|renderer)/' } },
    {
      name: 'preload-contract-only',
      severity: 'error',
      comment: 'The preload sees only the shared contract, never main/.',
      from: { path: '^preload/' },
      to: { path: '^(main|collab-server|renderer)/' }
    }
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|out|dist|test-results)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json']
    }
  }
}
