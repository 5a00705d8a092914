import { readdirSync, readFileSync } from 'node:fs';
import type { ValidateFunction } from 'ajv';
import { parse } from 'yaml';
import { packageFile } from '../contract/files.js';
import { compiled } from '../validate/ajv.js';
import { toIssues } from '../validate/messages.js';
import { CaseDefinition } from './case.js';

/** The folder of the shipped cases. */
export const CASES_DIR = packageFile('conformance/cases');

/** A case with the file it came from. */
export type LoadedCase = CaseDefinition & { readonly file: string };

/** A case file that does not match the case schema. */
export class CaseFileError extends Error {
  override readonly name = 'CaseFileError';
}

const cache = new Map<string, ValidateFunction>();
let loaded: { dir: string; cases: LoadedCase[] } | undefined;

/** Reads and checks every `*.yaml` case file of a folder (default: the shipped corpus), sorted by file then order. */
export function loadCases(dir: string = CASES_DIR): LoadedCase[] {
  if (loaded?.dir === dir) return loaded.cases;
  const validate = compiled<CaseDefinition>(cache, 'case', () => CaseDefinition);
  const cases: LoadedCase[] = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()) {
    const data: unknown = parse(readFileSync(`${dir}/${file}`, 'utf8'));
    if (!Array.isArray(data)) throw new CaseFileError(`${file}: a case file holds a list of cases`);
    data.forEach((item, index) => {
      if (!validate(item)) {
        const issue = toIssues(validate.errors ?? [], item, '')[0];
        throw new CaseFileError(
          `${file}, case ${index + 1}: ${issue ? `${issue.path || 'case'}: ${issue.message}` : 'invalid case'}`,
        );
      }
      cases.push({ ...item, file });
    });
  }
  loaded = { dir, cases };
  return cases;
}
