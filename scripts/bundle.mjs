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
import { rmSync, writeFileSync } from 'node:fs';
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

// Every schema the package validates with, compiled ahead into ajv's standalone code (dist/validate/precompiled.js,
// which the bundle below takes in): a command no longer compiles its validators at each start. Each is named by a
// digest of its schema (precompiledName), so a validator is only ever used for the schema it was compiled from; a
// schema missing here is compiled at run time as before.
await precompileValidators();

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

async function precompileValidators() {
  const { _ } = await import('ajv');
  const standalone = await import('ajv/dist/standalone/index.js');
  const standaloneCode = standalone.default.default ?? standalone.default;
  const { createAjv, precompiledName } = await import('../dist/validate/ajv.js');
  const { validatorSchemas } = await import('./validator-schemas.mjs');
  const schemas = await validatorSchemas();
  const ajv = createAjv({
    code: { source: true, esm: true, formats: _`require("ajv-formats/dist/formats").fullFormats` },
  });
  // One exported function per schema, which builds its validator when first called: the module costs nearly nothing
  // to load, and a command builds only the validators it uses.
  const functions = new Map();
  for (const schema of schemas) {
    const name = precompiledName(schema);
    if (functions.has(name)) continue;
    const source = standaloneCode(ajv, ajv.compile(schema));
    const head = /^"use strict";export const validate = (\w+);export default \1;/.exec(source);
    if (!head) throw new Error(`ajv's standalone code starts otherwise than expected: ${source.slice(0, 120)}`);
    functions.set(name, `export function ${name}() {\n${source.slice(head[0].length)}\nreturn ${head[1]};\n}\n`);
  }
  // ajv's standalone code calls require() for its runtime helpers and formats, even as an ES module.
  const code = `import { createRequire } from 'node:module';\nconst require = createRequire(import.meta.url);\n${[...functions.values()].join('')}`;
  writeFileSync(dist('validate/precompiled.js'), code);
  // tsc's map and declarations are of the empty module in the sources; the map no longer matches the code.
  rmSync(dist('validate/precompiled.js.map'), { force: true });
}
