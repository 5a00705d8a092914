/**
 * How a model's request is shaped, as data: which field carries the resolution tier, which list inputs it takes
 * (`input.reference_urls`, the typed `input.media[]` of wan2.7), how its parameters depend on one another and what
 * its billing reads. Validators, the OpenAPI documents, the mock, pricing and the conformance requests all follow
 * these records; none of them branches on a model name. Sources: /work/shared/reference/wan-2.6-2.7.md (S1–S9).
 */

/**
 * Where the tier is written. `tier`: the first-batch rule (the profile decides per capability: text-to-video by
 * `size` officially, or `resolution` with `size` as an alias on the page); `size`: `parameters.size` "W*H" only
 * (wan2.6 t2v and r2v); `resolution`: `parameters.resolution` only (wan2.6 i2v, wan2.7 i2v); `resolution-ratio`:
 * `parameters.resolution` plus `parameters.ratio` (wan2.7 t2v and r2v: "不再使用 size 字段", S1 FAQ).
 */
export type ParameterStyle = 'tier' | 'size' | 'resolution' | 'resolution-ratio';

/**
 * What `parameters.shot_type` means for a model: `none` (not defined), `with-prompt-extend` (wan2.6 t2v/i2v:
 * "仅当 prompt_extend: true 时生效", so a value with prompt_extend false is ignored), `free` (wan2.6 r2v: no
 * dependency stated), `ignored` (wan2.7: "配置也不生效", accepted and without effect).
 */
export type ShotTypeRule = 'none' | 'with-prompt-extend' | 'free' | 'ignored';

/** The values of `parameters.shot_type` (S1: `single` default, `multi`). */
export const SHOT_TYPES = ['single', 'multi'] as const;

/** The aspect ratios of wan2.7's `parameters.ratio`, the default first (S1 FAQ, S6). */
export const RATIOS = ['16:9', '9:16', '1:1', '4:3', '3:4'] as const;

/** An aspect ratio of `parameters.ratio`. */
export type Ratio = (typeof RATIOS)[number];

/**
 * The output size of a wan2.7 tier and ratio. S1 FAQ: the 4:3 sizes differ from wan2.6 (720P 1104*832, 1080P
 * 1648*1248); 3:4 is their transpose; 16:9, 9:16 and 1:1 are wan2.6's sizes of the tier.
 */
export const RATIO_SIZES = {
  '720P': { '16:9': '1280*720', '9:16': '720*1280', '1:1': '960*960', '4:3': '1104*832', '3:4': '832*1104' },
  '1080P': { '16:9': '1920*1080', '9:16': '1080*1920', '1:1': '1440*1440', '4:3': '1648*1248', '3:4': '1248*1648' },
} as const;

/** One type of item in `input.media[]`: what its URL carries, and whether an item may carry a `reference_voice`. */
export interface MediaType {
  readonly description: string;
  readonly voice: boolean;
  /**
   * What the URL may be: an image also taken inline as a `data:` URI, as every legacy image field is (the wan2.7
   * pages at hand do not say otherwise), or a file the service fetches (audio, video).
   */
  readonly url: 'inline-image' | 'fetched';
  /** The sample input whose URL an example item of this type carries (examples.ts). */
  readonly sample?: 'img_url' | 'last_frame_url' | 'image_url' | 'audio_url';
  /** At most this many items of the type (unset: no limit of its own). */
  readonly max?: number;
}

/**
 * The typed `input.media[]` of a wan2.7 model: its item types, and either the exact combinations allowed (i2v, each
 * type at most once) or a cap on the total of some types (r2v: "参考图像 + 参考视频 ≤ 5").
 */
export interface MediaRule {
  readonly types: Readonly<Record<string, MediaType>>;
  readonly combinations?: readonly (readonly string[])[];
  readonly total?: { readonly types: readonly string[]; readonly max: number };
}

