import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { CASES_DIR, casesFromPrebuilt, loadCases, prebuiltCasesText } from '../../src/rules/load.js';

// The compiled package reads the shipped cases as the build checked them (dist/rules/cases.json) while the case
// files are the ones they were built from; any edit of a file sends it back to the files.
describe('the prebuilt case catalogue', () => {
  const text = prebuiltCasesText();

  test('holds every shipped case, as read from the files', () => {
    expect(casesFromPrebuilt(text)).toEqual(loadCases());
    expect(loadCases().length).toBeGreaterThan(20);
  });

  test('is refused when a case file changed, was added or is gone', () => {
    const copy = (edit: (dir: string) => void) => {
      const dir = mkdtempSync(join(tmpdir(), 'wan-cases-'));
      cpSync(CASES_DIR, dir, { recursive: true });
      edit(dir);
      return dir;
    };
    expect(
      casesFromPrebuilt(
        text,
        copy(() => undefined),
      ),
    ).toEqual(loadCases());
    const first = loadCases()[0]!.file;
    const edited = copy((dir) => {
      const file = join(dir, first);
      writeFileSync(file, readFileSync(file, 'utf8').replace(/MUST/, 'SHOULD'));
    });
    expect(casesFromPrebuilt(text, edited)).toBeUndefined();
    const added = copy((dir) => writeFileSync(join(dir, 'zz-extra.yaml'), '[]\n'));
    expect(casesFromPrebuilt(text, added)).toBeUndefined();
  });

  test('is refused when it is not a prebuilt catalogue', () => {
    expect(casesFromPrebuilt('not json')).toBeUndefined();
    expect(casesFromPrebuilt('null')).toBeUndefined();
    expect(casesFromPrebuilt(JSON.stringify({ digest: 'x', cases: [] }))).toBeUndefined();
  });
});
