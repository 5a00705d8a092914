import type { ValidateFunction } from 'ajv';
import { MODELS, MODEL_IDS, isModelId, type ModelId } from '../contract/models.js';
import { PROFILES, type ProfileId } from '../contract/profiles.js';
import { tierOfSize } from '../contract/resolutions.js';
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
const knownFields = new Map<string, { input: Set<string>; parameters: Set<string> }>();

function requestValidator(model: ModelId, profile: ProfileId): ValidateFunction<SubmitRequest> {
  return compiled<SubmitRequest>(validators, `${profile}|${model}`, () => submitRequestSchema(model, profile));
}

function fieldsOf(model: ModelId, profile: ProfileId) {
  const key = `${profile}|${model}`;
  let fields = knownFields.get(key);
  if (!fields) {
    const schema = submitRequestSchema(model, profile);
    fields = {
      input: new Set(Object.keys(schema.properties.input.properties)),
      parameters: new Set(Object.keys(schema.properties.parameters.properties)),
    };
    knownFields.set(key, fields);
  }
  return fields;
}

const fail = (errors: ValidationIssue[], warnings: ValidationIssue[] = []): ValidationResult<never> => ({ ok: false, errors, warnings });

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function warningsFor(body: SubmitRequest, profile: ProfileId): ValidationIssue[] {
  const warnings: ValidationIssue[] = [];
  const { input, parameters } = fieldsOf(body.model, profile);
  const groups = [
    ['', body as unknown as Record<string, unknown>, new Set(['model', 'input', 'parameters'])],
    ['input.', body.input as Record<string, unknown>, input],
    ['parameters.', (body.parameters ?? {}) as Record<string, unknown>, parameters],
  ] as const;
  for (const [prefix, object, known] of groups) {
    for (const key of Object.keys(object)) {
      if (known.has(key)) continue;
      warnings.push({
        path: `${prefix}${key}`,
        code: 'unknown-field',
        message: `${body.model}: ${prefix}${key} is not part of the ${profile} contract for this model; the service ignores it`,
        expected: [...known].map((k) => `${prefix}${k}`).join(', '),
      });
    }
  }
  const limit = MODELS[body.model].promptMaxLength;
  const prompt = (body.input as { prompt?: unknown }).prompt;
  if (limit !== null && typeof prompt === 'string' && prompt.length > limit) {
    warnings.push({
      path: 'input.prompt',
      code: 'truncated',
      message: `${body.model}: input.prompt has ${prompt.length} characters; the service keeps the first ${limit}`,
      expected: `at most ${limit} characters`,
      received: `${prompt.length} characters`,
    });
  }
  return warnings;
}

function conflicts(body: SubmitRequest): ValidationIssue[] {
  const p = body.parameters as { resolution?: string; size?: string } | undefined;
  if (!p?.resolution || !p.size) return [];
  const tier = tierOfSize(p.size);
  if (tier === p.resolution) return [];
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
 * @example validateSubmitRequest({ model: 'wan2.2-t2v-plus', input: { prompt: 'a cat' } }).ok // true
 */
export function validateSubmitRequest(body: unknown, options: ValidateOptions = {}): ValidationResult<SubmitRequest> {
  const profile = options.profile ?? 'crazyrouter';
  try {
    if (!Object.hasOwn(PROFILES, profile)) {
      return fail([{ path: '', code: 'unknown-profile', message: `profile must be ${listAlternatives(Object.keys(PROFILES))}, received ${describeValue(profile)}` }]);
    }
    if (!isPlainObject(body)) {
      return fail([{ path: '', code: 'type', message: `the request body must be a JSON object, received ${describeValue(body)}`, expected: 'an object', received: describeValue(body) }]);
    }
    const model = body.model;
    if (model === undefined) {
      return fail([{ path: 'model', code: 'required', message: `model is required: one of ${listAlternatives(MODEL_IDS)}`, expected: MODEL_IDS.join(', ') }]);
    }
    if (!isModelId(model)) {
      return fail([
        { path: 'model', code: 'unknown-model', message: `model must be one of ${listAlternatives(MODEL_IDS)}, received ${describeValue(model)}`, expected: MODEL_IDS.join(', '), received: describeValue(model) },
      ]);
    }
    const validate = requestValidator(model, profile);
    if (!validate(body)) return fail(toIssues(validate.errors ?? [], body, `${model}: `));
    const errors = conflicts(body);
    const warnings = warningsFor(body, profile);
    return errors.length > 0 ? fail(errors, warnings) : { ok: true, value: body, warnings };
  } catch (cause) {
    return fail([{ path: '', code: 'unvalidatable', message: `the request body could not be validated: ${cause instanceof Error ? cause.message : String(cause)}` }]);
  }
}
