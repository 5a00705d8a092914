import { Type, type Static, type TSchema } from '@sinclair/typebox';
import {
  MODELS,
  resolutionsOf,
  type AnyInputField,
  type InputField,
  type ListInputField,
  type ModelEntry,
  type ModelId,
  type ResolutionOf,
} from '../models.js';
import { acceptsPromptExtend } from '../capabilities.js';
import { acceptsPageOnlyDuration, PROFILES, tierFieldsOf, type ProfileId } from '../profiles.js';
import { sizesOf, type Size } from '../resolutions.js';
import { RATIOS, SHOT_TYPES, type Ratio } from '../request-shapes.js';
import { LIST_INPUT_FIELDS } from './list-inputs.js';
import { Enum, MAX_NEGATIVE_PROMPT, MAX_SEED, MediaUrl } from './common.js';
import { SUBMIT_STATUSES } from '../statuses.js';

/**
 * What each input field carries: text, an image the service also takes inline as a `data:` URI, or a file it only
 * fetches (common.ts: INLINE_IMAGE_URL_PATTERN, FETCHED_URL_PATTERN, with their official sources).
 */
export const INPUT_MEDIA = {
  prompt: 'text',
  negative_prompt: 'text',
  img_url: 'inline-image',
  first_frame_url: 'inline-image',
  last_frame_url: 'inline-image',
  image_url: 'fetched',
  audio_url: 'fetched',
} as const satisfies Record<InputField, 'text' | 'inline-image' | 'fetched'>;

const INPUT_FIELDS: Record<InputField, (model: ModelId) => TSchema> = {
  prompt: (m) =>
    Type.String({
      description:
        MODELS[m].promptMaxLength === null
          ? 'Text prompt. Accepted by the page; the official upstream ignores it on this model.'
          : `Text prompt. Up to ${MODELS[m].promptMaxLength} characters; the official service truncates longer prompts.`,
    }),
  // Over-long negative prompts are truncated upstream, not rejected: a warning (validate/submit.ts), not a limit.
  negative_prompt: () =>
    Type.String({
      description: `What to keep out of the video. The official service keeps the first ${MAX_NEGATIVE_PROMPT} characters.`,
    }),
  img_url: () =>
    MediaUrl(INPUT_MEDIA.img_url, 'First-frame image: http(s) URL, oss:// URL or data:image/…;base64, URI.'),
  first_frame_url: () =>
    MediaUrl(INPUT_MEDIA.first_frame_url, 'First-frame image: http(s) URL, oss:// URL or data:image/…;base64, URI.'),
  last_frame_url: () =>
    MediaUrl(INPUT_MEDIA.last_frame_url, 'Last-frame image: http(s) URL, oss:// URL or data:image/…;base64, URI.'),
  image_url: () =>
    MediaUrl(
      INPUT_MEDIA.image_url,
      'Reference portrait image: http(s) or oss:// URL; the service takes no data: URI here.',
    ),
  audio_url: (m) =>
    MediaUrl(
      INPUT_MEDIA.audio_url,
      MODELS[m].audio === 'driven-by-audio'
        ? 'Speech audio (wav/mp3, under 20 s, under 15 MB); the video follows its length.'
        : 'Audio track for the video (wav/mp3, 3–30 s).',
    ),
};

function inputFieldSchema(field: AnyInputField, model: ModelId): TSchema {
  return Object.hasOwn(LIST_INPUT_FIELDS, field)
    ? LIST_INPUT_FIELDS[field as ListInputField](MODELS[model])
    : INPUT_FIELDS[field as InputField](model);
}

/**
 * An optional input field. An optional `prompt` may also be `null`: the official Python SDK always sends the key and
 * sends `null` when the caller gives no prompt (dashscope-sdk-python 1.26.2, `VideoSynthesis._get_input`).
 */
function optionalInput(field: AnyInputField, model: ModelId): TSchema {
  const schema = inputFieldSchema(field, model);
  if (field !== 'prompt') return schema;
  const { type: _type, ...rest } = schema as unknown as { type: string } & Record<string, unknown>;
  return Type.Unsafe<string | null>({
    ...rest,
    type: ['string', 'null'],
    description: `${String(rest.description)} \`null\` (sent by the official Python SDK without a prompt) means none.`,
  });
}

/**
 * Extra fields the official SDKs add to every request, with the SDK and the value it sends; accepted and ignored
 * (reference: "Request body per model").
 */
