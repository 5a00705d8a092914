import type { Capability } from './capabilities.js';
import { MODELS, type ModelEntry, type ModelId } from './models.js';
import { RATIO_SIZES, RATIOS } from './request-shapes.js';
import { defaultSizeOf, tierOfSize, type Resolution, type Size } from './resolutions.js';

/** Where a SUCCEEDED task carries its video URL. */
export type ResultLocation = 'output.video_url' | 'output.results.video_url';

/** A rule decided from official sources: its value and where it comes from (shown in the profile table). */
export interface SourcedRule<T extends string> {
  readonly value: T;
  readonly source: string;
}

/** The facts that make a profile; the differences table is generated from these. */
export interface ProfileDefinition {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  /** Public servers, for the OpenAPI document. */
  readonly servers: readonly { readonly url: string; readonly description: string }[];
  readonly basePath: string;
  /** Submit path of each model, under the base path. */
  readonly submitPath: 'single' | 'official';
  /** Fields that carry the resolution on text-to-video. */
  readonly textToVideoResolution: 'resolution, or size as an alias' | 'size';
  readonly asyncHeader: 'optional' | 'required';
  /** Where SUCCEEDED subject-reference tasks carry the video URL (every other capability: output.video_url). */
  readonly subjectReferenceResult: ResultLocation;
  /** Whether the page-only fields (s2v `input.prompt`, `parameters.duration`) are part of the contract. */
  readonly pageOnlyFields: 'accepted' | 'not defined (ignored)';
  /** How `task_status: "SUSPENDED"` reads: a status the official SDKs know, never documented for video tasks. */
  readonly suspendedStatus: SourcedRule<'intermediate (keep polling)' | 'not defined (a contract violation)'>;
  /**
   * Whether the official image2video submit path answers too, as an alias, for the models the official service
   * serves there, on a profile whose own submit path is the single one.
   */
  readonly officialSubmitPathAlias: SourcedRule<'accepted' | 'not offered' | 'not applicable (the official paths)'>;
}

// Official sources of the two decisions below (issue 10): the SDKs and the official API pages.
const SDK_STATUS_SOURCES =
  'dashscope-sdk-python 1.26.2 dashscope/common/constants.py TaskStatus and dashscope/client/base_api.py wait() (stops only on SUCCEEDED, FAILED, CANCELED, UNKNOWN); dashscope-sdk-java@7be4b738 src/main/java/com/alibaba/dashscope/common/TaskStatus.java; help.aliyun.com/zh/model-studio/manage-asynchronous-tasks (lists PENDING, RUNNING, SUCCEEDED, FAILED, CANCELED, UNKNOWN)';
const SUSPENDED_INTERMEDIATE = {
  value: 'intermediate (keep polling)',
  source: `No official video page documents SUSPENDED, but every official SDK knows it and keeps polling a task in it, so an upstream that sends it breaks no official client: the contract reads it as an intermediate status (rank of RUNNING, never billed), not a violation. ${SDK_STATUS_SOURCES}`,
} as const;

/** The two profiles: the gateway's page and the official upstream. */
export const PROFILES = {
  crazyrouter: {
    id: 'crazyrouter',
    title: 'Crazyrouter Wan video (Ali Bailian-compatible)',
    description:
      "The gateway's customer-facing contract: one submit path for every model, results at output.video_url.",
    servers: [{ url: 'https://crazyrouter.com/alibailian/api/v1', description: 'Crazyrouter gateway' }],
    basePath: '/alibailian/api/v1',
    submitPath: 'single',
    textToVideoResolution: 'resolution, or size as an alias',
    asyncHeader: 'optional',
    subjectReferenceResult: 'output.video_url',
    pageOnlyFields: 'accepted',
    // The gateway forwards upstream statuses to customers who use the same official SDKs.
    suspendedStatus: SUSPENDED_INTERMEDIATE,
    officialSubmitPathAlias: {
      value: 'accepted',
      source:
        'The official SDKs send every model whose name contains "kf2v" to /services/aigc/image2video/video-synthesis (dashscope-sdk-python 1.26.2 dashscope/aigc/video_synthesis.py _get_input; dashscope-sdk-java@7be4b738 VideoSynthesis.java asyncCall; dashscope-sdk-nodejs@64b95ad1 src/aigc/videoSynthesis/index.ts getVideoTask) and the official s2v page submits wan2.2-s2v there (help.aliyun.com/zh/model-studio/wan-s2v-api). The page names only the single path, so the gateway accepts the official path as an alias for exactly those models, as it accepts size for resolution: official SDK customers work unchanged.',
    },
  },
  dashscope: {
    id: 'dashscope',
    title: 'DashScope Wan video (official upstream)',
    description: 'The official Alibaba Cloud Model Studio (DashScope / Bailian) video-synthesis contract.',
    servers: [
      { url: 'https://dashscope.aliyuncs.com/api/v1', description: 'Beijing' },
      { url: 'https://dashscope-intl.aliyuncs.com/api/v1', description: 'Singapore' },
      { url: 'https://dashscope-us.aliyuncs.com/api/v1', description: 'Virginia (the -us models)' },
    ],
    basePath: '/api/v1',
    submitPath: 'official',
    textToVideoResolution: 'size',
    asyncHeader: 'required',
    subjectReferenceResult: 'output.results.video_url',
    pageOnlyFields: 'not defined (ignored)',
    suspendedStatus: SUSPENDED_INTERMEDIATE,
    officialSubmitPathAlias: {
      value: 'not applicable (the official paths)',
      source: 'The official submit paths are this profile’s own (text-to-video and image-to-video API references).',
    },
  },
} as const satisfies Record<string, ProfileDefinition>;

