import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const NAME = 'wan-video-contract';
let root: { dir: string; version: string } | undefined;

/**
 * Whether the package runs compiled (dist/, or the bundled command line) rather than from its sources under a
 * TypeScript loader: this module is compiled exactly when the rest is.
 */
export function runsCompiled(): boolean {
  return import.meta.url.endsWith('.js');
}

/**
 * The package's root folder: the nearest folder above this module whose package.json names the package. One rule
 * wherever the code runs: its sources under tsx, the compiled modules of dist/, and the command line bundled into
 * one file (dist/cli/main.js), where a path relative to the module would point elsewhere.
 */
export function packageRoot(): string {
  return manifest().dir;
}

/** The package's root and version, from the first package.json above this module that names the package. */
function manifest(): { dir: string; version: string } {
  if (root !== undefined) return root;
  const from = dirname(fileURLToPath(import.meta.url));
  for (let dir = from; ; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown; version?: unknown };
      if (pkg.name === NAME) return (root = { dir, version: String(pkg.version) });
    }
    if (dirname(dir) === dir) throw new Error(`${NAME}: no package.json of ${NAME} in ${from} or above it`);
  }
}

/** A file of the package by its path from the package's root (`conformance/cases`, `dist/evidence/worker.js`). */
export function packageFile(path: string): string {
  return join(packageRoot(), path);
}

/** A compiled module of the package by its path under dist/, as the URL a worker thread is started from. */
export function compiledModule(path: string): URL {
  return pathToFileURL(join(packageRoot(), 'dist', path));
}

/** The package's version, from its package.json. */
export function packageVersion(): string {
  return manifest().version;
}
