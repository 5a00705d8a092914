import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ValidateFunction } from 'ajv';
import { parse } from 'yaml';
import { packageFile, runsCompiled } from '../contract/files.js';
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

/**
 * The shipped cases as the build read and checked them (`npm run build` writes it, scripts/bundle.mjs), with the
 * digest of the case files they came from. The compiled package reads it instead of parsing and checking the YAML
 * again at each start, as long as the files' digest is the same; from the sources, the files are always read.
 */
export const PREBUILT_CASES = 'dist/rules/cases.json';

interface Prebuilt {
  readonly digest: string;
  readonly cases: LoadedCase[];
}

/** Reads and checks every `*.yaml` case file of a folder (default: the shipped corpus), sorted by file then order. */
export function loadCases(dir: string = CASES_DIR): LoadedCase[] {
  if (loaded?.dir === dir) return loaded.cases;
  const files = caseFiles(dir);
  const prebuilt = dir === CASES_DIR && runsCompiled() ? readPrebuilt(files) : undefined;
  const cases = prebuilt ?? checkCases(files);
  loaded = { dir, cases };
  return cases;
}

/** Writes the shipped cases, read and checked, with their files' digest, where the compiled package finds them. */
export function writePrebuiltCases(): string {
  const file = packageFile(PREBUILT_CASES);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, prebuiltCasesText());
  return file;
}

/** The cases of a folder, read and checked, with the digest of its files: the text of {@link PREBUILT_CASES}. */
export function prebuiltCasesText(dir: string = CASES_DIR): string {
  const files = caseFiles(dir);
  return JSON.stringify({ digest: digestOf(files), cases: checkCases(files) } satisfies Prebuilt);
}

/** The cases of a prebuilt text when it was built from exactly the files of the folder; otherwise undefined. */
export function casesFromPrebuilt(text: string, dir: string = CASES_DIR): LoadedCase[] | undefined {
  return fromPrebuilt(text, caseFiles(dir));
}

interface CaseFile {
  readonly name: string;
  readonly text: string;
}

function caseFiles(dir: string): CaseFile[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((name) => ({ name, text: readFileSync(`${dir}/${name}`, 'utf8') }));
}

function digestOf(files: readonly CaseFile[]): string {
  const sha = createHash('sha256');
  for (const { name, text } of files) sha.update(`${name}\0${text.length}\0${text}`);
  return sha.digest('hex');
}

function readPrebuilt(files: readonly CaseFile[]): LoadedCase[] | undefined {
  try {
    return fromPrebuilt(readFileSync(packageFile(PREBUILT_CASES), 'utf8'), files);
  } catch {
    return undefined;
  }
}

function fromPrebuilt(text: string, files: readonly CaseFile[]): LoadedCase[] | undefined {
  let prebuilt: Partial<Prebuilt> | null;
  try {
    prebuilt = JSON.parse(text) as Partial<Prebuilt> | null;
  } catch {
    return undefined;
  }
  return prebuilt?.digest === digestOf(files) && Array.isArray(prebuilt.cases) ? prebuilt.cases : undefined;
}

function checkCases(files: readonly CaseFile[]): LoadedCase[] {
  const validate = compiled<CaseDefinition>(cache, 'case', () => CaseDefinition);
  const cases: LoadedCase[] = [];
  for (const { name: file, text } of files) {
    const data: unknown = parse(text);
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
  return cases;
}
