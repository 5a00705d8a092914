import { createFile, MP4BoxBuffer, type Movie } from 'mp4box';

/** What an MP4's header says about its video: the first video track's `tkhd` size and the `mvhd` duration. */
export interface Mp4Facts {
  /** `tkhd` width of the first video track, in pixels. */
  readonly width: number;
  /** `tkhd` height of the first video track, in pixels. */
  readonly height: number;
  /** `mvhd` duration in seconds (duration / timescale). */
  readonly durationSeconds: number;
  /** `mvhd` duration and timescale, as stored. */
  readonly duration: number;
  readonly timescale: number;
  /** The codec string of the video track (`avc1.42c01e`). */
  readonly codec: string;
  /** Samples (frames) in the video track. */
  readonly frames: number;
  /**
   * The longest frame of the video track in seconds: the largest `stts` sample delta over the track's `mdhd`
   * timescale (a constant-rate video's one frame duration). "Within one frame" comparisons use it.
   */
  readonly frameSeconds: number;
}

/** Raised for bytes that are not an MP4 whose header can be read. */
export class Mp4Error extends Error {
  override readonly name = 'Mp4Error';
}

const BOX_TYPE = /^[\x20-\x7e]{4}$/;

/**
 * Walks the top-level boxes up to `moov`: bytes that are not a box sequence (an HTML page, a JSON error) are refused
 * here, before mp4box, which writes its parse errors to the console.
 */
function checkBoxes(bytes: Uint8Array): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  while (at + 8 <= bytes.byteLength) {
    let size = view.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    if (!BOX_TYPE.test(type)) throw new Mp4Error(`not an MP4: no box at byte ${at} (found ${JSON.stringify(type)})`);
    if (type === 'moov') return;
    if (size === 1 && at + 16 <= bytes.byteLength) size = Number(view.getBigUint64(at + 8));
    if (size === 0) break;
    if (size < 8) throw new Mp4Error(`not an MP4: the ${type} box at byte ${at} declares ${size} bytes`);
    at += size;
  }
  throw new Mp4Error(
    `no moov box in the first ${bytes.byteLength} bytes: not an MP4, or its header is not at the start`,
  );
}

/**
 * Reads the header of an MP4 with mp4box.js (GPAC's parser): the first video track's `tkhd` width and height and the
 * `mvhd` duration. `bytes` may be only the start of a file whose `moov` comes first (`+faststart`), so a caller
 * can bound what it downloads. Throws {@link Mp4Error} when no `moov` with a video track is found in the bytes.
 * @example readMp4Facts(new Uint8Array(await (await fetch(url)).arrayBuffer())) // { width: 1920, height: 1080, durationSeconds: 5, … }
 */
export function readMp4Facts(bytes: Uint8Array): Mp4Facts {
  checkBoxes(bytes);
  const file = createFile();
  let movie: Movie | undefined;
  let failure: string | undefined;
  file.onReady = (info) => {
    movie = info;
  };
  file.onError = (module, message) => {
    failure = `${module}: ${message}`;
  };
  const buffer = MP4BoxBuffer.fromArrayBuffer(
    bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
    0,
  );
  try {
    file.appendBuffer(buffer, true);
    file.flush();
  } catch (error) {
    throw new Mp4Error(`not a readable MP4: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!movie) {
    throw new Mp4Error(
      failure
        ? `not a readable MP4: ${failure}`
        : `no moov box in the first ${bytes.byteLength} bytes: not an MP4, or its header is not at the start`,
    );
  }
  const track = movie.videoTracks[0];
  if (!track) throw new Mp4Error('the MP4 has no video track');
  if (!(movie.timescale > 0)) throw new Mp4Error(`the MP4's mvhd timescale is ${movie.timescale}`);
  if (!(track.timescale > 0)) throw new Mp4Error(`the video track's mdhd timescale is ${track.timescale}`);
  const deltas = file.getTrackById(track.id)?.mdia?.minf?.stbl?.stts?.sample_deltas ?? [];
  // Without a sample table entry (an empty track), the average frame: the track's duration over its samples.
  const longest =
    deltas.length > 0 ? Math.max(...deltas) : track.nb_samples > 0 ? track.duration / track.nb_samples : 0;
  return {
    width: track.track_width,
    height: track.track_height,
    durationSeconds: movie.duration / movie.timescale,
    duration: movie.duration,
    timescale: movie.timescale,
    codec: track.codec,
    frames: track.nb_samples,
    frameSeconds: longest / track.timescale,
  };
}

/** Where the `moov` box of an MP4 lies, as far as its first bytes tell. */
export type MoovPlace =
  /** The header is in the bytes. */
  | { readonly kind: 'here' }
  /** The header comes after a box that runs past the bytes (usually `mdat`): read on from `offset`. */
  | { readonly kind: 'after'; readonly offset: number; readonly ftyp: Uint8Array }
  /** The bytes end inside the box sequence before `moov` shows: read more of the start. */
  | { readonly kind: 'more' };

/**
 * Where the `moov` box of an MP4 starts, from its first bytes: in them (`+faststart`), after a box that runs past
 * them (an encoder that writes the header last), or not yet known. Throws {@link Mp4Error} for bytes that are not
 * a box sequence.
 * @example moovPlace(first64k) // { kind: 'after', offset: 10485792, ftyp }
 */
export function moovPlace(bytes: Uint8Array): MoovPlace {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  let ftyp: Uint8Array | undefined;
  while (at + 8 <= bytes.byteLength) {
    let size = view.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    if (!BOX_TYPE.test(type)) throw new Mp4Error(`not an MP4: no box at byte ${at} (found ${JSON.stringify(type)})`);
    if (type === 'moov') return at + size <= bytes.byteLength ? { kind: 'here' } : { kind: 'more' };
    if (size === 1) {
      if (at + 16 > bytes.byteLength) return { kind: 'more' };
      size = Number(view.getBigUint64(at + 8));
    }
    // A box that runs to the end of the file (size 0) leaves no room for a header after it.
    if (size === 0) throw new Mp4Error(`no moov box: the ${type} box at byte ${at} runs to the end of the file`);
    if (size < 8) throw new Mp4Error(`not an MP4: the ${type} box at byte ${at} declares ${size} bytes`);
    if (type === 'ftyp' && at + size <= bytes.byteLength) ftyp = bytes.slice(at, at + size);
    if (at + size > bytes.byteLength) {
      if (!ftyp) throw new Mp4Error('not an MP4: no ftyp box before the media data');
      return { kind: 'after', offset: at + size, ftyp };
    }
    at += size;
  }
  return { kind: 'more' };
}

/**
 * The `moov` box at the start of bytes read from a later offset of the file (after the boxes `moovPlace` skipped),
 * joined to the file's `ftyp` so {@link readMp4Facts} can read it; undefined while the bytes do not hold it whole.
 */
export function headerFromTail(ftyp: Uint8Array, tail: Uint8Array): Uint8Array | undefined {
  const view = new DataView(tail.buffer, tail.byteOffset, tail.byteLength);
  let at = 0;
  while (at + 8 <= tail.byteLength) {
    const size = view.getUint32(at);
    const type = String.fromCharCode(...tail.subarray(at + 4, at + 8));
    if (!BOX_TYPE.test(type) || size < 8) return undefined;
    if (type === 'moov') {
      if (at + size > tail.byteLength) return undefined;
      const joined = new Uint8Array(ftyp.byteLength + size);
      joined.set(ftyp, 0);
      joined.set(tail.subarray(at, at + size), ftyp.byteLength);
      return joined;
    }
    at += size;
  }
  return undefined;
}
