import { Type, type TSchema, type TUnsafe } from '@sinclair/typebox';

/** A closed set of values as one `enum` (clearer errors and OpenAPI than an anyOf of constants). */
export function Enum<const T extends readonly (string | number)[]>(
  values: T,
  options: Record<string, unknown> = {},
): TUnsafe<T[number]> {
  const type = values.every((v) => typeof v === 'number')
    ? values.every(Number.isInteger)
      ? 'integer'
      : 'number'
    : 'string';
  return Type.Unsafe<T[number]>({ type, enum: [...values], ...options });
}

/** A `oneOf` with an OpenAPI discriminator; ajv checks it with its `discriminator` option. */
export function DiscriminatedUnion<T extends TSchema>(
  propertyName: string,
  branches: TSchema[],
  options: Record<string, unknown> = {},
): TUnsafe<T['static']> {
  return Type.Unsafe<T['static']>({ oneOf: branches, discriminator: { propertyName }, ...options });
}

/**
 * Image inputs the service also takes inline: http(s), `oss://` (a temporary upload URL) or a base64 `data:` URI
 * of an image. Official i2v and kf2v references (help.aliyun.com/zh/model-studio/image-to-video-api-reference,
 * …/image-to-video-by-first-and-last-frame-api-reference): img_url, first_frame_url and last_frame_url take "URL或
 * Base64 编码数据" in the form `data:{MIME_type};base64,{base64_data}`.
 */
export const INLINE_IMAGE_URL_PATTERN = '^(https?://|oss://|data:image/[A-Za-z0-9.+-]+;base64,)';

/**
 * Inputs the service only fetches: http(s) or `oss://`, never a `data:` URI. Every audio_url ("支持 HTTP 或 HTTPS
 * 协议", the same references) and the s2v portrait (help.aliyun.com/zh/model-studio/wan-s2v-api: "上传图片仅支持公网可
 * 访问的 HTTP/HTTPS 链接"; local files go through a temporary oss:// upload).
 */
export const FETCHED_URL_PATTERN = '^(https?://|oss://)';

/** What each media pattern accepts, in words for error messages. */
export const MEDIA_URL_PATTERNS: Readonly<Record<string, string>> = {
  [INLINE_IMAGE_URL_PATTERN]: 'an http(s) URL, an oss:// URL or a data:image/…;base64, URI',
  [FETCHED_URL_PATTERN]: 'an http(s) or oss:// URL (the service fetches this input; it takes no data: URI)',
};

/** Task time fields: `YYYY-MM-DD HH:mm:ss.SSS`, no zone (Beijing time upstream). */
export const TIME_PATTERN = '^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}(\\.\\d{1,6})?$';

/** A media URL field: an image the service also takes inline, or an input it only fetches. */
export function MediaUrl(kind: 'inline-image' | 'fetched', description: string) {
  const pattern = kind === 'inline-image' ? INLINE_IMAGE_URL_PATTERN : FETCHED_URL_PATTERN;
  return Type.String({ minLength: 1, pattern, description });
}

/** The largest seed the official API accepts. */
export const MAX_SEED = 2147483647;

/** The longest negative prompt the official service keeps; it truncates longer ones ("超过部分会自动截断"). */
export const MAX_NEGATIVE_PROMPT = 500;
