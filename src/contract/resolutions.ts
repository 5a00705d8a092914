/**
 * Resolution tiers and the official `parameters.size` values ("W*H") that belong to each tier.
 * Source: text-to-video API reference (help.aliyun.com/zh/model-studio/text-to-video-api-reference).
 */
export const RESOLUTION_TIERS = {
  '480P': { sizes: ['832*480', '480*832', '624*624'], shortEdge: 480 },
  '720P': { sizes: ['1280*720', '720*1280', '960*960', '1088*832', '832*1088'], shortEdge: 720 },
  '1080P': { sizes: ['1920*1080', '1080*1920', '1440*1440', '1632*1248', '1248*1632'], shortEdge: 1080 },
} as const;

/** A resolution tier, derived from {@link RESOLUTION_TIERS}. */
export type Resolution = keyof typeof RESOLUTION_TIERS;

/** A `parameters.size` value, derived from {@link RESOLUTION_TIERS}. */
export type Size = (typeof RESOLUTION_TIERS)[Resolution]['sizes'][number];

/** Every resolution tier, smallest first. */
export const RESOLUTIONS = Object.keys(RESOLUTION_TIERS) as Resolution[];

const TIER_OF_SIZE = new Map<string, Resolution>(
  RESOLUTIONS.flatMap((tier) => RESOLUTION_TIERS[tier].sizes.map((size) => [size, tier] as const)),
);

/** The tier a `parameters.size` value belongs to, or undefined for a size outside the contract. */
export function tierOfSize(size: string): Resolution | undefined {
  return TIER_OF_SIZE.get(size);
}

/** The sizes allowed for the given tiers, in tier order. */
export function sizesOf(tiers: readonly Resolution[]): Size[] {
  return tiers.flatMap((tier) => [...RESOLUTION_TIERS[tier].sizes]);
}

/**
 * The size a tier stands for when a request names only the tier (`parameters.resolution`, or no size at all): its
 * first, landscape size, as the text-to-video reference lists them (480P → 832*480, 720P → 1280*720, 1080P → 1920*1080).
 */
export function defaultSizeOf(tier: Resolution): Size {
  return RESOLUTION_TIERS[tier].sizes[0];
}

/** Width and height of a `parameters.size` value (`'1920*1080'` → 1920 × 1080). */
export function dimensionsOf(size: Size | string): { readonly width: number; readonly height: number } {
  const [width, height] = size.split('*').map(Number) as [number, number];
  return { width, height };
}
