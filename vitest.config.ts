import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';

const src = fileURLToPath(new URL('./src/', import.meta.url));

// The test files that start processes (the CLI, the Python SDK, real clients, npm, tsc, a browser) or need the
// build. `npm run test:quick` (the `unit` project) runs every other file, in under a minute; a file there that
// starts a process fails with a message naming this list (test/support/no-processes.ts).
const E2E = [
  'test/cli/**/*.test.ts',
  'test/client-check/exercised.test.ts',
  'test/client-check/third-party.test.ts',
  'test/clients/python-sdk.test.ts',
  'test/commands/contract-commands.test.ts',
  'test/conformance/cli.test.ts',
  'test/conformance/coverage-cli.test.ts',
  'test/conformance/plan/inputs.test.ts',
  'test/conformance/rerun.test.ts',
  'test/contract/registry.test.ts',
  'test/docs/examples.test.ts',
  'test/docs/site.test.ts',
  'test/evidence/cli.test.ts',
  'test/evidence/coverage-worker-build.test.ts',
  'test/evidence/delivered.test.ts',
  'test/evidence/duckdb/cli.test.ts',
  'test/evidence/duckdb/lazy-load.test.ts',
  'test/evidence/duplicates.test.ts',
  'test/evidence/fragments.test.ts',
  'test/evidence/hostile.test.ts',
  'test/evidence/streams.test.ts',
  'test/evidence/worker-build.test.ts',
  'test/mock/cli.test.ts',
  'test/package/**/*.test.ts',
  'test/proxy/cli.test.ts',
  'test/proxy/python-sdk.test.ts',
  'test/proxy/same-verdict.test.ts',
  'test/proxy/secrets.test.ts',
  'test/proxy/starts.test.ts',
];

export default defineConfig({
  // The package's own name resolves to its sources, so documentation examples run exactly as a user writes them.
  resolve: {
    alias: [
      { find: /^wan-video-contract$/, replacement: `${src}index.ts` },
      {
        find: /^wan-video-contract\/(registry|schemas|client|mock|conformance|evidence)$/,
        replacement: `${src}$1.ts`,
      },
    ],
  },
  test: {
    // Many tests spawn the built CLI or a server; on a shared 2-core machine one such test can take over 30 s.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // One test file more than there are cores: most e2e files spend part of their time waiting on the servers,
    // timers and processes they started, so a third file keeps a 2-core machine busy (measured: the suite 204 → 190 s).
    maxWorkers: Math.max(3, availableParallelism() + 1),
    // Tests slower than this are marked in the default reporter. The JSON report feeds
    // `node scripts/slow-tests.mjs node_modules/.vitest/report.json` (the slowest files and tests; .ci/run prints it).
    slowTestThreshold: 5_000,
    reporters: ['default', 'json'],
    outputFile: { json: 'node_modules/.vitest/report.json' },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          // The sources are imported once per worker, not once per file: most of a unit file's time was its imports.
          isolate: false,
          exclude: [...configDefaults.exclude, ...E2E],
          setupFiles: ['test/support/no-processes.ts'],
        },
      },
      // The e2e files too: they start processes and servers, but none changes a module's state another file reads.
      { extends: true, test: { name: 'e2e', include: E2E, isolate: false } },
    ],
  },
});
