import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { TSchema } from '@sinclair/typebox';
import { Type } from '@sinclair/typebox';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { beforeAll, describe, expect, test } from 'vitest';
import { MODELS, modelsOfProfile } from '../../src/contract/models.js';
import { PROFILE_IDS } from '../../src/contract/profiles.js';
import { taskRecord } from '../evidence/records.js';

// The validators the build compiles ahead (scripts/bundle.mjs → dist/validate/precompiled.js) against the ones ajv
// compiles at run time from the same schemas: the same verdict and the same errors, and every validator the
// compiled package uses comes from the build. Needs the build (`npm test` builds first).
const ROOT = new URL('../../', import.meta.url).pathname;
const load = <T>(path: string) => import(pathToFileURL(join(ROOT, path)).href) as Promise<T>;

interface AjvModule {
  createAjv(): { compile(schema: TSchema): ValidateFunction };
  precompiledName(schema: TSchema): string;
  validatorsCompiledHere(): number;
  compiled(cache: Map<string, ValidateFunction>, key: string, build: () => TSchema): ValidateFunction;
}

let built: AjvModule;
let ahead: Record<string, () => ValidateFunction>;
let schemas: TSchema[];

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist/validate/precompiled.js')))
    execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'ignore' });
  built = await load<AjvModule>('dist/validate/ajv.js');
  ahead = await load<Record<string, () => ValidateFunction>>('dist/validate/precompiled.js');
  schemas = await (
    await load<{ validatorSchemas(): Promise<TSchema[]> }>('scripts/validator-schemas.mjs')
  ).validatorSchemas();
}, 120_000);

/** What a validator says of a value: its verdict and each error, without the schema objects it points at. */
function verdict(validate: ValidateFunction, value: unknown) {
  const ok = validate(value);
  const errors = (validate.errors ?? []).map(
    ({ instancePath, schemaPath, keyword, params, message, data }: ErrorObject) => ({
      instancePath,
      schemaPath,
      keyword,
      params,
      message,
      data,
    }),
  );
  return { ok, errors };
}

/** Values that reach into a schema: nothing, wrong types at the top, and a valid value broken field by field. */
function probes(valid: Record<string, unknown> | undefined): unknown[] {
  const out: unknown[] = [undefined, null, 0, 'text', [], {}, { model: 42, input: 'x', parameters: [] }];
  if (!valid) return out;
  out.push(valid);
  for (const [key, value] of Object.entries(valid)) {
    out.push({ ...valid, [key]: undefined }, { ...valid, [key]: 7 }, { ...valid, extra: true });
    if (value && typeof value === 'object' && !Array.isArray(value))
      for (const inner of Object.keys(value)) out.push({ ...valid, [key]: { ...value, [inner]: null } });
  }
  return out;
}

describe('the validators compiled ahead by the build', () => {
  test('cover every schema the package validates with, each under the digest of its schema', () => {
    expect(schemas.length).toBeGreaterThan(30);
    for (const schema of schemas) expect(typeof ahead[built.precompiledName(schema)]).toBe('function');
  });

  test('give the verdict and the errors of the validator ajv compiles at run time, on every schema', async () => {
    const { exampleRequest } = await import('../../src/contract/examples.js');
    const requests = PROFILE_IDS.flatMap((profile) =>
      modelsOfProfile(profile).map((model) => exampleRequest(model, profile) as Record<string, unknown>),
    );
    const record = JSON.parse(JSON.stringify(taskRecord({ model: Object.keys(MODELS)[0] as never, index: 7 })));
    let compared = 0;
    for (const schema of schemas) {
      const precompiled = ahead[built.precompiledName(schema)]!();
      const here = built.createAjv().compile(schema);
      for (const valid of [undefined, record, ...requests])
        for (const value of probes(valid)) {
          expect(verdict(precompiled, value)).toEqual(verdict(here, value));
          compared += 1;
        }
    }
    expect(compared).toBeGreaterThan(10_000);
  }, 120_000);

  test('are what the compiled package validates with; a schema the build did not see is compiled at run time', async () => {
    const submit = await load<{ validateSubmitRequest(body: unknown, options: object): { ok: boolean } }>(
      'dist/validate/submit.js',
    );
    const task = await load<{ validateTaskResponse(body: unknown, options: object): { ok: boolean } }>(
      'dist/validate/task.js',
    );
    const record = await load<{ parseLogLine(text: string): { kind: string } }>('dist/evidence/record.js');
    const { exampleRequest } = await import('../../src/contract/examples.js');
    const before = built.validatorsCompiledHere();
    for (const profile of PROFILE_IDS) {
      for (const model of modelsOfProfile(profile))
        expect(submit.validateSubmitRequest(exampleRequest(model, profile), { profile }).ok).toBe(true);
      expect(task.validateTaskResponse({ output: {} }, { profile }).ok).toBe(false);
    }
    expect(record.parseLogLine(JSON.stringify(taskRecord({ model: 'wan2.2-t2v-plus', index: 1 }))).kind).toBe('record');
    expect(built.validatorsCompiledHere()).toBe(before);
    const unseen = built.compiled(new Map(), 'unseen', () => Type.Object({ unseen: Type.String() }));
    expect(unseen({ unseen: 'yes' })).toBe(true);
    expect(unseen({ unseen: 1 })).toBe(false);
    expect(built.validatorsCompiledHere()).toBe(before + 1);
  });
});
