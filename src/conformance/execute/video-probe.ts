import type { Answer, Client } from '../../client/index.js';
import type { Exchange } from '../../client/exchange.js';
import { headerFromTail, moovPlace, Mp4Error, readMp4Facts } from '../../media/mp4.js';
import type { VideoProbe } from '../../rules/video.js';

/** Bytes asked for by the first read of a video: a `+faststart` header of a long video fits with room to spare. */
export const VIDEO_FIRST_READ_BYTES = 256 * 1024;
/** The most bytes the runner reads of one video, over every read: beyond it the header is "not determinable". */
export const VIDEO_MAX_READ_BYTES = 1024 * 1024;

/** What a probe keeps of its first answer, for the download cases that judge it. */
export interface ProbedVideo {
  readonly probe: VideoProbe;
  /** The first download answer (its exchange is judged by `result-video-downloads`). */
  readonly first: Answer;
}

const is2xx = (status: number) => status >= 200 && status < 300;

/**
 * One GET of a result URL, never retried: without the key (result URLs are pre-signed and may live on a CDN), as
 * bytes, and within `range` when given.
 */
export function downloadVideo(
  client: Client,
  url: string,
  signal: AbortSignal,
  range?: { readonly start: number; readonly maxBytes: number },
) {
  return client.send({
    operation: 'download',
    method: 'GET',
    path: url,
    auth: 'none',
    binary: true,
    ...(range ? { range } : {}),
    retry: false,
    signal,
  });
}

/**
 * Reads the header of a video with bounded bytes: the first {@link VIDEO_FIRST_READ_BYTES} (a `Range` request, read
 * with a hard cap whether or not the server honours it), then, when the header comes after the media data, the
 * range that holds it; never more than {@link VIDEO_MAX_READ_BYTES} in all. The key is never sent: result URLs are
 * pre-signed and may live on a CDN. Throws only what the client throws (transport errors, timeouts).
 */
export async function probeVideo(client: Client, url: string, signal: AbortSignal): Promise<ProbedVideo> {
  const seqs: number[] = [];
  const read = async (start: number, maxBytes: number) => {
    const answer = await downloadVideo(client, url, signal, { start, maxBytes });
    seqs.push(answer.exchange.seq);
    return answer;
  };
  const first = await read(0, VIDEO_FIRST_READ_BYTES);
  const done = (probe: VideoProbe): ProbedVideo => ({ probe, first });
  let bytesRead = first.data?.byteLength ?? 0;
  if (!is2xx(first.status))
    return done({ kind: 'http', message: `the download answered HTTP ${first.status}`, bytesRead, seqs });
  let data = first.data ?? new Uint8Array(0);
  // A server that ignores Range sends the whole file with 200: only its first bytes were read, and no later part
  // can be asked for on its own.
  const ranged = first.status === 206;
  // Fewer bytes than asked for: the file ended.
  let ended = data.byteLength < VIDEO_FIRST_READ_BYTES;
  try {
    for (;;) {
      const place = moovPlace(data);
      if (place.kind === 'here') return done({ kind: 'facts', facts: readMp4Facts(data), bytesRead, seqs });
      const left = VIDEO_MAX_READ_BYTES - bytesRead;
      if (ended) throw new Mp4Error(`no whole moov box in the file (${data.byteLength} bytes)`);
      if (place.kind === 'more') {
        if (!ranged || left <= 0) return done(undetermined(bytesRead, seqs, 'the header runs past the bytes read'));
        const more = await read(data.byteLength, left);
        if (more.status !== 206 || !more.data)
          return done(undetermined(bytesRead, seqs, `reading on answered HTTP ${more.status}`));
        bytesRead += more.data.byteLength;
        ended = more.data.byteLength < left;
        const joined = new Uint8Array(data.byteLength + more.data.byteLength);
        joined.set(data, 0);
        joined.set(more.data, data.byteLength);
        data = joined;
        continue;
      }
      if (!ranged)
        return done(
          undetermined(bytesRead, seqs, `the header starts at byte ${place.offset} and the server ignores Range`),
        );
      if (left <= 0) return done(undetermined(bytesRead, seqs, `the header starts at byte ${place.offset}`));
      const tail = await read(place.offset, left);
      if (tail.status !== 206 || !tail.data)
        return done(undetermined(bytesRead, seqs, `the range at byte ${place.offset} answered HTTP ${tail.status}`));
      bytesRead += tail.data.byteLength;
      const header = headerFromTail(place.ftyp, tail.data);
      if (!header)
        return done(
          undetermined(bytesRead, seqs, `the header at byte ${place.offset} is not whole within the bytes read`),
        );
      return done({ kind: 'facts', facts: readMp4Facts(header), bytesRead, seqs });
    }
  } catch (error) {
    if (!(error instanceof Mp4Error)) throw error;
    return done({ kind: 'unreadable', message: error.message, bytesRead, seqs });
  }
}

function undetermined(bytesRead: number, seqs: readonly number[], why: string): VideoProbe {
  return {
    kind: 'undetermined',
    message: `not determinable: the MP4 header is not within the ${VIDEO_MAX_READ_BYTES} bytes the runner reads (${why}; ${bytesRead} bytes read)`,
    bytesRead,
    seqs,
  };
}

/** The video URL of a task's final answer, where either profile puts it. */
export function videoUrlOfExchange(final: Exchange | undefined): string | undefined {
  const output = (
    final?.response?.body as { output?: { video_url?: unknown; results?: { video_url?: unknown } } } | undefined
  )?.output;
  const url = typeof output?.video_url === 'string' ? output.video_url : output?.results?.video_url;
  return typeof url === 'string' && URL.canParse(url) ? url : undefined;
}