/** A profile id, derived from {@link PROFILES}. */
export type ProfileId = keyof typeof PROFILES;

/** The profile used when none is given: the gateway's page, the contract this package was written for. */
export const DEFAULT_PROFILE: ProfileId = 'crazyrouter';

/**
 * The profile a live base URL follows, told apart by its base path (`…/alibailian/api/v1` is the page's); any
 * other URL is taken for the official upstream, which every other Bailian-compatible service copies.
 */
export function profileOfBaseUrl(baseUrl: string): ProfileId {
  const path = new URL(baseUrl).pathname.replace(/\/+$/, '');
  // Longest base path first: /api/v1 is a suffix of /alibailian/api/v1.
  const byBase = [...PROFILE_IDS].sort((a, b) => PROFILES[b].basePath.length - PROFILES[a].basePath.length);
  return byBase.find((p) => path.endsWith(PROFILES[p].basePath)) ?? 'dashscope';
}

/** Every profile id. */
export const PROFILE_IDS = Object.keys(PROFILES) as ProfileId[];

/** True for a profile id. */
export function isProfileId(value: unknown): value is ProfileId {
  return typeof value === 'string' && Object.hasOwn(PROFILES, value);
}

/** Where a SUCCEEDED task of this capability carries its video URL under the profile. */
export function resultLocationOf(profile: ProfileId, capability: Capability): ResultLocation {
  return capability === 'subject-reference' ? PROFILES[profile].subjectReferenceResult : 'output.video_url';
}

/** Whether `parameters.resolution` is part of the profile's contract for this capability. */
export function acceptsResolutionField(profile: ProfileId, capability: Capability): boolean {
  return capability !== 'text-to-video' || PROFILES[profile].textToVideoResolution !== 'size';
}

/** Whether `parameters.size` is part of the profile's contract for this capability (text-to-video only). */
export function acceptsSizeField(capability: Capability): boolean {
  return capability === 'text-to-video';
}

/** Whether the profile requires `X-DashScope-Async: enable` on submit (the official upstream accepts only async calls). */
export function requiresAsyncHeader(profile: ProfileId): boolean {
  return PROFILES[profile].asyncHeader === 'required';
}

/** Whether the page-only `parameters.duration` of a model (s2v) is part of the profile's contract. */
export function acceptsPageOnlyDuration(profile: ProfileId, model: ModelId): boolean {
  const pageOnly: readonly string[] = MODELS[model].pageOnly.parameters;
  return PROFILES[profile].pageOnlyFields === 'accepted' && pageOnly.includes('duration');
}

/**
 * The request fields the profile's upstream renders the resolution from, for a capability, first match wins:
 * the page's gateway takes `resolution` (or `size` as an alias) on text-to-video; the official upstream renders
 * text-to-video from `size` alone and ignores `resolution` (text-to-video API reference); every other capability
 * takes `resolution` only. None present: the model's default (officially 1920*1080 for text-to-video, 1080P).
 */
export function resolutionFieldsOf(profile: ProfileId, capability: Capability): readonly ('resolution' | 'size')[] {
  const fields: ('resolution' | 'size')[] = [];
  if (acceptsResolutionField(profile, capability)) fields.push('resolution');
  if (acceptsSizeField(capability)) fields.push('size');
  return fields;
}

/**
 * The request fields a model's tier is read from under a profile, first match wins, from its parameter style
 * (request-shapes.ts): the first batch follows {@link resolutionFieldsOf}; the newer styles name one field each.
 */
export function tierFieldsOf(profile: ProfileId, model: ModelId): readonly ('resolution' | 'size')[] {
  const entry: ModelEntry = MODELS[model];
  switch (entry.request.style) {
    case 'tier':
      return resolutionFieldsOf(profile, entry.capability);
    case 'size':
      return ['size'];
    default:
      return ['resolution'];
  }
}

/**
 * The size a model's task renders under the profile: the wan2.7 tier and `ratio` (default 16:9) where the model
 * takes a ratio, else {@link renderedSizeOf} over the fields the model's style reads.
 */
export function renderedSizeOfModel(
  profile: ProfileId,
  model: ModelId,
  parameters: { readonly size?: unknown; readonly ratio?: unknown } | undefined,
  tier: Resolution,
): string {
  const entry: ModelEntry = MODELS[model];
  if (entry.request.style === 'resolution-ratio') {
    const sizes: Record<string, string> = RATIO_SIZES[tier as keyof typeof RATIO_SIZES] ?? {};
    const ratio =
      typeof parameters?.ratio === 'string' && Object.hasOwn(sizes, parameters.ratio) ? parameters.ratio : RATIOS[0];
    return sizes[ratio] ?? defaultSizeOf(tier);
  }
  const reads = tierFieldsOf(profile, model).includes('size');
  const asked = parameters?.size;
  return reads && typeof asked === 'string' && tierOfSize(asked) === tier ? asked : defaultSizeOf(tier);
}

/**
 * The size a task's video has under the profile: the request's `size` where the profile reads it for this
 * capability and it belongs to the rendered tier, else the tier's default (text-to-video API reference: without
 * `size`, 1920*1080 at 1080P). The mock renders it and the delivered-video check holds a server to it.
 */
export function renderedSizeOf(profile: ProfileId, capability: Capability, asked: unknown, tier: Resolution): Size {
  const reads = resolutionFieldsOf(profile, capability).includes('size');
  return reads && typeof asked === 'string' && tierOfSize(asked) === tier ? (asked as Size) : defaultSizeOf(tier);
}
