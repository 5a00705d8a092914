import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, test } from 'vitest';

test('importing the registry, the types, the evidence and the conformance entries never loads DuckDB', () => {
  const root = new URL('../../../', import.meta.url).pathname;
  // The shared objects the process has loaded: DuckDB's native binding shows up there once it is imported.
  const probe = (imports: string[]) =>
    execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `${imports.map((i) => `await import(${JSON.stringify(i)});`).join('')}
         const libs = process.report.getReport().sharedObjects.filter((s) => /duckdb/i.test(s));
         process.stdout.write(JSON.stringify(libs));`,
      ],
      { cwd: root, encoding: 'utf8' },
    );
  const entries = ['registry', 'schemas', 'evidence', 'conformance'].map((e) => join(root, 'dist', `${e}.js`));
  expect(JSON.parse(probe(entries))).toEqual([]);
  // The probe can fail: importing the engine's dependency itself loads the binding.
  expect(JSON.parse(probe([...entries, '@duckdb/node-api'])).length).toBeGreaterThan(0);
});
