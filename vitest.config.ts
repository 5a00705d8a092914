import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = fileURLToPath(new URL('./src/', import.meta.url));

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
    include: ['test/**/*.test.ts'],
    // Many tests spawn the built CLI or a server; on a shared 2-core machine one such test can take over 30 s.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
