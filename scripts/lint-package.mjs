#!/usr/bin/env node
// Packs the package once (without re-running `prepare`: the caller has just built dist/) and runs publint and
// attw over that very tarball, so both judge exactly what `npm publish` would upload.
// attw uses the `esm-only` profile (.attw.json): the package is ESM-only and CommonJS callers load it through
// require(esm) on Node >= 20.19, which attw's TypeScript 5.6 cannot model; the tarball smoke test proves it.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const bin = (name) => join(import.meta.dirname, '..', 'node_modules', '.bin', name);
const dir = mkdtempSync(join(tmpdir(), 'wan-lint-package-'));
try {
  const packed = JSON.parse(
    execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    }),
  );
  const tarball = join(dir, packed[0].filename);
  console.log(
    `lint:package: ${packed[0].filename}, ${packed[0].entryCount} files, ${(packed[0].size / 1024).toFixed(0)} KiB packed`,
  );
  execFileSync(bin('publint'), ['run', tarball, '--strict'], { stdio: 'inherit' });
  execFileSync(
    bin('attw'),
    [tarball, '--config-path', join(import.meta.dirname, '..', '.attw.json'), '--format', 'table'],
    { stdio: 'inherit' },
  );
} catch (error) {
  console.error(`lint:package: ${error.message.split('\n')[0]}`);
  process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