export const SDK_EXTRA_FIELDS = {
  input: {
    extend_prompt: { sentBy: 'Python', value: true },
    function: { sentBy: 'Python', value: 'video_synthesis' },
  },
  parameters: { with_audio: { sentBy: 'Java', value: false } },
} as const;

const sdkExtras = (fields: Readonly<Record<string, { readonly sentBy: string }>>) =>
  Object.fromEntries(
    Object.entries(fields).map(([name, f]) => [
      name,
      Type.Optional(Type.Unknown({ description: `Sent by the official ${f.sentBy} SDK; ignored.` })),
    ]),
  );
const SDK_INPUT_EXTRAS = sdkExtras(SDK_EXTRA_FIELDS.input);
const SDK_PARAMETER_EXTRAS = sdkExtras(SDK_EXTRA_FIELDS.parameters);

/** The fields an official SDK adds, each with the value it sends. */
export function sdkExtraValues(part: keyof typeof SDK_EXTRA_FIELDS): Record<string, unknown> {
  return Object.fromEntries(Object.entries(SDK_EXTRA_FIELDS[part]).map(([name, f]) => [name, f.value]));
}

function inputSchema(model: ModelId, profile: ProfileId) {
  const entry = MODELS[model];
  const props: Record<string, TSchema> = {};
  for (const field of entry.inputs.required) props[field] = inputFieldSchema(field, model);
  const optional: readonly AnyInputField[] = [
    ...entry.inputs.optional,
    ...(PROFILES[profile].pageOnlyFields === 'accepted' ? entry.pageOnly.input : []),
  ];
  for (const field of optional) props[field] = Type.Optional(optionalInput(field, model));
  return Type.Object({ ...props, ...SDK_INPUT_EXTRAS }, { description: `Inputs of ${model}.` });
}

function durationSchema(model: ModelId, profile: ProfileId): TSchema | undefined {
  const rule: ModelEntry['duration'] = MODELS[model].duration;
  if (rule.mode === 'range') {
    const lowered = rule.maxWithMedia
      ? `; at most ${rule.maxWithMedia.max} with a ${rule.maxWithMedia.type} in input.media`
      : '';
    return Type.Integer({
      minimum: rule.min,
      maximum: rule.max,
      default: rule.default,
      description: `Output length in whole seconds, ${rule.min} to ${rule.max} (default ${rule.default})${lowered}.`,
    });
  }
  if (rule.mode === 'fixed') {
    return Enum(rule.allowed, {
      default: rule.default,
      description: `Output length in seconds (default ${rule.default}).`,
    });
  }
  if (!acceptsPageOnlyDuration(profile, model)) return undefined;
  return Type.Number({
    exclusiveMinimum: 0,
    exclusiveMaximum: rule.maxExclusive,
    // No multipleOf: seconds are billed exactly as given, however fine (pricing/money.ts, the one rounding rule).
    description: `Accepted for compatibility with the page; the video follows the audio (under ${rule.maxExclusive} s) and is billed by its real length.`,
  });
}

function tierSchemas(model: ModelId, profile: ProfileId): Record<string, TSchema> {
  const entry: ModelEntry = MODELS[model];
  const tiers = resolutionsOf(model);
  const props: Record<string, TSchema> = {};
  const fields = tierFieldsOf(profile, model);
  if (fields.includes('resolution')) {
    props.resolution = Type.Optional(
      Enum(tiers, { default: entry.defaultResolution, description: 'Output resolution tier.' }),
    );
  }
  if (fields.includes('size')) {
    props.size = Type.Optional(
      Enum(sizesOf(tiers), {
        description:
          fields.length === 1
            ? 'Output size as "W*H"; its tier sets the price.'
            : 'Official alias of resolution: a "W*H" size, mapped to its tier.',
      }),
    );
  }
  if (entry.request.style === 'resolution-ratio') {
    props.ratio = Type.Optional(
      Enum(RATIOS, {
        default: RATIOS[0],
        description: 'Aspect ratio of the output; with resolution it sets the size.',
      }),
    );
  }
  return props;
}

