/**
 * A focused breaking-change detector for the contract's OpenAPI 3.1 documents: it reports what would break a client
 * written against the previous document. Requests may only widen (the server keeps accepting what clients send);
 * responses may only keep or add what clients read.
 */

/** A kind of breaking change. */
export type BreakingCode =
  | 'path-removed'
  | 'operation-removed'
  | 'response-removed'
  | 'media-type-removed'
  | 'parameter-removed'
  | 'parameter-now-required'
  | 'request-body-now-required'
  | 'request-property-now-required'
  | 'request-property-removed'
  | 'request-enum-narrowed'
  | 'request-variant-removed'
  | 'request-constraint-narrowed'
  | 'response-property-removed'
  | 'response-property-now-optional'
  | 'response-enum-value-removed'
  | 'type-changed';

/** One breaking change: where (a readable location), what, and a message saying what was and what is. */
export interface BreakingChange {
  readonly code: BreakingCode;
  readonly location: string;
  readonly message: string;
}

type Json = Record<string, unknown>;
type Direction = 'request' | 'response';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]);
const show = (value: unknown): string => JSON.stringify(value);

/** Follows local `$ref`s (`#/components/...`) until a node without one. */
function deref(doc: Json, node: unknown, seen = new Set<string>()): unknown {
  if (!isObject(node) || typeof node.$ref !== 'string') return node;
  const ref = node.$ref;
  if (!ref.startsWith('#/') || seen.has(ref)) return node;
  seen.add(ref);
  let target: unknown = doc;
  for (const raw of ref.slice(2).split('/')) {
    const key = decodeURIComponent(raw).replaceAll('~1', '/').replaceAll('~0', '~');
    target = isObject(target) ? target[key] : undefined;
  }
  return deref(doc, target, seen);
}

/** Compares two documents and lists every change that breaks a client of `previous`. */
export function findBreakingChanges(previous: Json, current: Json): BreakingChange[] {
  const changes: BreakingChange[] = [];
  const add = (code: BreakingCode, location: string, message: string) => changes.push({ code, location, message });
  const before = isObject(previous.paths) ? previous.paths : {};
  const after = isObject(current.paths) ? current.paths : {};

  for (const [path, oldItemRaw] of Object.entries(before)) {
    const oldItem = deref(previous, oldItemRaw);
    const newItem = deref(current, after[path]);
    if (!isObject(oldItem)) continue;
    if (!isObject(newItem)) {
      add('path-removed', path, `path ${path} was removed`);
      continue;
    }
    for (const method of METHODS) {
      const oldOp = oldItem[method];
      if (!isObject(oldOp)) continue;
      const newOp = newItem[method];
      const where = `${method.toUpperCase()} ${path}`;
      if (!isObject(newOp)) {
        add(
          'operation-removed',
          where,
          `operation ${where}${oldOp.operationId ? ` (${String(oldOp.operationId)})` : ''} was removed`,
        );
        continue;
      }
      const schemas = new SchemaComparer(previous, current, add);
      compareParameters(
        previous,
        current,
        [...list(oldItem.parameters), ...list(oldOp.parameters)],
        [...list(newItem.parameters), ...list(newOp.parameters)],
        where,
        schemas,
        add,
      );
      compareRequestBody(previous, current, oldOp.requestBody, newOp.requestBody, where, schemas, add);
      compareResponses(previous, current, oldOp.responses, newOp.responses, where, schemas, add);
    }
  }
  return changes;
}

type Add = (code: BreakingCode, location: string, message: string) => void;

function compareParameters(
  previous: Json,
  current: Json,
  oldList: unknown[],
  newList: unknown[],
  where: string,
  schemas: SchemaComparer,
  add: Add,
): void {
  const key = (p: Json) => `${String(p.in)}:${String(p.name).toLowerCase()}`;
  const index = (doc: Json, items: unknown[]) =>
    new Map(
      items
        .map((p) => deref(doc, p))
        .filter(isObject)
        .map((p) => [key(p), p]),
    );
  const olds = index(previous, oldList);
  const news = index(current, newList);
  for (const [k, newParam] of news) {
    const oldParam = olds.get(k);
    const label = `${where} ${String(newParam.in)} parameter ${String(newParam.name)}`;
    if (newParam.required === true && oldParam?.required !== true)
      add('parameter-now-required', label, `${label} is now required${oldParam ? '' : ' (new)'}`);
    if (oldParam) schemas.compare(oldParam.schema, newParam.schema, 'request', label);
  }
  for (const [k, oldParam] of olds) {
    // A path parameter that disappears means the path changed, reported above; a response header is not a parameter.
    if (!news.has(k) && oldParam.in !== 'path')
      add(
        'parameter-removed',
        `${where} ${String(oldParam.in)} parameter ${String(oldParam.name)}`,
        `${where}: ${String(oldParam.in)} parameter ${String(oldParam.name)} was removed`,
      );
  }
}

