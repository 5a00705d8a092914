import { describe, expect, test } from 'vitest';
import { SAMPLE_VIDEO } from '../../src/mock.js';
import { exampleRequest, mockHarness, ORIGIN } from './helpers.js';

/** The top-level ISO-BMFF boxes of a file: type and size, in order. */
function topLevelBoxes(bytes: Uint8Array): { type: string; size: number }[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const boxes: { type: string; size: number }[] = [];
  for (let at = 0; at + 8 <= bytes.byteLength;) {
    const size = view.getUint32(at);
    const type = new TextDecoder().decode(bytes.subarray(at + 4, at + 8));
    if (size < 8 || at + size > bytes.byteLength) throw new Error(`bad box ${type} of ${size} bytes at ${at}`);
    boxes.push({ type, size });
    at += size;
  }
  return boxes;
}

describe('artifacts', () => {
  test('ships an MP4 of a few KB made of ftyp, moov and mdat boxes that fill the file exactly', () => {
    const boxes = topLevelBoxes(SAMPLE_VIDEO);
    expect(boxes.map((b) => b.type)).toEqual(expect.arrayContaining(['ftyp', 'moov', 'mdat']));
    expect(boxes[0]?.type).toBe('ftyp');
    expect(boxes.reduce((sum, b) => sum + b.size, 0)).toBe(SAMPLE_VIDEO.byteLength);
    expect(SAMPLE_VIDEO.byteLength).toBeGreaterThan(1000);
    expect(SAMPLE_VIDEO.byteLength).toBeLessThan(20_000);
    // The video track is H.264 (avc1 sample entry inside moov).
    expect(Buffer.from(SAMPLE_VIDEO).includes(Buffer.from('avc1'))).toBe(true);
  });

  test('serves the video of a SUCCEEDED task as video/mp4 without a key', async () => {
    const mock = mockHarness({ pendingMs: 0, runningMs: 0 });
    const { body } = await mock.submit('crazyrouter', exampleRequest('wan2.2-i2v-flash', 'crazyrouter'));
    const url = (await mock.poll('crazyrouter', body.output.task_id)).body.output.video_url as string;
    const res = await mock.handle(new Request(url));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('video/mp4');
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(SAMPLE_VIDEO);
    const head = await mock.handle(new Request(url, { method: 'HEAD' }));
    expect(head.headers.get('content-length')).toBe(String(SAMPLE_VIDEO.byteLength));
  });

  test('answers 404 for the video of an unknown or unfinished task', async () => {
    const mock = mockHarness();
    const { body } = await mock.submit('crazyrouter', exampleRequest('wan2.2-i2v-flash', 'crazyrouter'));
    for (const id of ['nope', body.output.task_id]) {
      const res = await mock.handle(new Request(`${ORIGIN}/mock-artifacts/${id}.mp4`));
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({ code: 'NotFound' });
    }
  });
});
