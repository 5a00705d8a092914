import { exampleRequest, SAMPLE_INPUTS } from '../../contract/examples.js';
import { SAMPLE_IMAGE_DAY, SAMPLE_IMAGE_NIGHT } from '../../contract/sample-media.js';
import { MODELS, resolutionsOf, type DurationRule, type InputField, type ModelId } from '../../contract/models.js';
import { acceptsPageOnlyDuration, tierFieldsOf, type ProfileId } from '../../contract/profiles.js';
import { RESOLUTIONS, sizesOf, type Resolution } from '../../contract/resolutions.js';
import { sdkExtraValues } from '../../contract/schemas/submit.js';
import type { RequestVariant } from '../../rules/case.js';

/** Inputs the requests carry; the defaults are the page's example values. Live targets need reachable URLs. */
export type SampleInputs = Readonly<Record<InputField, string>>;

/**
 * The inputs a run sends unless told otherwise: the page's example prompt, the images inlined as `data:` URIs a real
 * upstream reads without hosting (contract/sample-media.ts), and the page's placeholder URLs for what the service
 * only fetches (the s2v portrait, audio). `conform --inputs FILE` replaces those for a live target.
 */
export const DEFAULT_INPUTS: SampleInputs = {
  ...SAMPLE_INPUTS,
  img_url: SAMPLE_IMAGE_DAY,
  first_frame_url: SAMPLE_IMAGE_DAY,
  last_frame_url: SAMPLE_IMAGE_NIGHT,
};

/** A model id no registry holds. */
export const UNKNOWN_MODEL = 'wan0.0-conformance-unknown';

/** A request to send: a JSON body or raw text, or why the variant does not apply to the model. */
export type BuiltRequest =
  | {
      readonly applies: true;
      readonly model: ModelId;
      readonly body?: Record<string, unknown>;
      readonly rawBody?: string;
      readonly resolution: Resolution;
    }
  | { readonly applies: false; readonly reason: string };

/** The minimal valid request of a model at a resolution under a profile. */
export function validRequest(
  profile: ProfileId,
  model: ModelId,
  resolution: Resolution,
  inputs: SampleInputs = DEFAULT_INPUTS,
): Record<string, unknown> {
  return exampleRequest(model, profile, resolution, inputs) as unknown as Record<string, unknown>;
}

function unsupportedDuration(profile: ProfileId, model: ModelId): number | undefined {
  const rule: DurationRule = MODELS[model].duration;
  if (rule.mode === 'fixed') return [10, 7, 3, 15].find((d) => !(rule.allowed as readonly number[]).includes(d));
  if (rule.mode === 'range') return rule.max + 1;
  return acceptsPageOnlyDuration(profile, model) ? rule.maxExclusive + 10 : undefined;
}

/** Builds the request of a variant for a model (the model's resolution tier for the valid ones). */
export function buildRequest(
  variant: RequestVariant,
  profile: ProfileId,
  model: ModelId,
  resolution: Resolution,
  inputs: SampleInputs = DEFAULT_INPUTS,
): BuiltRequest {
  const valid = validRequest(profile, model, resolution, inputs);
  const parameters = valid.parameters as Record<string, unknown>;
  const ok = (body: Record<string, unknown>, res: Resolution = resolution): BuiltRequest => ({
    applies: true,
    model,
    body,
    resolution: res,
  });
  switch (variant) {
    case 'valid':
      return ok(valid);
    case 'sdk-extras':
      // What the official Python and Java SDKs add to every request (reference: request body).
      return ok({
        ...valid,
        input: { ...(valid.input as object), ...sdkExtraValues('input') },
        parameters: { ...parameters, ...sdkExtraValues('parameters') },
      });
    case 't2v-size': {
      if (MODELS[model].capability !== 'text-to-video' || !tierFieldsOf(profile, model).includes('size'))
        return { applies: false, reason: `${model} is not a text-to-video model that takes size` };
      const { resolution: _dropped, ...rest } = parameters;
      return ok({ ...valid, parameters: { ...rest, size: sizesOf([resolution])[0] } });
    }
    case 'unsupported-resolution': {
      const missing = RESOLUTIONS.find((tier) => !resolutionsOf(model).includes(tier));
      if (!missing) return { applies: false, reason: `${model} offers every resolution tier` };
      const field = tierFieldsOf(profile, model).includes('resolution')
        ? { resolution: missing }
        : { size: sizesOf([missing])[0] };
      const { resolution: _r, size: _s, ...rest } = parameters;
      return ok({ ...valid, parameters: { ...rest, ...field } });
    }
    case 'unsupported-duration': {
      const duration = unsupportedDuration(profile, model);
      if (duration === undefined)
        return { applies: false, reason: `the ${profile} profile does not define a duration for ${model}` };
      return ok({ ...valid, parameters: { ...parameters, duration } });
    }
    case 'missing-required-input': {
      const [first] = MODELS[model].inputs.required;
      const input = { ...(valid.input as Record<string, unknown>) };
      if (first) delete input[first];
      return ok({ ...valid, input });
    }
    case 'unknown-model':
      return ok({ ...valid, model: UNKNOWN_MODEL });
    case 'malformed-json':
      // A body cut short: the JSON parser of the target must refuse it with 400.
      return { applies: true, model, resolution, rawBody: JSON.stringify(valid).slice(0, 40) };
  }
}

/** Variants that create a task when the target honours the contract (and the key and headers are right). */
export const BILLABLE_VARIANTS: readonly RequestVariant[] = ['valid', 'sdk-extras', 't2v-size'];