function compareRequestBody(
  previous: Json,
  current: Json,
  oldRaw: unknown,
  newRaw: unknown,
  where: string,
  schemas: SchemaComparer,
  add: Add,
): void {
  const oldBody = deref(previous, oldRaw);
  const newBody = deref(current, newRaw);
  if (!isObject(newBody)) return;
  const label = `${where} request body`;
  if (newBody.required === true && (!isObject(oldBody) || oldBody.required !== true))
    add('request-body-now-required', label, `${label} is now required`);
  if (!isObject(oldBody)) return;
  compareContent(oldBody, newBody, 'request', label, schemas, add);
}

/** Every media type the old body or response had must still be there, with a compatible schema. */
function compareContent(
  oldOwner: Json,
  newOwner: Json,
  direction: 'request' | 'response',
  label: string,
  schemas: SchemaComparer,
  add: Add,
): void {
  const oldContent = isObject(oldOwner.content) ? oldOwner.content : {};
  const newContent = isObject(newOwner.content) ? newOwner.content : {};
  for (const [type, media] of Object.entries(oldContent)) {
    const next = newContent[type];
    if (!isObject(next))
      add(
        'media-type-removed',
        `${label} ${type}`,
        `${label} no longer ${direction === 'request' ? 'accepts' : 'answers'} ${type}`,
      );
    else if (isObject(media)) schemas.compare(media.schema, next.schema, direction, label);
  }
}

function compareResponses(
  previous: Json,
  current: Json,
  oldRaw: unknown,
  newRaw: unknown,
  where: string,
  schemas: SchemaComparer,
  add: Add,
): void {
  const olds = isObject(oldRaw) ? oldRaw : {};
  const news = isObject(newRaw) ? newRaw : {};
  for (const [status, oldResponseRaw] of Object.entries(olds)) {
    const label = `${where} response ${status}`;
    const oldResponse = deref(previous, oldResponseRaw);
    const newResponse = deref(current, news[status]);
    if (!isObject(newResponse)) {
      add('response-removed', label, `${label} was removed`);
      continue;
    }
    if (!isObject(oldResponse)) continue;
    compareContent(oldResponse, newResponse, 'response', label, schemas, add);
  }
}

/** Compares two schemas in one direction; remembers the pairs it has seen so recursive schemas end. */
class SchemaComparer {
  private readonly seen = new Set<string>();
  constructor(
    private readonly previous: Json,
    private readonly current: Json,
    private readonly add: Add,
  ) {}

  compare(oldRaw: unknown, newRaw: unknown, direction: Direction, location: string): void {
    const pairKey = `${direction}|${location}|${isObject(oldRaw) ? String(oldRaw.$ref ?? '') : ''}|${isObject(newRaw) ? String(newRaw.$ref ?? '') : ''}`;
    if (this.seen.has(pairKey) || location.length > 2000) return;
    this.seen.add(pairKey);
    const a = deref(this.previous, oldRaw);
    const b = deref(this.current, newRaw);
    if (!isObject(a) || !isObject(b)) return;
    this.types(a, b, direction, location);
    this.enums(a, b, direction, location);
    if (direction === 'request') this.constraints(a, b, location);
    this.properties(a, b, direction, location);
    if (a.items !== undefined && b.items !== undefined) this.compare(a.items, b.items, direction, `${location}[]`);
    for (const combinator of ['oneOf', 'anyOf'] as const) this.variants(a, b, combinator, direction, location);
    for (const [i, part] of list(a.allOf).entries()) this.compare(part, list(b.allOf)[i], direction, location);
  }

  private types(a: Json, b: Json, direction: Direction, location: string): void {
    if (a.type === undefined || b.type === undefined) return;
    const oldTypes = list(a.type).map(String);
    const newTypes = list(b.type).map(String);
    // Requests: every type clients could send stays accepted. Responses: no type clients have never seen appears.
    const broken =
      direction === 'request'
        ? oldTypes.some((t) => !newTypes.includes(t) && !(t === 'integer' && newTypes.includes('number')))
        : newTypes.some((t) => !oldTypes.includes(t) && !(t === 'integer' && oldTypes.includes('number')));
    if (broken)
      this.add(
        'type-changed',
        location,
        `${location}: type was ${oldTypes.join(' | ')}, is now ${newTypes.join(' | ')}`,
      );
  }

