import { vi } from 'vitest';

/*
 * Setup of the `unit` project (`npm run test:quick`): no test there starts a process. A file that does fails here,
 * naming the fix, instead of making the quick loop slow; move it to the E2E list in vitest.config.ts.
 */
vi.mock('node:child_process', () => {
  const refuse = (): never => {
    throw new Error('npm run test:quick starts no process: add this test file to E2E in vitest.config.ts');
  };
  const api = { spawn: refuse, spawnSync: refuse, exec: refuse, execSync: refuse, execFile: refuse, fork: refuse };
  return { ...api, execFileSync: refuse, default: { ...api, execFileSync: refuse } };
});
