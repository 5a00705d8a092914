import type { ErrorObject } from 'ajv';
import { listAlternatives } from '../pricing/errors.js';
import { MEDIA_URL_PATTERNS } from '../contract/schemas/common.js';
import { describeValue, dottedPath, type ValidationIssue } from './result.js';

/** How a field is named in a message: `parameters.*` by its own name (as the page does), others in full. */
export function fieldLabel(path: string): string {
  if (path === '') return 'the body';
  return path.startsWith('parameters.') ? path.slice('parameters.'.length) : path;
}

function valueAt(root: unknown, path: string): unknown {
  let node = root;
  for (const part of path === '' ? [] : path.split('.')) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, part)) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

const TYPE_WORDS: Record<string, string> = {
  object: 'an object',
  string: 'a string',
  integer: 'an integer',
  number: 'a number',
  boolean: 'true or false',
  array: 'an array',
};

/** Turns ajv's errors into issues, each a sentence prefixed with `prefix` (the model id, when known). */
export function toIssues(errors: readonly ErrorObject[], data: unknown, prefix: string): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    // Branch failures of an anyOf are summed up by the anyOf error itself.
    if (error.schemaPath.includes('/anyOf/')) continue;
    const issue = toIssue(error, data, prefix);
    if (!issue) continue;
    const key = `${issue.path}|${issue.code}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push(issue);
  }
  return issues;
}

/** What the message of one ajv error is made from. */
interface IssueInput {
  readonly error: ErrorObject;
  readonly data: unknown;
  /** The dotted path of the value, its label in a message, the value and how a message shows it. */
  readonly at: string;
  readonly label: string;
  readonly value: unknown;
  readonly received: string;
  readonly p: Record<string, unknown>;
  readonly say: (
    code: string,
    path: string,
    expected: string,
    sentence: string,
    got?: string | null,
  ) => ValidationIssue;
}

type IssueOf = (input: IssueInput) => ValidationIssue;

const lengthIssue: IssueOf = ({ error, at, label, value, p, say }) => {
  const limit = Number(p.limit);
  const length = typeof value === 'string' ? value.length : 0;
  const expected =
    error.keyword === 'maxLength'
      ? `at most ${limit} characters`
      : limit === 1
        ? 'not empty'
        : `at least ${limit} characters`;
  return say(error.keyword, at, expected, `${label} must be ${expected}, received ${length} characters`);
};

const rangeIssue: IssueOf = ({ at, label, received, p, say }) => {
  const expected = `${String(p.comparison)} ${String(p.limit)}`;
  return say('range', at, expected, `${label} must be ${expected}, received ${received}`);
};

const discriminatorIssue: IssueOf = ({ error, data, at, p, say }) => {
  const tag = String(p.tag);
  const path = at === '' ? tag : `${at}.${tag}`;
  const branches =
    (error.parentSchema as { oneOf?: { properties?: Record<string, { const?: unknown }> }[] } | undefined)?.oneOf ?? [];
  const allowed = branches
    .map((b) => b.properties?.[tag]?.const)
    .filter((v) => v !== undefined)
    .map(String);
  const got = describeValue(valueAt(data, path));
  return say(
    'enum',
    path,
    allowed.join(', '),
    `${fieldLabel(path)} must be ${listAlternatives(allowed)}, received ${got}`,
    got,
  );
};

const shapeIssue: IssueOf = ({ error, at, label, say }) => {
  const wanted =
    (error.parentSchema as { description?: string } | undefined)?.description ?? 'one of the allowed shapes';
  return say(error.keyword, at, wanted, `${label} must have ${wanted}`);
};

/** The message of each ajv keyword; a keyword not listed gets ajv's own words. */
const ISSUES: Record<string, IssueOf> = {
  required: ({ at, p, say }) => {
    const path = at === '' ? String(p.missingProperty) : `${at}.${String(p.missingProperty)}`;
    return say('required', path, 'present', `${fieldLabel(path)} is required`, null);
  },
  enum: ({ at, label, received, p, say }) => {
    const allowed = (p.allowedValues as unknown[]).map(String);
    return say('enum', at, allowed.join(', '), `${label} must be ${listAlternatives(allowed)}, received ${received}`);
  },
  const: ({ at, label, received, p, say }) =>
    say(
      'const',
      at,
      String(p.allowedValue),
      `${label} must be ${JSON.stringify(p.allowedValue)}, received ${received}`,
    ),
  type: ({ at, label, value, received, p, say }) => {
    const expected = String(p.type)
      .split(',')
      .map((t) => TYPE_WORDS[t] ?? t)
      .join(' or ');
    return say(
      'type',
      at,
      expected,
      `${label} must be ${expected}, received ${typeName(value)}${typeof value === 'object' ? '' : ` ${received}`}`,
    );
  },
  maxLength: lengthIssue,
  minLength: lengthIssue,
  minimum: rangeIssue,
  maximum: rangeIssue,
  exclusiveMinimum: rangeIssue,
  exclusiveMaximum: rangeIssue,
  multipleOf: ({ at, label, received, p, say }) => {
    const decimals = String(p.multipleOf).split('.')[1]?.length ?? 0;
    const expected =
      decimals === 0 ? `a multiple of ${String(p.multipleOf)}` : `a number with at most ${decimals} decimals`;
    return say('multipleOf', at, expected, `${label} must be ${expected}, received ${received}`);
  },
  pattern: ({ at, label, received, p, say }) => {
    const expected = MEDIA_URL_PATTERNS[String(p.pattern)] ?? `text matching ${String(p.pattern)}`;
    return say('pattern', at, expected, `${label} must be ${expected}, received ${received}`);
  },
  format: ({ at, label, received, p, say }) =>
    say(
      'format',
      at,
      `a ${String(p.format)}`,
      `${label} must be an absolute ${String(p.format).toUpperCase()}, received ${received}`,
    ),
  discriminator: discriminatorIssue,
  anyOf: shapeIssue,
  oneOf: shapeIssue,
};

function toIssue(error: ErrorObject, data: unknown, prefix: string): ValidationIssue | undefined {
  const at = dottedPath(error.instancePath);
  const value = valueAt(data, at);
  const label = fieldLabel(at);
  const received = describeValue(value);
  const say = (
    code: string,
    path: string,
    expected: string,
    sentence: string,
    got: string | null = received,
  ): ValidationIssue => ({
    path,
    code,
    message: `${prefix}${sentence}`,
    expected,
    ...(got === null ? {} : { received: got }),
  });
  const issueOf = Object.hasOwn(ISSUES, error.keyword) ? ISSUES[error.keyword] : undefined;
  if (issueOf)
    return issueOf({ error, data, at, label, value, received, p: error.params as Record<string, unknown>, say });
  return say(error.keyword, at, error.message ?? 'a valid value', `${label} ${error.message ?? 'is invalid'}`);
}
