import { createHash } from 'node:crypto';

/**
 * Large inputs (a data URL of an image, a long prompt) are kept and logged as a digest with their length, so what a
 * logger holds per task is bounded in bytes and its log holds no image. The digest names the form of what it
 * replaced (`data:image/png;base64` or `text`), so a reader can still check the request's shape (see
 * {@link standInFor}).
 */
export const DIGEST_PREFIX = 'sha256:';

/** Strings longer than this many characters are kept as a digest (a prompt's limit is 800 to 2,000 characters). */
export const DIGEST_OVER_CHARS = 4_096;

const DIGEST = /^sha256:([0-9a-f]{64});length=(\d+);of=(text|data:[A-Za-z0-9.+/-]+;base64)$/;

/** The digest of one string: `sha256:<hex>;length=<n>;of=<form>`. */
export function digestOf(text: string): string {
  const data = /^(data:[A-Za-z0-9.+/-]+;base64),/.exec(text.slice(0, 200));
  const hash = createHash('sha256').update(text).digest('hex');
  return `${DIGEST_PREFIX}${hash};length=${text.length};of=${data ? data[1] : 'text'}`;
}

/** A JSON value with every string longer than `overChars` replaced by its {@link digestOf}; the same value when none. */
export function digestLarge<T>(value: T, overChars = DIGEST_OVER_CHARS): T {
  const large = (text: string) => text.length > overChars;
  return someString(value, large, 0)
    ? (mapStrings(value, (text) => (large(text) ? digestOf(text) : text), 0) as T)
    : value;
}

/**
 * A value of the same form and length as the one a digest replaced (a tiny data URL of the same media type, a text
 * of the same length up to 100,000 characters), for checks of a request's shape; any other string as it is.
 */
export function standInFor(text: string): string {
  const match = DIGEST.exec(text);
  if (!match) return text;
  const form = match[3]!;
  return form === 'text' ? 'x'.repeat(Math.min(Number(match[2]), 100_000)) : `${form},AAAA`;
}

/** Whether some string of a JSON value (to 64 levels deep) passes `test`. */
function someString(node: unknown, test: (text: string) => boolean, depth: number): boolean {
  if (typeof node === 'string') return test(node);
  if (node === null || typeof node !== 'object' || depth > 64) return false;
  for (const item of Array.isArray(node) ? node : Object.values(node))
    if (someString(item, test, depth + 1)) return true;
  return false;
}

/** A copy of a JSON value (to 64 levels deep) with every string mapped by `map`. */
function mapStrings(node: unknown, map: (text: string) => string, depth: number): unknown {
  if (typeof node === 'string') return map(node);
  if (node === null || typeof node !== 'object' || depth > 64) return node;
  if (Array.isArray(node)) return node.map((item) => mapStrings(item, map, depth + 1));
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(node)) copy[key] = mapStrings(item, map, depth + 1);
  return copy;
}

const isDigest = (text: string) => text.startsWith(DIGEST_PREFIX);

/** A JSON value with every digest replaced by its {@link standInFor}; the same value (no copy) when it holds none. */
export function withStandIns<T>(value: T): T {
  return someString(value, isDigest, 0)
    ? (mapStrings(value, (text) => (isDigest(text) ? standInFor(text) : text), 0) as T)
    : value;
}
