import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { TSchema } from '@sinclair/typebox';

// ajv-formats is CommonJS; under NodeNext its default export arrives wrapped.
type AddFormats = (ajv: Ajv, formats: string[]) => Ajv;
const addFormats = ((addFormatsModule as unknown as { default?: AddFormats }).default ??
  addFormatsModule) as unknown as AddFormats;

let shared: Ajv | undefined;

/** The package's one ajv instance: all errors, OpenAPI discriminators, the `uri` format. */
export function ajv(): Ajv {
  if (!shared) {
    shared = new Ajv({
      allErrors: true,
      strict: true,
      strictTypes: false,
      strictRequired: false,
      discriminator: true,
      allowUnionTypes: true,
      validateSchema: false,
      verbose: true,
      multipleOfPrecision: 9,
    });
    addFormats(shared, ['uri']);
  }
  return shared;
}

/** Compiles a TypeBox schema once per key. */
export function compiled<T>(
  cache: Map<string, ValidateFunction>,
  key: string,
  build: () => TSchema,
): ValidateFunction<T> {
  let fn = cache.get(key);
  if (!fn) {
    fn = ajv().compile(build());
    cache.set(key, fn);
  }
  return fn as ValidateFunction<T>;
}
