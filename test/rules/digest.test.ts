import { describe, expect, test } from 'vitest';
import { DIGEST_PREFIX, digestLarge, withStandIns } from '../../src/rules/digest.js';

const image = `data:image/png;base64,${'A'.repeat(10_000)}`;

describe('digests of large strings', () => {
  test('replace every string over the bound, at any depth, and leave the input as it was', () => {
    const request = { model: 'm', input: { prompt: 'a cat', media: [{ type: 'first_frame', url: image }] } };
    const kept = digestLarge(request);
    const url = kept.input.media[0]!.url;
    expect(url.startsWith(DIGEST_PREFIX)).toBe(true);
    expect(url).toMatch(/;length=10022;of=data:image\/png;base64$/);
    expect(kept.input.prompt).toBe('a cat');
    expect(request.input.media[0]!.url).toBe(image);
  });

  test('return the value itself, no copy, when no string is over the bound', () => {
    const small = { model: 'm', input: { prompt: 'a cat' }, parameters: { duration: 5 } };
    expect(digestLarge(small)).toBe(small);
    expect(withStandIns(small)).toBe(small);
  });

  test('stand-ins keep the form and the length of what a digest replaced', () => {
    const text = 'x'.repeat(5_000);
    const back = withStandIns(digestLarge({ url: image, prompt: text }));
    expect(back.url).toBe('data:image/png;base64,AAAA');
    expect(back.prompt).toHaveLength(5_000);
  });
});
