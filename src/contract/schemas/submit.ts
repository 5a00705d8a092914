import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { MODELS, resolutionsOf, type InputField, type ModelId, type ResolutionOf } from '../models.js';
import { acceptsPromptExtend } from '../capabilities.js';
import {
  acceptsPageOnlyDuration,
  acceptsResolutionField,
  acceptsSizeField,
  PROFILES,
  type ProfileId,
} from '../profiles.js';
import { sizesOf, type Size } from '../resolutions.js';
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

/**
 * An optional input field. An optional `prompt` may also be `null`: the official Python SDK always sends the key and
 * sends `null` when the caller gives no prompt (dashscope-sdk-python 1.26.2, `VideoSynthesis._get_input`).
 */
function optionalInput(field: InputField, model: ModelId): TSchema {
  const schema = INPUT_FIELDS[field](model);
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
  for (const field of entry.inputs.required) props[field] = INPUT_FIELDS[field](model);
  const optional: readonly InputField[] = [
    ...entry.inputs.optional,
    ...(PROFILES[profile].pageOnlyFields === 'accepted' ? entry.pageOnly.input : []),
  ];
  for (const field of optional) props[field] = Type.Optional(optionalInput(field, model));
  return Type.Object({ ...props, ...SDK_INPUT_EXTRAS }, { description: `Inputs of ${model}.` });
}

function durationSchema(model: ModelId, profile: ProfileId): TSchema | undefined {
  const rule = MODELS[model].duration;
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

function parametersSchema(model: ModelId, profile: ProfileId) {
  const entry = MODELS[model];
  const tiers = resolutionsOf(model);
  const props: Record<string, TSchema> = {};
  if (acceptsResolutionField(profile, entry.capability)) {
    props.resolution = Type.Optional(
      Enum(tiers, { default: entry.defaultResolution, description: 'Output resolution tier.' }),
    );
  }
  if (acceptsSizeField(entry.capability)) {
    props.size = Type.Optional(
      Enum(sizesOf(tiers), {
        description:
          PROFILES[profile].textToVideoResolution === 'size'
            ? 'Output size as "W*H"; its tier sets the price.'
            : 'Official alias of resolution: a "W*H" size, mapped to its tier.',
      }),
    );
  }
  const duration = durationSchema(model, profile);
  if (duration) props.duration = Type.Optional(duration);
  if (acceptsPromptExtend(entry.capability)) {
    props.prompt_extend = Type.Optional(
      Type.Boolean({ default: true, description: 'Let the service rewrite the prompt.' }),
    );
    props.watermark = Type.Optional(Type.Boolean({ default: false, description: 'Add the "AI generated" watermark.' }));
    props.seed = Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_SEED, description: 'Random seed.' }));
  }
  if (entry.audio === 'generates') {
    props.audio = Type.Optional(
      Type.Boolean({ description: 'Generate an audio track (the page sends it on wan2.5).' }),
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
/** The durations a model accepts: its allowed seconds, or any number for a model whose video follows its audio. */
export type DurationOf<M extends ModelId> = (typeof MODELS)[M]['duration'] extends { allowed: readonly (infer D)[] }
  ? D
  : number;

/** The `input` object of a model's request, derived from the registry. */
export type SubmitInput<M extends ModelId = ModelId> = { [F in RequiredInput<M>]: string } & {
  [F in OptionalInput<M>]?: F extends 'prompt' ? string | null : string;
} & {
  extend_prompt?: unknown;
  function?: unknown;
};

/** The `parameters` object of a model's request, derived from the registry. */
export interface SubmitParameters<M extends ModelId = ModelId> {
  resolution?: ResolutionOf<M>;
  size?: (typeof MODELS)[M]['capability'] extends 'text-to-video' ? Size : never;
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
