import { MODELS, resolutionsOf, type ModelId } from './models.js';
import { acceptsResolutionField, PROFILES, type ProfileId } from './profiles.js';
import { RESOLUTION_TIERS } from './resolutions.js';
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

const SAMPLE_INPUTS = {
  prompt: 'A kitten runs across a sunlit meadow, cinematic lighting',
  negative_prompt: 'blurry, low quality',
  img_url: 'https://example.com/first-frame.png',
  first_frame_url: 'https://example.com/frame-start.png',
  last_frame_url: 'https://example.com/frame-end.png',
  image_url: 'https://example.com/portrait.png',
  audio_url: 'https://example.com/voice.mp3',
} as const;

/**
 * A minimal valid request of a model under a profile: its required inputs (and a prompt where the model takes
 * one), the given resolution (default: the model's cheapest) and its shortest duration.
 */
export function exampleRequest(model: ModelId, profile: ProfileId, resolution = resolutionsOf(model)[0]!): SubmitRequest {
  const entry = MODELS[model];
  const input: Record<string, string> = {};
  for (const field of entry.inputs.required) input[field] = SAMPLE_INPUTS[field];
  if (!('prompt' in input) && (entry.inputs.optional as readonly string[]).includes('prompt')) input.prompt = SAMPLE_INPUTS.prompt;
  const parameters: Record<string, unknown> = {};
  if (acceptsResolutionField(profile, entry.capability)) parameters.resolution = resolution;
  else parameters.size = RESOLUTION_TIERS[resolution].sizes[0];
  if (entry.duration.mode === 'fixed') parameters.duration = Math.min(...entry.duration.allowed);
  else if (PROFILES[profile].pageOnlyFields === 'accepted' && (entry.pageOnly.parameters as readonly string[]).includes('duration')) parameters.duration = 5;
  return { model, input, parameters } as unknown as SubmitRequest;
}
