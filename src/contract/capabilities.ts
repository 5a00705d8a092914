/** The four capability buckets of the page and the official reference-to-video, with the official upstream's name for each. */
export const CAPABILITIES = {
  'text-to-video': {
    label: 'text-to-video',
    officialName: 'text-to-video',
    keyFields: ['model', 'input.prompt', 'parameters.resolution', 'parameters.duration'],
  },
  'image-to-video': {
    label: 'image-to-video',
    officialName: 'image-to-video (first frame)',
    keyFields: ['input.img_url'],
  },
  'first-last-frame': {
    label: 'first-last-frame video',
    officialName: 'image-to-video (first and last frame)',
    keyFields: ['input.first_frame_url', 'input.last_frame_url'],
  },
  'subject-reference': {
    label: 'subject-reference video',
    officialName: 'speech-to-video (digital human)',
    keyFields: ['input.image_url'],
  },
  // Official only (wan2.6 and wan2.7 r2v): the page has no such bucket.
  'reference-to-video': {
    label: 'reference-to-video',
    officialName: 'reference-to-video (reference images and videos)',
    keyFields: ['input.reference_urls', 'input.media'],
  },
} as const;

/** A capability bucket id, derived from {@link CAPABILITIES}. */
export type Capability = keyof typeof CAPABILITIES;

/** Every capability id, in the page's order. */
export const CAPABILITY_IDS = Object.keys(CAPABILITIES) as Capability[];

/**
 * Whether `parameters.prompt_extend` (and `watermark`, `seed`) belong to a capability's requests: the official
 * speech-to-video (s2v) reference defines none of them.
 */
export function acceptsPromptExtend(capability: Capability): boolean {
  return capability !== 'subject-reference';
}
