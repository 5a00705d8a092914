import type { ValidateFunction } from 'ajv';
import { MODELS, isModelId, modelsOfProfile, type ModelId } from '../contract/models.js';
import { DEFAULT_PROFILE, PROFILES, tierFieldsOf, type ProfileId } from '../contract/profiles.js';
import { shapeErrors, shapeWarnings } from './shape.js';
import { tierOfSize } from '../contract/resolutions.js';
import { MAX_NEGATIVE_PROMPT } from '../contract/schemas/common.js';
import { submitRequestSchema, type SubmitRequest } from '../contract/schemas/submit.js';
import { listAlternatives } from '../pricing/errors.js';
import { compiled } from './ajv.js';
import { toIssues } from './messages.js';
import { describeValue, type ValidationIssue, type ValidationResult } from './result.js';

/** Which contract to validate against. */
export interface ValidateOptions {
  readonly profile?: ProfileId;
}

const validators = new Map<string, ValidateFunction>();
const NONE: readonly ValidationIssue[] = Object.freeze([]);

/** What the hot path needs per profile and model, computed once. */
interface ModelCheck {
  readonly validate: ValidateFunction<SubmitRequest>;
  readonly input: ReadonlySet<string>;
  readonly parameters: ReadonlySet<string>;
}
const TOP_LEVEL: ReadonlySet<string> = new Set(['model', 'input', 'parameters']);
const checks: Record<string, Partial<Record<ModelId, ModelCheck>>> = {};

function checkFor(model: ModelId, profile: ProfileId): ModelCheck {
  const perProfile = (checks[profile] ??= {});
  let check = perProfile[model];
  if (!check) {
    const schema = submitRequestSchema(model, profile);
    check = {
      validate: compiled<SubmitRequest>(validators, `${profile}|${model}`, () => schema),
      input: new Set(Object.keys(schema.properties.input.properties)),
      parameters: new Set(Object.keys(schema.properties.parameters.properties)),
    };
    perProfile[model] = check;
  }
  return check;
}

const fail = (
  errors: readonly ValidationIssue[],
  warnings: readonly ValidationIssue[] = NONE,
): ValidationResult<never> => ({ ok: false, errors, warnings });

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function unknownFields(
  model: ModelId,
  profile: ProfileId,
  prefix: string,
  object: object,
  known: ReadonlySet<string>,
  into: ValidationIssue[] | undefined,
): ValidationIssue[] | undefined {
  for (const key in object) {
    if (known.has(key) || !Object.hasOwn(object, key)) continue;
    (into ??= []).push({
      path: `${prefix}${key}`,
      code: 'unknown-field',
      message: `${model}: ${prefix}${key} is not part of the ${profile} contract for this model; the service ignores it`,
      expected: [...known].map((k) => `${prefix}${k}`).join(', '),
    });
  }
  return into;
}

function warningsFor(body: SubmitRequest, profile: ProfileId, check: ModelCheck): readonly ValidationIssue[] {
  let warnings = unknownFields(body.model, profile, '', body, TOP_LEVEL, undefined);
  warnings = unknownFields(body.model, profile, 'input.', body.input, check.input, warnings);
  if (body.parameters)
    warnings = unknownFields(body.model, profile, 'parameters.', body.parameters, check.parameters, warnings);
  // Over-long texts are truncated upstream, not rejected ("超过部分会自动截断", official t2v/i2v/kf2v references).
  const input = body.input as { prompt?: unknown; negative_prompt?: unknown };
  const limits = [
    ['prompt', MODELS[body.model].promptMaxLength],
    ['negative_prompt', MAX_NEGATIVE_PROMPT],
  ] as const;
  for (const [field, limit] of limits) {
    const text = input[field];
    if (limit === null || typeof text !== 'string' || text.length <= limit) continue;
    (warnings ??= []).push({
      path: `input.${field}`,
      code: 'truncated',
      message: `${body.model}: input.${field} has ${text.length} characters; the service keeps the first ${limit}`,
      expected: `at most ${limit} characters`,
      received: `${text.length} characters`,
    });
  }
  return warnings ?? NONE;
}

