/**
 * Bundles dist/registry.js (what `wan-video-contract` and `wan-video-contract/registry` load) into one file after
 * tsc has built dist/: importing prices then costs one module load instead of fifteen (bench/contract.ts measures
 * the cold start). The package root is this same file (the `exports` map points `.` here), so both share one copy; the
 * declarations stay tsc's.
 */
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const entry = fileURLToPath(new URL('../dist/registry.js', import.meta.url));
await build({
  entryPoints: [entry],
  outfile: entry,
  allowOverwrite: true,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  legalComments: 'none',
  logLevel: 'warning',
});
