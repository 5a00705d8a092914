import { inflateSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { SAMPLE_IMAGE_DAY, SAMPLE_IMAGE_NIGHT } from '../../src/contract/sample-media.js';
import { validateSubmitRequest } from '../../src/schemas.js';

// Official i2v/kf2v references: JPEG, JPG, PNG (no alpha channel), BMP or WEBP; 360 to 2000 px a side; 10 MB.
const PREFIX = 'data:image/png;base64,';

function png(uri: string) {
  expect(uri.startsWith(PREFIX)).toBe(true);
  const bytes = Buffer.from(uri.slice(PREFIX.length), 'base64');
  expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const chunks = new Map<string, Buffer[]>();
  for (let at = 8; at < bytes.length;) {
    const length = bytes.readUInt32BE(at);
    const type = bytes.toString('latin1', at + 4, at + 8);
    chunks.set(type, [...(chunks.get(type) ?? []), bytes.subarray(at + 8, at + 8 + length)]);
    at += 12 + length;
  }
  const ihdr = chunks.get('IHDR')![0]!;
  return {
    size: bytes.length,
    width: ihdr.readUInt32BE(0),
    height: ihdr.readUInt32BE(4),
    bitDepth: ihdr[8],
    colorType: ihdr[9],
    pixels: inflateSync(Buffer.concat(chunks.get('IDAT')!)),
    ended: chunks.has('IEND'),
  };
}

describe('sample media', () => {
  test.each([
    ['day', SAMPLE_IMAGE_DAY],
    ['night', SAMPLE_IMAGE_NIGHT],
  ])('the %s image is a complete PNG within the official image limits', (_name, uri) => {
    const image = png(uri);
    expect(image.width).toBeGreaterThanOrEqual(360);
    expect(image.width).toBeLessThanOrEqual(2000);
    expect(image.height).toBeGreaterThanOrEqual(360);
    expect(image.height).toBeLessThanOrEqual(2000);
    expect(image.size).toBeLessThanOrEqual(10 * 1024 * 1024);
    expect([image.bitDepth, image.colorType]).toEqual([8, 2]); // 8-bit RGB: no alpha channel
    expect(image.pixels.length).toBe(image.height * (1 + image.width * 3));
    expect(image.ended).toBe(true);
  });

  test('the two scenes differ, so a first-last-frame task has a change to animate', () => {
    expect(png(SAMPLE_IMAGE_DAY).pixels.equals(png(SAMPLE_IMAGE_NIGHT).pixels)).toBe(false);
  });

  test.each(['crazyrouter', 'dashscope'] as const)('is accepted inline by i2v and kf2v under %s', (profile) => {
    const i2v = { model: 'wan2.2-i2v-flash', input: { img_url: SAMPLE_IMAGE_DAY } };
    const kf2v = {
      model: 'wan2.2-kf2v-flash',
      input: { first_frame_url: SAMPLE_IMAGE_DAY, last_frame_url: SAMPLE_IMAGE_NIGHT },
    };
    expect(validateSubmitRequest(i2v, { profile }).ok).toBe(true);
    expect(validateSubmitRequest(kf2v, { profile }).ok).toBe(true);
  });
});