/** wan2.7-i2v (S7): first frame, first+last frame, driving audio, video continuation from a first clip. */
export const I2V_MEDIA: MediaRule = {
  types: {
    first_frame: { description: 'First-frame image URL.', voice: false, url: 'inline-image', sample: 'img_url' },
    last_frame: { description: 'Last-frame image URL.', voice: false, url: 'inline-image', sample: 'last_frame_url' },
    driving_audio: {
      description: 'Audio the video follows (wav/mp3).',
      voice: false,
      url: 'fetched',
      sample: 'audio_url',
    },
    first_clip: {
      description: 'A video clip (2–10 s) the output continues; billed in the total length.',
      voice: false,
      url: 'fetched',
    },
  },
  // "每种 type 在 media 数组中最多出现一次" and only these combinations (S7).
  combinations: [
    ['first_frame'],
    ['first_frame', 'driving_audio'],
    ['first_frame', 'last_frame'],
    ['first_frame', 'last_frame', 'driving_audio'],
    ['first_clip'],
    ['first_clip', 'last_frame'],
  ],
};

/** wan2.7-r2v (S8): reference images and videos (each may carry a voice), and at most one first frame. */
export const R2V_MEDIA: MediaRule = {
  types: {
    reference_image: {
      description: 'Reference image (图1, 图2… in the prompt).',
      voice: true,
      url: 'inline-image',
      sample: 'image_url',
    },
    reference_video: {
      description: 'Reference video (视频1, 视频2… in the prompt); billed as input.',
      voice: true,
      url: 'fetched',
    },
    first_frame: { description: 'First-frame image.', voice: false, url: 'inline-image', max: 1 },
  },
  total: { types: ['reference_image', 'reference_video'], max: 5 },
};

/**
 * wan2.6 r2v `input.reference_urls` (S5): 0–5 images, 0–3 videos, images + videos ≤ 5; videos are MP4/MOV, so a
 * URL ending in one of those extensions counts as a video.
 */
export const REFERENCE_URLS = { max: 5, maxVideos: 3, videoExtensions: ['.mp4', '.mov'] } as const;

/**
 * Billed reference-video seconds of wan2.6 r2v (S4: "总输入计费时长不超过 5 秒", split evenly across all references,
 * images included): the cap per reference for 1…5 references, as the official page prints it (3 → 1.65 s).
 */
export const REFERENCE_VIDEO_CAP = { total: '5', perReference: ['5', '2.5', '1.65', '1.25', '1'] } as const;

/** The `audio` switch of the flash models (S2, S5): default true; silent needs an explicit false and prices lower. */
export const AUDIO_VARIANTS = ['audio', 'silent'] as const;

/** A price variant by `parameters.audio`. */
export type AudioVariant = (typeof AUDIO_VARIANTS)[number];

/**
 * What a model's bill reads beyond the output seconds: `none`; `reference-video-capped` (wan2.6 r2v: the reference
 * videos' seconds under {@link REFERENCE_VIDEO_CAP}); `reference-video` (wan2.7 r2v: input + output seconds, S8,
 * with no cap documented, so a quote without the usage is an upper bound).
 */
export type InputBilling = 'none' | 'reference-video-capped' | 'reference-video';

/** A model's request shape: the records above, chosen per model in the registry. */
export interface RequestShape {
  readonly style: ParameterStyle;
  readonly shotType: ShotTypeRule;
  /** Whether `parameters.prompt_extend` is defined (the wan2.6 r2v references do not list it, S4/S5). */
  readonly promptExtend: boolean;
  readonly media?: MediaRule;
  readonly inputBilling: InputBilling;
}

/** The usage a SUCCEEDED task reports, as the official examples show it, and which field is the billed seconds. */
export interface UsageShape {
  /** `video_duration` (first batch: output seconds), `duration` (s2v, and wan2.6+: "用于计费", input + output). */
  readonly billedField: 'video_duration' | 'duration';
  /**
   * The usage fields billing reads its seconds from, first present wins. wan2.6+ reads `duration` alone: the Python
   * SDK's answers also carry the legacy `video_duration: 0` (reference §4, type caveats).
   */
  readonly secondsFields: readonly ('video_duration' | 'duration')[];
  /** The fields the official example shows, in its order. */
  readonly fields: readonly string[];
  /** Whether `output.actual_prompt` carries the rewritten prompt (wan2.6: "均不返回此字段"; wan2.7: not documented). */
  readonly actualPrompt: boolean;
}
