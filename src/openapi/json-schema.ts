import type { TSchema } from '@sinclair/typebox';

/** A TypeBox schema as plain JSON Schema: TypeBox's symbol keys and `$id` dropped, a fresh copy. */
export function plain(schema: TSchema | Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(schema, (key, value: unknown) => (key === '$id' ? undefined : value))) as Record<
    string,
    unknown
  >;
}

/** A `$ref` to a component schema. */
export function ref(name: string): { $ref: string } {
  return { $ref: `#/components/schemas/${name}` };
}
