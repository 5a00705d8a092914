import { parse } from 'yaml';
import { MODELS, type InputField, type ModelId } from '../../contract/models.js';
import type { ProfileId } from '../../contract/profiles.js';
import { FETCHED_URL_PATTERN, INLINE_IMAGE_URL_PATTERN, MEDIA_URL_PATTERNS } from '../../contract/schemas/common.js';
import { INPUT_MEDIA } from '../../contract/schemas/submit.js';
import { listAlternatives } from '../../pricing/errors.js';
import { DEFAULT_INPUTS, validRequest, type SampleInputs } from './requests.js';

/** An inputs file that is not a mapping of input fields to usable values; the message says what to change. */
export class InputsFileError extends Error {
  override readonly name = 'InputsFileError';
}

const FIELDS = Object.keys(INPUT_MEDIA) as InputField[];
const PATTERN = { 'inline-image': INLINE_IMAGE_URL_PATTERN, fetched: FETCHED_URL_PATTERN } as const;

/**
 * Reads an inputs file: a YAML mapping of input fields to the values a run sends instead of the defaults, e.g.
 * `audio_url: https://bucket.example/voice.mp3`. Each value must be what its field takes (an audio URL is http(s) or
 * oss://, never data:). Throws {@link InputsFileError}.
 * @example parseInputs('audio_url: https://cdn.test/voice.mp3\n') // { audio_url: 'https://cdn.test/voice.mp3' }
 */
export function parseInputs(text: string): Partial<Record<InputField, string>> {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (error) {
    throw new InputsFileError(`not YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc))
    throw new InputsFileError('expected a mapping of input fields to values, e.g. "audio_url: https://…/voice.mp3"');
  const inputs: Partial<Record<InputField, string>> = {};
  for (const [key, value] of Object.entries(doc)) {
    if (!(FIELDS as string[]).includes(key))
      throw new InputsFileError(`${key}: not an input field; expected ${listAlternatives(FIELDS)}`);
    const field = key as InputField;
    if (typeof value !== 'string' || value === '')
      throw new InputsFileError(`${field}: expected a non-empty string, received ${JSON.stringify(value)}`);
    const media = INPUT_MEDIA[field];
    if (media !== 'text' && !new RegExp(PATTERN[media]).test(value))
      throw new InputsFileError(
        `${field}: expected ${MEDIA_URL_PATTERNS[PATTERN[media]]}, received ${JSON.stringify(value.slice(0, 80))}`,
      );
    inputs[field] = value;
  }
  return inputs;
}

/** The default inputs with the file's values over them. */
export function withInputs(overrides: Partial<Record<InputField, string>>): SampleInputs {
  return { ...DEFAULT_INPUTS, ...overrides };
}

/** Names reserved for documentation and tests (RFC 2606, RFC 6761): no server anywhere can fetch them. */
const RESERVED = /(^|\.)(example\.(com|net|org)|example|invalid|test|localhost)$/i;

/** True for a URL only a placeholder: its host is a name reserved for examples, so no upstream can fetch it. */
export function isPlaceholderUrl(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  return (url.protocol === 'http:' || url.protocol === 'https:') && RESERVED.test(url.hostname);
}

/** True for a base URL on this machine (127.0.0.0/8, ::1, localhost): a local gateway or mock, which may fake fetches. */
export function isLoopbackUrl(baseUrl: string): boolean {
  if (!URL.canParse(baseUrl)) return false;
  const host = new URL(baseUrl).hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/** One placeholder a run would send. */
export interface PlaceholderInput {
  readonly field: InputField;
  readonly models: readonly ModelId[];
  readonly value: string;
}

/**
 * The placeholder URLs the valid requests of these models would carry: inputs a public upstream cannot fetch, so
 * every task that sends one fails and proves nothing. Empty when every input is reachable.
 */
export function placeholderInputs(
  profile: ProfileId,
  models: readonly ModelId[],
  inputs: SampleInputs = DEFAULT_INPUTS,
): PlaceholderInput[] {
  const found = new Map<InputField, { value: string; models: ModelId[] }>();
  for (const model of models) {
    const request = validRequest(profile, model, MODELS[model].defaultResolution, inputs) as {
      input: Record<string, unknown>;
    };
    for (const [key, value] of Object.entries(request.input)) {
      if (typeof value !== 'string' || !isPlaceholderUrl(value)) continue;
      const entry = found.get(key as InputField) ?? { value, models: [] };
      entry.models.push(model);
      found.set(key as InputField, entry);
    }
  }
  return [...found].map(([field, { value, models: m }]) => ({ field, models: m, value }));
}
