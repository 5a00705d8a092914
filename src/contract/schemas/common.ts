import { Type, type TSchema, type TUnsafe } from '@sinclair/typebox';

/** A closed set of values as one `enum` (clearer errors and OpenAPI than an anyOf of constants). */
export function Enum<const T extends readonly (string | number)[]>(
  values: T,
  options: Record<string, unknown> = {},
): TUnsafe<T[number]> {
  const type = values.every((v) => typeof v === 'number')
    ? values.every(Number.isInteger)
      ? 'integer'
      : 'number'
    : 'string';
  return Type.Unsafe<T[number]>({ type, enum: [...values], ...options });
}

/** A `oneOf` with an OpenAPI discriminator; ajv checks it with its `discriminator` option. */
export function DiscriminatedUnion<T extends TSchema>(
  propertyName: string,
  branches: TSchema[],
  options: Record<string, unknown> = {},
): TUnsafe<T['static']> {
  return Type.Unsafe<T['static']>({ oneOf: branches, discriminator: { propertyName }, ...options });
}

/** Image, audio and video inputs: http(s) URLs, `oss://` URLs or `data:` URIs (official API references). */
export const MEDIA_URL_PATTERN = '^(https?://|oss://|data:)';

/** Task time fields: `YYYY-MM-DD HH:mm:ss.SSS`, no zone (Beijing time upstream). */
export const TIME_PATTERN = '^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}(\\.\\d{1,6})?$';

/** A media URL field. */
export function MediaUrl(description: string) {
  return Type.String({ minLength: 1, pattern: MEDIA_URL_PATTERN, description });
}

/** The largest seed the official API accepts. */
export const MAX_SEED = 2147483647;

/** The longest negative prompt the official API accepts. */
export const MAX_NEGATIVE_PROMPT = 500;