/**
 * `resolution` and `size` naming different tiers. Only where the profile's contract has both fields: under dashscope,
 * text-to-video takes `size` alone (official t2v reference: "parameters.size"), so a `resolution` there is an unknown
 * field the service ignores (a warning), alone or beside a `size`, which alone sets the tier. One reading, whichever
 * fields arrive together.
 */
function conflicts(body: SubmitRequest, profile: ProfileId): readonly ValidationIssue[] {
  const p = body.parameters as { resolution?: string; size?: string } | undefined;
  if (!p?.resolution || !p.size) return NONE;
  if (tierFieldsOf(profile, body.model).length < 2) return NONE;
  const tier = tierOfSize(p.size);
  if (tier === p.resolution) return NONE;
  return [
    {
      path: 'parameters.size',
      code: 'conflict',
      message: `${body.model}: size ${p.size} is a ${tier} size but resolution is ${p.resolution}; send one of them, or a size of ${p.resolution}`,
      expected: `a ${p.resolution} size`,
      received: JSON.stringify(p.size),
    },
  ];
}

/**
 * Validates a submit request body against a profile's contract (default `crazyrouter`). Never throws.
 * @example validateSubmitRequest({ model, input: { prompt: 'a cat' } }).ok // true for a text-to-video model
 */
export function validateSubmitRequest(body: unknown, options: ValidateOptions = {}): ValidationResult<SubmitRequest> {
  const profile = options.profile ?? DEFAULT_PROFILE;
  try {
    if (!Object.hasOwn(PROFILES, profile)) {
      return fail([
        {
          path: '',
          code: 'unknown-profile',
          message: `profile must be ${listAlternatives(Object.keys(PROFILES))}, received ${describeValue(profile)}`,
        },
      ]);
    }
    if (!isPlainObject(body)) {
      return fail([
        {
          path: '',
          code: 'type',
          message: `the request body must be a JSON object, received ${describeValue(body)}`,
          expected: 'an object',
          received: describeValue(body),
        },
      ]);
    }
    const model = body.model;
    if (model === undefined) {
      return fail([
        {
          path: 'model',
          code: 'required',
          message: `model is required: one of ${listAlternatives(modelsOfProfile(profile))}`,
          expected: modelsOfProfile(profile).join(', '),
        },
      ]);
    }
    if (!isModelId(model)) {
      return fail([
        {
          path: 'model',
          code: 'unknown-model',
          message: `model must be one of ${listAlternatives(modelsOfProfile(profile))}, received ${describeValue(model)}`,
          expected: modelsOfProfile(profile).join(', '),
          received: describeValue(model),
        },
      ]);
    }
    if (!(MODELS[model].profiles as readonly string[]).includes(profile)) {
      const listed = modelsOfProfile(profile);
      return fail([
        {
          path: 'model',
          code: 'unknown-model',
          message: `${model} is not part of the ${profile} contract (it is listed by ${MODELS[model].profiles.join(', ')}); ${profile} lists ${listAlternatives(listed)}`,
          expected: listed.join(', '),
          received: describeValue(model),
        },
      ]);
    }
    const check = checkFor(model, profile);
    if (!check.validate(body)) return fail(toIssues(check.validate.errors ?? [], body, `${model}: `));
    const errors = [...conflicts(body, profile), ...shapeErrors(body as never)];
    const warnings = [...warningsFor(body, profile, check), ...shapeWarnings(body as never)];
    return errors.length > 0 ? fail(errors, warnings) : { ok: true, value: body, warnings };
  } catch (cause) {
    return fail([
      {
        path: '',
        code: 'unvalidatable',
        message: `the request body could not be validated: ${cause instanceof Error ? cause.message : String(cause)}`,
      },
    ]);
  }
}