function parametersSchema(model: ModelId, profile: ProfileId) {
  const entry: ModelEntry = MODELS[model];
  const props: Record<string, TSchema> = tierSchemas(model, profile);
  const duration = durationSchema(model, profile);
  if (duration) props.duration = Type.Optional(duration);
  if (entry.request.promptExtend) {
    props.prompt_extend = Type.Optional(
      Type.Boolean({ default: true, description: 'Let the service rewrite the prompt.' }),
    );
  }
  if (acceptsPromptExtend(entry.capability)) {
    props.watermark = Type.Optional(Type.Boolean({ default: false, description: 'Add the "AI generated" watermark.' }));
    props.seed = Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_SEED, description: 'Random seed.' }));
  }
  if (entry.request.shotType !== 'none') {
    props.shot_type = Type.Optional(
      Enum(SHOT_TYPES, {
        default: SHOT_TYPES[0],
        description: {
          'with-prompt-extend':
            'single or multi shot; takes effect only with prompt_extend true, and overrides the prompt.',
          free: 'single or multi shot.',
          ignored: 'Deprecated on this model: describe shots in the prompt; the value has no effect.',
        }[entry.request.shotType],
      }),
    );
  }
  if (entry.audio === 'generates') {
    props.audio = Type.Optional(
      Type.Boolean({ description: 'Generate an audio track (the page sends it on wan2.5).' }),
    );
  }
  if (entry.audio === 'switchable') {
    props.audio = Type.Optional(
      Type.Boolean({
        default: true,
        description:
          'Generate sound (default true); silent video needs an explicit false, wins over audio_url and has its own price.',
      }),
    );
  }
  return Type.Object({ ...props, ...SDK_PARAMETER_EXTRAS }, { description: `Parameters of ${model}.` });
}

/** The submit request schema of one model under one profile. */
export function submitRequestSchema(model: ModelId, profile: ProfileId) {
  return Type.Object(
    {
      model: Type.Literal(model),
      input: inputSchema(model, profile),
      parameters: Type.Optional(parametersSchema(model, profile)),
    },
    { title: `SubmitRequest ${model}`, description: `Create a ${MODELS[model].capability} task with ${model}.` },
  );
}

type RequiredInput<M extends ModelId> = (typeof MODELS)[M]['inputs']['required'][number];
type OptionalInput<M extends ModelId> =
  (typeof MODELS)[M]['inputs']['optional'][number] | (typeof MODELS)[M]['pageOnly']['input'][number];

/** One item of a wan2.7 `input.media[]`. */
export interface MediaItem {
  type: string;
  url: string;
  reference_voice?: string;
}

/** The value type of an input field. */
type InputValue<F> = F extends 'media' ? MediaItem[] : F extends ListInputField ? string[] : string;

/** The durations a model accepts: its allowed seconds, or any number for a model whose video follows its audio. */
export type DurationOf<M extends ModelId> = (typeof MODELS)[M]['duration'] extends { allowed: readonly (infer D)[] }
  ? D
  : number;

/** The `input` object of a model's request, derived from the registry. */
export type SubmitInput<M extends ModelId = ModelId> = { [F in RequiredInput<M>]: InputValue<F> } & {
  [F in OptionalInput<M>]?: F extends 'prompt' ? string | null : InputValue<F>;
} & {
  extend_prompt?: unknown;
  function?: unknown;
};

/** The `parameters` object of a model's request, derived from the registry. */
export interface SubmitParameters<M extends ModelId = ModelId> {
  resolution?: ResolutionOf<M>;
  size?: (typeof MODELS)[M]['request']['style'] extends 'size'
    ? Size
    : (typeof MODELS)[M]['request']['style'] extends 'tier'
      ? (typeof MODELS)[M]['capability'] extends 'text-to-video'
        ? Size
        : never
      : never;
  ratio?: (typeof MODELS)[M]['request']['style'] extends 'resolution-ratio' ? Ratio : never;
  shot_type?: (typeof SHOT_TYPES)[number];
  duration?: DurationOf<M>;
  prompt_extend?: boolean;
  watermark?: boolean;
  seed?: number;
  audio?: boolean;
  with_audio?: unknown;
}

/** A submit request, for one model or (default) any model. */
export type SubmitRequest<M extends ModelId = ModelId> = {
  [K in M]: { model: K; input: SubmitInput<K>; parameters?: SubmitParameters<K> };
}[M];

/** The submit answer: HTTP 200 with the new task's id and status. */
export const SubmitResponse = Type.Object(
  {
    request_id: Type.String({ minLength: 1 }),
    output: Type.Object({
      task_id: Type.String({ minLength: 1, description: 'Poll GET /tasks/{task_id} with it; valid for 24 hours.' }),
      task_status: Enum(SUBMIT_STATUSES, { description: 'PENDING on creation (RUNNING if it started at once).' }),
    }),
  },
  { title: 'SubmitResponse', description: 'The created task.' },
);
export type SubmitResponse = Static<typeof SubmitResponse>;

/** The header that asks for asynchronous processing; required by the official upstream. */
export const ASYNC_HEADER = { name: 'X-DashScope-Async', value: 'enable' } as const;