  private enums(a: Json, b: Json, direction: Direction, location: string): void {
    const values = (s: Json): unknown[] | undefined =>
      Array.isArray(s.enum) ? s.enum : 'const' in s ? [s.const] : undefined;
    const oldValues = values(a);
    const newValues = values(b);
    if (newValues === undefined) return;
    const has = (set: unknown[], v: unknown) => set.some((x) => show(x) === show(v));
    if (direction === 'request') {
      const lost = oldValues === undefined ? ['(any value)'] : oldValues.filter((v) => !has(newValues, v));
      if (lost.length > 0)
        this.add(
          'request-enum-narrowed',
          location,
          `${location}: no longer accepts ${lost.map((v) => (typeof v === 'string' && v.startsWith('(') ? v : show(v))).join(', ')}; accepts ${newValues.map(show).join(', ')}`,
        );
    } else if (oldValues !== undefined) {
      const lost = oldValues.filter((v) => !has(newValues, v));
      if (lost.length > 0)
        this.add(
          'response-enum-value-removed',
          location,
          `${location}: no longer answers ${lost.map(show).join(', ')}`,
        );
    }
  }

  private constraints(a: Json, b: Json, location: string): void {
    const tighter = (name: string, lower: boolean) => {
      const before = a[name];
      const after = b[name];
      if (typeof after !== 'number') return;
      if (typeof before !== 'number' || (lower ? after > before : after < before)) {
        this.add(
          'request-constraint-narrowed',
          location,
          `${location}: ${name} was ${before === undefined ? 'unset' : String(before)}, is now ${after}`,
        );
      }
    };
    for (const name of ['maxLength', 'maximum', 'exclusiveMaximum', 'maxItems']) tighter(name, false);
    for (const name of ['minLength', 'minimum', 'exclusiveMinimum', 'minItems']) tighter(name, true);
    if (typeof b.pattern === 'string' && b.pattern !== a.pattern)
      this.add(
        'request-constraint-narrowed',
        location,
        `${location}: pattern was ${show(a.pattern ?? null)}, is now ${show(b.pattern)}`,
      );
  }

  private properties(a: Json, b: Json, direction: Direction, location: string): void {
    const oldProps = isObject(a.properties) ? a.properties : {};
    const newProps = isObject(b.properties) ? b.properties : {};
    const oldRequired = list(a.required).map(String);
    const newRequired = list(b.required).map(String);
    for (const [name, oldProp] of Object.entries(oldProps)) {
      const at = `${location}.${name}`;
      if (!(name in newProps)) {
        if (direction === 'response') this.add('response-property-removed', at, `${at} was removed from the answer`);
        // Even where unknown fields are tolerated, a field the server stops reading silently loses its meaning.
        else
          this.add(
            'request-property-removed',
            at,
            `${at} is no longer ${b.additionalProperties === false ? 'accepted' : 'read'}`,
          );
        continue;
      }
      if (direction === 'response' && oldRequired.includes(name) && !newRequired.includes(name))
        this.add('response-property-now-optional', at, `${at} is no longer always present`);
      this.compare(oldProp, newProps[name], direction, at);
    }
    if (direction === 'request') {
      for (const name of newRequired) {
        if (!oldRequired.includes(name))
          this.add(
            'request-property-now-required',
            `${location}.${name}`,
            `${location}.${name} is now required${name in oldProps ? '' : ' (new)'}`,
          );
      }
    }
  }

  /** Pairs the variants of a union by discriminator value, else by `$ref`, else by position. */
  private variants(a: Json, b: Json, combinator: 'oneOf' | 'anyOf', direction: Direction, location: string): void {
    const oldList = list(a[combinator]);
    const newList = list(b[combinator]);
    if (oldList.length === 0 || newList.length === 0) return;
    const keyed = (s: Json, items: unknown[]): Map<string, unknown> => {
      const mapping =
        isObject(s.discriminator) && isObject(s.discriminator.mapping) ? s.discriminator.mapping : undefined;
      if (mapping) return new Map(Object.entries(mapping).map(([value, ref]) => [`=${value}`, { $ref: ref }]));
      return new Map(
        items.map((item, i) => [isObject(item) && typeof item.$ref === 'string' ? item.$ref : `#${i}`, item]),
      );
    };
    const olds = keyed(a, oldList);
    const news = keyed(b, newList);
    for (const [key, oldVariant] of olds) {
      const newVariant = news.get(key);
      const label = key.startsWith('=') ? `${location} (${key.slice(1)})` : location;
      if (newVariant === undefined) {
        // A request variant that disappears is a request clients can no longer send; a response variant that
        // disappears is a shape clients will no longer receive, which breaks nobody.
        if (direction === 'request')
          this.add(
            'request-variant-removed',
            label,
            `${label}: the variant ${key.startsWith('=') ? show(key.slice(1)) : key} is no longer accepted`,
          );
        continue;
      }
      this.compare(oldVariant, newVariant, direction, label);
    }
  }
}
