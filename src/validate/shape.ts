import { MODELS, type ModelEntry, type ModelId } from '../contract/models.js';
import { REFERENCE_URLS, type MediaRule } from '../contract/request-shapes.js';
import { listAlternatives } from '../pricing/errors.js';
import type { ValidationIssue } from './result.js';

/** The parts of a schema-valid request the shape rules read. */
interface ShapedRequest {
  readonly model: ModelId;
  readonly input: Readonly<Record<string, unknown>>;
  readonly parameters?: Readonly<Record<string, unknown>> | undefined;
}

interface MediaItem {
  readonly type: string;
  readonly url: string;
  readonly reference_voice?: string;
}

const issue = (
  model: ModelId,
  path: string,
  code: string,
  message: string,
  expected?: string,
  received?: string,
): ValidationIssue => ({
  path,
  code,
  message: `${model}: ${message}`,
  ...(expected === undefined ? {} : { expected }),
  ...(received === undefined ? {} : { received }),
});

function countTypes(items: readonly MediaItem[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(item.type, (counts.get(item.type) ?? 0) + 1);
  return counts;
}

/** The rules of a typed `input.media[]` the schema cannot say: combinations, each type once, caps, voices. */
function mediaIssues(model: ModelId, rule: MediaRule, items: readonly MediaItem[]): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const counts = countTypes(items);
  const sent = [...counts.keys()];
  if (rule.combinations) {
    const twice = sent.filter((t) => (counts.get(t) ?? 0) > 1);
    for (const type of twice)
      issues.push(
        issue(
          model,
          'input.media',
          'duplicate',
          `input.media may hold each type once, received ${counts.get(type)} items of type ${type}`,
          'each type at most once',
          type,
        ),
      );
    const allowed = rule.combinations.map((c) => [...c].sort().join(' + '));
    const combination = [...new Set(sent)].sort().join(' + ');
    if (twice.length === 0 && !allowed.includes(combination))
      issues.push(
        issue(
          model,
          'input.media',
          'combination',
          `input.media must be one of ${listAlternatives(rule.combinations.map((c) => c.join(' + ')))}, received ${combination}`,
          allowed.join('; '),
          combination,
        ),
      );
  }
  for (const [type, def] of Object.entries(rule.types)) {
    const n = counts.get(type) ?? 0;
    if (def.max !== undefined && n > def.max)
      issues.push(
        issue(
          model,
          'input.media',
          'too-many',
          `input.media takes at most ${def.max} ${type}, received ${n}`,
          `at most ${def.max}`,
          String(n),
        ),
      );
  }
  if (rule.total) {
    const n = rule.total.types.reduce((sum, t) => sum + (counts.get(t) ?? 0), 0);
    if (n > rule.total.max)
      issues.push(
        issue(
          model,
          'input.media',
          'too-many',
          `input.media takes at most ${rule.total.max} ${rule.total.types.join(' + ')} in all, received ${n}`,
          `at most ${rule.total.max}`,
          String(n),
        ),
      );
  }
  items.forEach((item, i) => {
    if (item.reference_voice !== undefined && !rule.types[item.type]?.voice) {
      const voiced = Object.keys(rule.types).filter((t) => rule.types[t]?.voice);
      issues.push(
        issue(
          model,
          `input.media.${i}.reference_voice`,
          'not-allowed',
          `reference_voice belongs on ${listAlternatives(voiced)} items, received it on ${item.type}`,
          voiced.join(', '),
          item.type,
        ),
      );
    }
  });
  return issues;
}

/** Reference videos among `reference_urls`: URLs ending in a video extension (the references take MP4/MOV videos). */
export function referenceVideoCount(urls: readonly string[]): number {
  return urls.filter((u) =>
    REFERENCE_URLS.videoExtensions.some((ext) => new URL(u, 'http://x').pathname.toLowerCase().endsWith(ext)),
  ).length;
}

/**
 * Errors a schema-valid request still has under its model's request shape (request-shapes.ts): media combinations
 * and caps, reference videos over their cap, a duration over the cap a media type sets.
 */
export function shapeErrors(body: ShapedRequest): ValidationIssue[] {
  const entry: ModelEntry = MODELS[body.model];
  const issues: ValidationIssue[] = [];
  const media = body.input.media as MediaItem[] | undefined;
  if (entry.request.media && media) issues.push(...mediaIssues(body.model, entry.request.media, media));
  const refs = body.input.reference_urls as string[] | undefined;
  if (refs) {
    const videos = referenceVideoCount(refs);
    if (videos > REFERENCE_URLS.maxVideos)
      issues.push(
        issue(
          body.model,
          'input.reference_urls',
          'too-many',
          `input.reference_urls takes at most ${REFERENCE_URLS.maxVideos} videos (MP4/MOV), received ${videos}`,
          `at most ${REFERENCE_URLS.maxVideos} videos`,
          String(videos),
        ),
      );
  }
  const rule = entry.duration;
  const duration = body.parameters?.duration;
  if (rule.mode === 'range' && rule.maxWithMedia && typeof duration === 'number' && duration > rule.maxWithMedia.max) {
    const lowering = rule.maxWithMedia.type;
    if (media?.some((m) => m.type === lowering))
      issues.push(
        issue(
          body.model,
          'parameters.duration',
          'maximum',
          `duration must be at most ${rule.maxWithMedia.max} with a ${lowering} in input.media, received ${duration}`,
          `at most ${rule.maxWithMedia.max}`,
          String(duration),
        ),
      );
  }
  return issues;
}

/**
 * Warnings where the docs say a value is ignored: `shot_type` without `prompt_extend` (wan2.6 t2v/i2v), `shot_type`
 * on wan2.7 ("配置也不生效"), `audio_url` beside `audio: false` (flash: "audio > audio_url", the video is silent).
 */
export function shapeWarnings(body: ShapedRequest): ValidationIssue[] {
  const entry: ModelEntry = MODELS[body.model];
  const p = body.parameters ?? {};
  const warnings: ValidationIssue[] = [];
  if (p.shot_type !== undefined && entry.request.shotType === 'ignored')
    warnings.push(
      issue(
        body.model,
        'parameters.shot_type',
        'ignored',
        'shot_type has no effect on this model; describe the shots in the prompt',
        'no shot_type',
        JSON.stringify(p.shot_type),
      ),
    );
  if (p.shot_type !== undefined && entry.request.shotType === 'with-prompt-extend' && p.prompt_extend === false)
    warnings.push(
      issue(
        body.model,
        'parameters.shot_type',
        'ignored',
        'shot_type takes effect only with prompt_extend true; with prompt_extend false the service ignores it',
        'prompt_extend true',
        'prompt_extend false',
      ),
    );
  if (entry.audio === 'switchable' && p.audio === false && body.input.audio_url !== undefined)
    warnings.push(
      issue(
        body.model,
        'input.audio_url',
        'ignored',
        'audio is false, so the video is silent and billed as silent; input.audio_url is ignored',
        'no audio_url with audio false',
        'audio_url',
      ),
    );
  return warnings;
}
