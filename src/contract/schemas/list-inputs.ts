import { Type, type TSchema } from '@sinclair/typebox';
import type { ListInputField, ModelEntry } from '../models.js';
import { REFERENCE_URLS, type MediaRule } from '../request-shapes.js';
import { Enum, FETCHED_URL_PATTERN, INLINE_IMAGE_URL_PATTERN, MediaUrl } from './common.js';

const referenceUrl = MediaUrl('fetched', 'Reference image or video: http(s) or oss:// URL.');

/** The item schema of a typed `input.media[]`: `{type, url}`, plus `reference_voice` where a type takes one. */
function mediaItem(rule: MediaRule): TSchema {
  const types = Object.keys(rule.types);
  const voiced = types.filter((t) => rule.types[t]?.voice);
  return Type.Object(
    {
      type: Enum(types, { description: types.map((t) => `${t}: ${rule.types[t]?.description}`).join(' ') }),
      // Images also inline (data:), audio and video fetched only; the pattern follows the item's type.
      url: Type.String({ minLength: 1, description: 'The item: http(s) or oss:// URL; an image may be a data: URI.' }),
      ...(voiced.length > 0
        ? {
            reference_voice: Type.Optional(
              MediaUrl('fetched', `Voice of the reference (audio, 1–10 s); only on ${voiced.join(', ')}.`),
            ),
          }
        : {}),
    },
    {
      additionalProperties: false,
      allOf: types.map((t) => ({
        if: { properties: { type: { const: t } } },
        // The branch names every property an item of this type may carry, so that tools which close each
        // subschema (Redocly's example check adds unevaluatedProperties: false) accept a valid item.
        then: {
          properties: {
            type: { const: t },
            url: { pattern: rule.types[t]?.url === 'inline-image' ? INLINE_IMAGE_URL_PATTERN : FETCHED_URL_PATTERN },
            ...(rule.types[t]?.voice ? { reference_voice: {} } : {}),
          },
        },
      })),
    },
  );
}

function mediaDescription(rule: MediaRule): string {
  const parts = ['Typed inputs.'];
  if (rule.combinations)
    parts.push(
      `Each type at most once; allowed combinations: ${rule.combinations.map((c) => c.join(' + ')).join('; ')}.`,
    );
  if (rule.total) parts.push(`${rule.total.types.join(' + ')}: at most ${rule.total.max} items in all.`);
  return parts.join(' ');
}

/** The schemas of the list inputs: wan2.6 r2v's reference URLs and wan2.7's typed media, from the request shapes. */
export const LIST_INPUT_FIELDS: Record<ListInputField, (entry: ModelEntry) => TSchema> = {
  reference_urls: () =>
    Type.Array(referenceUrl, {
      minItems: 1,
      maxItems: REFERENCE_URLS.max,
      description: `Reference images (0–5) and videos (0–${REFERENCE_URLS.maxVideos}, MP4/MOV, 1–30 s), at most ${REFERENCE_URLS.max} in all; the prompt names them character1, character2… in this order.`,
    }),
  reference_video_urls: () =>
    Type.Array(referenceUrl, {
      maxItems: REFERENCE_URLS.maxVideos,
      deprecated: true,
      description: 'Deprecated: reference videos (2–30 s each); use reference_urls.',
    }),
  media: (entry) => {
    const rule = entry.request.media;
    if (!rule) throw new Error('a media input needs the model’s media rule');
    return Type.Array(mediaItem(rule), {
      minItems: 1,
      description: mediaDescription(rule),
    });
  },
};
