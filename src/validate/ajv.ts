import { createHash } from 'node:crypto';
import { Ajv, type Options, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { TSchema } from '@sinclair/typebox';
import * as PRECOMPILED from './precompiled.js';

// ajv-formats is CommonJS; under NodeNext its default export arrives wrapped.
type AddFormats = (ajv: Ajv, formats: string[]) => Ajv;
const addFormats = ((addFormatsModule as unknown as { default?: AddFormats }).default ??
  addFormatsModule) as unknown as AddFormats;

let shared: Ajv | undefined;

/** The options of the package's ajv: all errors, OpenAPI discriminators (the build compiles ahead with the same). */
const AJV_OPTIONS: Options = {
  allErrors: true,
  strict: true,
  strictTypes: false,
  strictRequired: false,
  discriminator: true,
  allowUnionTypes: true,
  validateSchema: false,
  verbose: true,
  multipleOfPrecision: 9,
};

/** The formats the schemas use (from ajv-formats). */
const AJV_FORMATS = ['uri'];

/** A new ajv with the package's {@link AJV_OPTIONS} (and `options` over them) and {@link AJV_FORMATS}. */
export function createAjv(options: Options = {}): Ajv {
  const instance = new Ajv({ ...AJV_OPTIONS, ...options });
  addFormats(instance, AJV_FORMATS);
  return instance;
}

/** The package's one ajv instance. */
export function ajv(): Ajv {
  return (shared ??= createAjv());
}

/**
 * The name under which the build compiles a schema ahead of time (scripts/bundle.mjs): a digest of its JSON, so a
 * validator compiled ahead is used only for the very schema it was compiled from.
 */
export function precompiledName(schema: TSchema): string {
  return `v${createHash('sha256').update(JSON.stringify(schema)).digest('hex').slice(0, 32)}`;
}

const ahead = PRECOMPILED as Readonly<Record<string, (() => ValidateFunction) | undefined>>;
// From the sources (tsx, vitest) the module is empty: no schema is digested for nothing.
const anyAhead = Object.keys(ahead).length > 0;
let compiledHere = 0;

/** How many validators this process compiled itself, rather than taking them compiled ahead by the build. */
export function validatorsCompiledHere(): number {
  return compiledHere;
}

/**
 * A TypeBox schema's validator, once per key: the one the build compiled ahead (ajv's standalone code, in the
 * compiled package), or else compiled now. Compiling is most of a short command's CPU (0.3 s of `evidence`'s 0.8 s).
 */
export function compiled<T>(
  cache: Map<string, ValidateFunction>,
  key: string,
  build: () => TSchema,
): ValidateFunction<T> {
  let fn = cache.get(key);
  if (!fn) {
    const schema = build();
    fn = anyAhead ? ahead[precompiledName(schema)]?.() : undefined;
    if (!fn) {
      compiledHere += 1;
      fn = ajv().compile(schema);
    }
    cache.set(key, fn);
  }
  return fn as ValidateFunction<T>;
}
