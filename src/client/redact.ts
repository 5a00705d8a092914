/** What a redacted secret looks like in reports, logs and curl lines. */
export const REDACTED = '***';

/** Replaces every occurrence of each secret in a string. Secrets shorter than 4 characters are not searched for. */
export function redactText(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets)
    if (secret.length >= 4 && result.includes(secret)) result = result.split(secret).join(REDACTED);
  return result;
}

/** A deep copy of a JSON-like value with every secret removed from every string (keys included). */
export function redactValue<T>(value: T, secrets: readonly string[]): T {
  if (secrets.length === 0) return value;
  const walk = (node: unknown, depth: number): unknown => {
    if (typeof node === 'string') return redactText(node, secrets);
    if (node === null || typeof node !== 'object' || depth > 64) return node;
    if (Array.isArray(node)) return node.map((item) => walk(item, depth + 1));
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(node)) copy[redactText(key, secrets)] = walk(item, depth + 1);
    return copy;
  };
  return walk(value, 0) as T;
}

/** Headers as a plain object with `Authorization` masked (`Bearer ***`) and secrets removed from the rest. */
export function redactHeaders(headers: Record<string, string>, secrets: readonly string[]): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    result[name] =
      name.toLowerCase() === 'authorization'
        ? value.replace(/^(\S+\s+).*$/, `$1${REDACTED}`)
        : redactText(value, secrets);
  }
  return result;
}

const shellQuote = (text: string): string => `'${text.replace(/'/g, `'\\''`)}'`;

/**
 * A curl line that reproduces a request; the key is written as `$WAN_API_KEY` (the first secret) or
 * `$WAN_API_KEY_2` (another one, a second account's), never as itself.
 */
export function curlOf(
  method: string,
  url: string,
  headers: Record<string, string>,
  body: string | undefined,
  secrets: readonly string[],
): string {
  const parts = ['curl', '-sS', '-X', method, shellQuote(redactText(url, secrets))];
  for (const [name, value] of Object.entries(headers)) {
    // The configured key becomes $WAN_API_KEY; any other value (no key, the wrong-key case's fixed key) is shown as sent.
    const secret =
      name.toLowerCase() === 'authorization' ? secrets.findIndex((s) => s.length >= 4 && value.includes(s)) : -1;
    if (secret !== -1) parts.push('-H', `"${name}: Bearer $WAN_API_KEY${secret === 0 ? '' : '_2'}"`);
    else parts.push('-H', shellQuote(`${name}: ${redactText(value, secrets)}`));
  }
  if (body !== undefined) parts.push('--data-raw', shellQuote(redactText(body, secrets)));
  return parts.join(' ');
}

/** {@link redactValue}, skipping the deep copy when the value's JSON holds no secret (the common case). */
export function scrub<T>(value: T, secrets: readonly string[]): T {
  const live = secrets.filter((s) => s.length >= 4);
  if (live.length === 0) return value;
  const text = JSON.stringify(value) ?? '';
  return live.some((secret) => text.includes(secret)) ? redactValue(value, live) : value;
}
