import { SAMPLE_VIDEO_BASE64 } from './sample-video.js';
import type { MockReply } from './reply.js';

/** The bytes of the sample MP4 every SUCCEEDED task points at. */
export const SAMPLE_VIDEO: Uint8Array = Uint8Array.from(atob(SAMPLE_VIDEO_BASE64), (c) => c.charCodeAt(0));

/** The video answer: `video/mp4`, the sample's bytes (none for HEAD). */
export function videoReply(requestId: string, head: boolean): MockReply {
  return {
    status: 200,
    headers: {
      'content-type': 'video/mp4',
      'content-length': String(SAMPLE_VIDEO.byteLength),
      'cache-control': 'private, max-age=86400',
      'x-request-id': requestId,
    },
    body: head ? null : SAMPLE_VIDEO,
    requestId,
  };
}
