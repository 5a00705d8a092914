import { describe, expect, test } from 'vitest';
import { createClient } from '../../../src/client.js';
import {
  probeVideo,
  VIDEO_FIRST_READ_BYTES,
  VIDEO_MAX_READ_BYTES,
} from '../../../src/conformance/execute/video-probe.js';
import { mockVideo } from '../../../src/mock/artifact.js';

const URL_ = 'https://cdn.example.com/video.mp4';

function box(type: string, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(8 + body.byteLength);
  new DataView(out.buffer).setUint32(0, out.byteLength);
  out.set(
    [...type].map((c) => c.charCodeAt(0)),
    4,
  );
  out.set(body, 8);
  return out;
}

/** The boxes of an MP4, by type, in file order. */
function boxes(bytes: Uint8Array): Map<string, Uint8Array> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const found = new Map<string, Uint8Array>();
  for (let at = 0; at < bytes.byteLength;) {
    const size = view.getUint32(at);
    found.set(String.fromCharCode(...bytes.subarray(at + 4, at + 8)), bytes.subarray(at, at + size));
    at += size;
  }
  return found;
}

const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
};

/** A 1080P 5 s MP4 written with its header last, after `mdatBytes` of media data and `freeBytes` of padding. */
async function headerLast(mdatBytes: number, freeBytes = 0): Promise<Uint8Array> {
  const parts = boxes(await mockVideo({ width: 1920, height: 1080, seconds: 5 }));
  const free = freeBytes > 0 ? [box('free', new Uint8Array(freeBytes - 8))] : [];
  return concat(parts.get('ftyp')!, box('mdat', new Uint8Array(mdatBytes - 8)), ...free, parts.get('moov')!);
}

/** A server for one file: honours a single `Range` (206) unless told to ignore it (200, the whole file). */
function serve(file: Uint8Array, ranges = true) {
  const asked: string[] = [];
  const fetch = async (_url: string | URL | Request, init?: RequestInit) => {
    const range = new Headers(init?.headers).get('range') ?? '';
    asked.push(range);
    const m = /^bytes=(\d+)-(\d+)$/.exec(range);
    if (!ranges || !m) return new Response(file.slice(), { status: 200, headers: { 'content-type': 'video/mp4' } });
    const start = Number(m[1]);
    const end = Math.min(Number(m[2]), file.byteLength - 1);
    return new Response(file.slice(start, end + 1), {
      status: 206,
      headers: { 'content-type': 'video/mp4', 'content-range': `bytes ${start}-${end}/${file.byteLength}` },
    });
  };
  return { client: createClient({ baseUrl: 'https://api.example.com/api/v1', fetch: fetch as typeof fetch }), asked };
}

describe('probeVideo', () => {
  test('reads a +faststart header from one range of the first bytes', async () => {
    const { client, asked } = serve(await mockVideo({ width: 1280, height: 720, seconds: 10 }));
    const { probe } = await probeVideo(client, URL_, new AbortController().signal);
    expect(probe).toMatchObject({
      kind: 'facts',
      facts: { width: 1280, height: 720, durationSeconds: 10, frameSeconds: 1 },
    });
    expect(asked).toEqual([`bytes=0-${VIDEO_FIRST_READ_BYTES - 1}`]);
  });

  test('reads a header written after the media data from a second range, skipping the media data', async () => {
    const file = await headerLast(4 * VIDEO_MAX_READ_BYTES);
    const { client, asked } = serve(file);
    const { probe } = await probeVideo(client, URL_, new AbortController().signal);
    expect(probe).toMatchObject({ kind: 'facts', facts: { width: 1920, height: 1080, durationSeconds: 5 } });
    expect(asked).toHaveLength(2);
    expect(asked[1]).toMatch(new RegExp(`^bytes=${4 * VIDEO_MAX_READ_BYTES + 32}-`));
    expect(probe.bytesRead).toBeLessThanOrEqual(VIDEO_MAX_READ_BYTES);
  });

  test('says "not determinable" when the header lies beyond the byte cap', async () => {
    const { client } = serve(await headerLast(VIDEO_FIRST_READ_BYTES, 2 * VIDEO_MAX_READ_BYTES));
    const { probe } = await probeVideo(client, URL_, new AbortController().signal);
    expect(probe.kind).toBe('undetermined');
    expect(probe.bytesRead).toBeLessThanOrEqual(VIDEO_MAX_READ_BYTES);
    expect((probe as { message: string }).message).toMatch(/^not determinable: /);
  });

  test('reads no more than the first cap of a server that ignores Range', async () => {
    const { client } = serve(await headerLast(3 * VIDEO_FIRST_READ_BYTES), false);
    const { probe, first } = await probeVideo(client, URL_, new AbortController().signal);
    expect(first.status).toBe(200);
    expect(probe.kind).toBe('undetermined');
    expect(probe.bytesRead).toBe(VIDEO_FIRST_READ_BYTES);
  });

  test('calls bytes that are not an MP4 unreadable', async () => {
    const { client } = serve(new TextEncoder().encode('<html><body>AccessDenied</body></html>'));
    const { probe } = await probeVideo(client, URL_, new AbortController().signal);
    expect(probe).toMatchObject({ kind: 'unreadable' });
  });
});
