/**
 * Bundles two entry points of dist/ in place after tsc has built it, each into one file:
 * - dist/registry.js (what `wan-video-contract` and `wan-video-contract/registry` load): importing prices then costs
 *   one module load instead of fifteen (bench/contract.ts measures the cold start). The package root is this same
 *   file (the `exports` map points `.` here), so both share one copy; the declarations stay tsc's.
 * - dist/cli/main.js (the `wan-contract` command), its dependencies included: a command no longer resolves, reads
 *   and links some 600 modules at each start (about a third of a short command's CPU). The subcommands stay lazy:
 *   esbuild keeps each `import()` of the command table as a module initialised on first use. DuckDB (an optional
 *   peer with a native addon) stays outside, loaded only by the commands that ask for it; the evidence workers are
 *   started from their compiled modules in dist/evidence/ (src/contract/files.ts).
 */
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dist = (path) => fileURLToPath(new URL(`../dist/${path}`, import.meta.url));
const common = {
  allowOverwrite: true,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  legalComments: 'none',
  logLevel: 'warning',
};

// The chunks of an earlier build (their names carry a hash of their content) would linger beside the new ones.
rmSync(dist('cli/chunks'), { recursive: true, force: true });
await build({ ...common, entryPoints: [dist('registry.js')], outfile: dist('registry.js') });
await build({
  ...common,
  entryPoints: [dist('cli/main.js')],
  // Each subcommand's modules in chunks of their own (code splitting): a command parses and compiles only what it
  // runs, not the whole 3 MB of every command and dependency.
  splitting: true,
  outdir: dist('cli'),
  entryNames: '[name]',
  chunkNames: 'chunks/[name]-[hash]',
  external: ['@duckdb/node-api'],
  // CommonJS dependencies (ajv, prom-client) call require() for Node's modules: an ES module has none of its own.
  banner: {
    js: "import { createRequire as __wanCreateRequire } from 'node:module';\nconst require = __wanCreateRequire(import.meta.url);",
  },
});

// The shipped cases, read and checked once here rather than at each start of the compiled package.
const { writePrebuiltCases } = await import('../dist/rules/load.js');
writePrebuiltCases();
