import type { Size } from '../contract/resolutions.js';
import { VIDEO_CORS_HEADERS } from './cors.js';
import type { MockReply } from './reply.js';
import { videoKey, videoSpecOf, type VideoSpec } from './video-set.js';

const inflated = new Map<string, Promise<Uint8Array>>();

async function inflate(base64: string): Promise<Uint8Array> {
  const gzip = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  // DecompressionStream is Web-standard (Node, Deno, Bun, workers): the handler needs no node:zlib.
  const stream = new Blob([gzip]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/**
 * The MP4 the mock serves for a video of this size and length (see `VIDEO_SPECS`): a still frame whose `tkhd` width
 * and height and `mvhd` duration are exactly these. Inflated on first use and kept.
 * @example (await mockVideo({ width: 1920, height: 1080, seconds: 5 })).byteLength // ≈ 7 KB
 */
export function mockVideo(spec: VideoSpec): Promise<Uint8Array> {
  const key = videoKey(spec);
  let bytes = inflated.get(key);
  if (!bytes) {
    bytes = import('./video-files.js').then(({ VIDEO_FILES }) => {
      const data = VIDEO_FILES[key];
      if (data === undefined) throw new RangeError(`the mock has no ${key} video: run npm run videos`);
      return inflate(data);
    });
    inflated.set(key, bytes);
  }
  return bytes;
}

const RANGE = /^bytes=(\d*)-(\d*)$/;

/** The one byte range a `Range` header asks for, `'unsatisfiable'`, or undefined to send the whole file (RFC 9110 §14). */
function rangeOf(
  header: string | undefined,
  length: number,
): { start: number; end: number } | 'unsatisfiable' | undefined {
  if (header === undefined) return undefined;
  const match = RANGE.exec(header.trim());
  // Several ranges, or another unit: a server may ignore the header and send the whole file.
  if (!match) return undefined;
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return undefined;
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0) return 'unsatisfiable';
    return { start: Math.max(0, length - suffix), end: length - 1 };
  }
  const start = Number(first);
  if (start >= length) return 'unsatisfiable';
  const end = last === '' ? length - 1 : Math.min(Number(last), length - 1);
  if (end < start) return undefined;
  return { start, end };
}

/** The video answer of a task of this size and length: 200 with the whole MP4, or 206 with the range asked for. */
export async function videoReply(
  requestId: string,
  head: boolean,
  size: Size,
  seconds: number,
  range: string | undefined,
): Promise<MockReply> {
  const bytes = await mockVideo(videoSpecOf(size, seconds));
  const headers = {
    ...VIDEO_CORS_HEADERS,
    'content-type': 'video/mp4',
    'accept-ranges': 'bytes',
    'cache-control': 'private, max-age=86400',
    'x-request-id': requestId,
  };
  const wanted = rangeOf(range, bytes.byteLength);
  if (wanted === 'unsatisfiable') {
    return {
      status: 416,
      headers: { ...headers, 'content-range': `bytes */${bytes.byteLength}` },
      body: null,
      requestId,
    };
  }
  const part = wanted ? bytes.subarray(wanted.start, wanted.end + 1) : bytes;
  return {
    status: wanted ? 206 : 200,
    headers: {
      ...headers,
      'content-length': String(part.byteLength),
      ...(wanted ? { 'content-range': `bytes ${wanted.start}-${wanted.end}/${bytes.byteLength}` } : {}),
    },
    body: head ? null : part,
    requestId,
  };
}
