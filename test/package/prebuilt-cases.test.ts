import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { packageFile } from '../../src/contract/files.js';
import { PREBUILT_CASES, prebuiltCasesText } from '../../src/rules/load.js';

// `npm test` builds before vitest: the catalogue the compiled package reads is the one the case files give now.
test('the build wrote the prebuilt case catalogue from the current case files', () => {
  if (!existsSync(packageFile(PREBUILT_CASES)))
    execFileSync('npm', ['run', 'build'], { cwd: packageFile('.'), stdio: 'ignore' });
  expect(readFileSync(packageFile(PREBUILT_CASES), 'utf8')).toBe(prebuiltCasesText());
});
