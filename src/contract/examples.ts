import { MODELS, resolutionsOf, type AnyInputField, type InputField, type ModelEntry, type ModelId } from './models.js';
import { acceptsPageOnlyDuration, tierFieldsOf, type ProfileId } from './profiles.js';
import { RESOLUTION_TIERS, type Resolution } from './resolutions.js';
import type { SubmitRequest } from './schemas/submit.js';

/** The page's three request examples, verbatim (seed: "Request Examples"). */
export const PAGE_EXAMPLES = {
  'image-to-video': {
    model: 'wan2.5-i2v-preview',
    input: { prompt: 'Make the subject turn toward the camera', img_url: 'https://example.com/first-frame.png' },
    parameters: { resolution: '720P', duration: 5, prompt_extend: true, audio: true },
  },
  'first-last-frame': {
    model: 'wan2.2-kf2v-flash',
    input: {
      prompt: 'A smooth transition from day to night',
      first_frame_url: 'https://example.com/frame-start.png',
      last_frame_url: 'https://example.com/frame-end.png',
    },
    parameters: { resolution: '720P', duration: 5 },
  },
  'subject-reference': {
    model: 'wan2.2-s2v',
    input: {
      prompt: 'Animate the reference portrait with light natural speaking motion',
      image_url: 'https://example.com/portrait.png',
      audio_url: 'https://example.com/voice.mp3',
    },
    parameters: { resolution: '720P', duration: 5 },
  },
} as const satisfies Record<string, SubmitRequest>;

/** Sample values of every input field: the page's example prompt and URLs. Live targets need reachable URLs. */
export const SAMPLE_INPUTS: Readonly<Record<InputField, string>> = {
  prompt: PAGE_EXAMPLES['image-to-video'].input.prompt,
  negative_prompt: 'blurry, low quality',
  img_url: PAGE_EXAMPLES['image-to-video'].input.img_url,
  first_frame_url: PAGE_EXAMPLES['first-last-frame'].input.first_frame_url,
  last_frame_url: PAGE_EXAMPLES['first-last-frame'].input.last_frame_url,
  image_url: PAGE_EXAMPLES['subject-reference'].input.image_url,
  audio_url: PAGE_EXAMPLES['subject-reference'].input.audio_url,
};

/**
 * The sample value of an input field: the sample text or URL; for `reference_urls` the sample portrait; for a typed
 * `media` list, the first allowed combination (or the first capped type) with each type's sample URL.
 */
function sampleValue(entry: ModelEntry, field: AnyInputField, inputs: Readonly<Record<InputField, string>>): unknown {
  if (field === 'reference_urls' || field === 'reference_video_urls') return [inputs.image_url];
  if (field !== 'media') return inputs[field];
  const rule = entry.request.media;
  const types = rule?.combinations?.[0] ?? rule?.total?.types.slice(0, 1) ?? [];
  return types.map((type) => ({ type, url: inputs[rule?.types[type]?.sample ?? 'img_url'] }));
}

/**
 * A minimal valid request of a model under a profile: its required inputs (and a prompt where the model takes
 * one), the given resolution (default: the model's cheapest) and its default duration. The page's s2v example
 * sends `parameters.duration: 5`; the profile that accepts page-only fields gets it too.
 */
export function exampleRequest(
  model: ModelId,
  profile: ProfileId,
  resolution: Resolution = resolutionsOf(model)[0]!,
  inputs: Readonly<Record<InputField, string>> = SAMPLE_INPUTS,
): SubmitRequest {
  const entry: ModelEntry = MODELS[model];
  const input: Record<string, unknown> = {};
  for (const field of entry.inputs.required) input[field] = sampleValue(entry, field, inputs);
  if (!('prompt' in input) && (entry.inputs.optional as readonly string[]).includes('prompt'))
    input.prompt = inputs.prompt;
  const parameters: Record<string, unknown> = {};
  // Officially text-to-video takes `size` ("W*H"), not `resolution` (text-to-video API reference).
  if (tierFieldsOf(profile, model).includes('resolution')) parameters.resolution = resolution;
  else parameters.size = RESOLUTION_TIERS[resolution].sizes[0];
  if (entry.duration.mode !== 'audio') parameters.duration = entry.duration.default;
  else if (acceptsPageOnlyDuration(profile, model)) {
    parameters.duration = PAGE_EXAMPLES['subject-reference'].parameters.duration;
  }
  return { model, input, parameters } as unknown as SubmitRequest;
}
