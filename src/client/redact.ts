/** What a redacted secret looks like in reports, logs and curl lines. */
export const REDACTED = '***';

// Characters a bearer token is made of (RFC 6750 b64token without its trailing `=`): a short secret is masked only where it stands
// alone between other characters, so a one-letter key hides its own occurrences without hiding that letter
// inside every word of a report.
const TOKEN_CHAR = '[A-Za-z0-9._~+/-]';
const SHORT = 4;
const shortPatterns = new Map<string, RegExp>();

function shortPattern(secret: string): RegExp {
  let pattern = shortPatterns.get(secret);
  if (!pattern) {
    const escaped = secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    pattern = new RegExp(`(?<!${TOKEN_CHAR})${escaped}(?!${TOKEN_CHAR})`, 'g');
    if (shortPatterns.size > 64) shortPatterns.clear();
    shortPatterns.set(secret, pattern);
  }
  pattern.lastIndex = 0;
  return pattern;
}

/**
 * Whether a text holds a secret: anywhere for a secret of 4 characters or more; for a shorter one (an API key is a
 * secret at any length), where it stands as a token of its own (`Bearer k`, `"k"`), not inside a longer word.
 */
export function holdsSecret(text: string, secret: string): boolean {
  if (secret.length === 0 || !text.includes(secret)) return false;
  return secret.length >= SHORT || shortPattern(secret).test(text);
}

/**
 * Replaces every occurrence of each secret in a string (see {@link holdsSecret}: a secret under 4 characters is
 * replaced where it stands as a token of its own).
 */
export function redactText(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) {
    if (secret.length === 0 || !result.includes(secret)) continue;
    result =
      secret.length >= SHORT ? result.split(secret).join(REDACTED) : result.replace(shortPattern(secret), REDACTED);
  }
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

/** Whether a header carries a credential whatever its value: `Authorization`, or an `X-DashScope-*` key or token. */
export function isSecretHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return lower === 'authorization' || /^x-dashscope-.*(key|token|secret)/.test(lower);
}

/** A credential header's value masked at any length: the scheme kept (`Bearer ***`), the rest hidden. */
export function maskCredential(value: string): string {
  const scheme = /^(\S+)\s+\S/.exec(value);
  return scheme ? `${scheme[1]} ${REDACTED}` : REDACTED;
}

/** Headers as a plain object with credential headers masked (`Bearer ***`) and secrets removed from the rest. */
export function redactHeaders(headers: Record<string, string>, secrets: readonly string[]): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers))
    result[name] = isSecretHeader(name) ? maskCredential(value) : redactText(value, secrets);
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
    // The configured key becomes $WAN_API_KEY (a second account's $WAN_API_KEY_2), at any length; the wrong-key
    // case's fixed key, a known non-secret, is shown as sent; any other credential header is masked.
    const secret = isSecretHeader(name) ? secrets.findIndex((s) => holdsSecret(value, s)) : -1;
    if (secret !== -1) {
      const variable = `$WAN_API_KEY${secret === 0 ? '' : '_2'}`;
      const scheme = /^(\S+)\s+\S/.exec(value)?.[1];
      parts.push('-H', `"${name}: ${scheme ? `${scheme} ` : ''}${variable}"`);
    } else parts.push('-H', shellQuote(`${name}: ${redactText(value, secrets)}`));
  }
  if (body !== undefined) parts.push('--data-raw', shellQuote(redactText(body, secrets)));
  return parts.join(' ');
}

/** {@link redactValue}, skipping the deep copy when the value's JSON holds no secret (the common case). */
export function scrub<T>(value: T, secrets: readonly string[]): T {
  const live = secrets.filter((s) => s.length > 0);
  if (live.length === 0) return value;
  const text = JSON.stringify(value) ?? '';
  return live.some((secret) => holdsSecret(text, secret)) ? redactValue(value, live) : value;
}
