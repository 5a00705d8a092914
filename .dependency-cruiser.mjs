// The room map of src/ (see CONVENTIONS.md, "The room map"): which room may import which. `npm run lint` runs it
// (`depcruise src`) and fails on an arrow that points up or across, and on any import cycle.

/** Each room of src/ and the rooms it may import besides itself. The entries (src/*.ts) and src/cli/ may import any. */
const ROOMS = {
  contract: [],
  media: [],
  http: [],
  pricing: ['contract'],
  validate: ['contract', 'pricing'],
  openapi: ['contract', 'pricing', 'validate'],
  client: ['contract', 'validate'],
  mock: ['contract', 'pricing', 'validate', 'http', 'client'],
  // The rules judge what a driver collected; the recorded exchange is their input, so its shape is theirs to read.
  rules: ['contract', 'pricing', 'validate', 'media', 'client/exchange\\.ts$'],
  coverage: ['contract', 'pricing', 'rules', 'client/exchange\\.ts$'],
  reports: ['contract', 'rules'],
  // The four drivers of the rules: each may use the rooms below, never one another.
  conformance: ['contract', 'pricing', 'validate', 'media', 'http', 'client', 'mock', 'rules', 'coverage', 'reports'],
  proxy: ['contract', 'pricing', 'validate', 'http', 'client', 'rules', 'coverage', 'reports'],
  evidence: ['contract', 'pricing', 'validate', 'media', 'client', 'rules', 'coverage', 'reports'],
  'client-check': ['contract', 'pricing', 'validate', 'client', 'mock', 'rules', 'reports'],
};

/** The runner's stages, in order: a stage may import an earlier one, never a later one. */
const STAGES = ['plan', 'execute', 'report'];

const roomRules = Object.entries(ROOMS).map(([room, allowed]) => ({
  name: `room-${room}`,
  comment: `src/${room}/ may import only ${allowed.length ? allowed.map((a) => a.replace('\\.ts$', '.ts')).join(', ') : 'itself'} (CONVENTIONS.md, "The room map")`,
  severity: 'error',
  from: { path: `^src/${room}/` },
  to: { path: '^src/', pathNot: [`^src/${room}/`, ...allowed.map((a) => `^src/${a}${a.endsWith('$') ? '' : '/'}`)] },
}));

const stageRules = STAGES.map((stage, i) => ({
  name: `stage-${stage}`,
  comment: `the runner's ${stage}/ stage may not import a later stage or the runner itself`,
  severity: 'error',
  from: { path: `^src/conformance/${stage}/` },
  to: {
    path: [
      ...STAGES.slice(i + 1).map((later) => `^src/conformance/${later}/`),
      '^src/conformance/runner\\.ts$',
      '^src/conformance\\.ts$',
    ],
  },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    ...roomRules,
    ...stageRules,
    {
      name: 'no-circular',
      comment: 'an import cycle in src/ (type-only imports count: they tie the rooms together all the same)',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'an import that resolves to no file',
      severity: 'error',
      from: { path: '^src/' },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    includeOnly: '^src/',
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.build.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.json'],
    },
  },
};
