import type { ModelId } from './models.js';

/**
 * Models that code outside the contract names by role (the mock's fault table says which model's run catches a
 * fault): written here, with the rest of the registry, so that no model id is spelled outside `src/contract/`.
 */
export const EXAMPLE_MODELS = {
  /** The audio-driven subject-reference model (results at output.results.video_url upstream). */
  speechToVideo: 'wan2.2-s2v',
  /** A text-to-video model without a 720P tier. */
  textToVideoPlus: 'wan2.2-t2v-plus',
  /** The cheapest image-to-video model, default 720P. */
  imageToVideoFlash: 'wan2.2-i2v-flash',
  /** A text-to-video model with audio, three tiers and 5 or 10 s. */
  textToVideoPreview: 'wan2.5-t2v-preview',
  /** The first-and-last-frame model (official image2video path). */
  firstLastFrame: 'wan2.2-kf2v-flash',
  /** An image-to-video model without a 720P tier. */
  imageToVideoPlus: 'wan2.2-i2v-plus',
  /** An image-to-video model with audio, three tiers and 5 or 10 s. */
  imageToVideoPreview: 'wan2.5-i2v-preview',
} as const satisfies Record<string, ModelId>;
