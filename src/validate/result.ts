/** One problem found in a body: where, what kind, and a sentence a person can act on. */
export interface ValidationIssue {
  /** Dotted path of the field: `parameters.resolution`; empty for the body itself. */
  readonly path: string;
  /** Machine-readable kind: `required`, `enum`, `type`, `unknown-model`, `conflict`, … */
  readonly code: string;
  /** What was expected and what arrived. */
  readonly message: string;
  readonly expected?: string;
  readonly received?: string;
}

/** The outcome of a validation: the typed value, or the issues. Validators never throw. */
export type ValidationResult<T> =
  | { readonly ok: true; readonly value: T; readonly warnings: readonly ValidationIssue[] }
  | { readonly ok: false; readonly errors: readonly ValidationIssue[]; readonly warnings: readonly ValidationIssue[] };

/** A short, safe description of any value for an error message (never the whole of a huge value). */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length} item${value.length === 1 ? '' : 's'}`;
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string')
    return value.length > 80
      ? `${JSON.stringify(value.slice(0, 60))}… (${value.length} characters)`
      : JSON.stringify(value);
  return String(value);
}

/** A JSON pointer (`/parameters/resolution`) as a dotted path (`parameters.resolution`). */
export function dottedPath(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.');
}
