import { describe, expect, test } from 'vitest';
import { MODEL_IDS, modelsOfProfile } from '../../src/contract/models.js';
import { PAGE_EXAMPLES, exampleRequest } from '../../src/contract/examples.js';
import { PROFILE_IDS } from '../../src/contract/profiles.js';
import { validateSubmitRequest } from '../../src/validate/submit.js';

const messages = (body: unknown, profile: 'crazyrouter' | 'dashscope' = 'crazyrouter') => {
  const result = validateSubmitRequest(body, { profile });
  return result.ok ? [] : result.errors.map((e) => e.message);
};

describe('validateSubmitRequest', () => {
  test.each(Object.entries(PAGE_EXAMPLES))('accepts the page %s example under crazyrouter', (_, body) => {
    const result = validateSubmitRequest(body, { profile: 'crazyrouter' });
    expect(result).toMatchObject({ ok: true, value: body, warnings: [] });
  });

  test.each(PROFILE_IDS.flatMap((profile) => modelsOfProfile(profile).map((model) => ({ profile, model }))))(
    'accepts the generated $model example under $profile',
    ({ profile, model }) => {
      expect(validateSubmitRequest(exampleRequest(model, profile), { profile }).ok).toBe(true);
    },
  );

  test('rejects 720P on wan2.2-t2v-plus naming the allowed values', () => {
    expect(messages({ model: 'wan2.2-t2v-plus', input: { prompt: 'a cat' }, parameters: { resolution: '720P' } }))
      .toMatchInlineSnapshot(`
      [
        "wan2.2-t2v-plus: resolution must be 480P or 1080P, received "720P"",
      ]
    `);
  });

  test.each(MODEL_IDS.filter((m) => m.startsWith('wan2.2-') && m !== 'wan2.2-s2v'))('rejects 10 s on %s', (model) => {
    const body = exampleRequest(model, 'crazyrouter') as unknown as { parameters: Record<string, unknown> };
    body.parameters.duration = 10;
    expect(messages(body)).toEqual([`${model}: duration must be 5, received 10`]);
  });

  test.each([
    { model: 'wan2.2-i2v-plus', missing: 'img_url' },
    { model: 'wan2.5-i2v-preview', missing: 'img_url' },
    { model: 'wan2.2-kf2v-flash', missing: 'first_frame_url' },
    { model: 'wan2.2-s2v', missing: 'audio_url' },
    { model: 'wan2.2-s2v', missing: 'image_url' },
    { model: 'wan2.5-t2v-preview', missing: 'prompt' },
  ] as const)('rejects $model without input.$missing', ({ model, missing }) => {
    const body = exampleRequest(model, 'crazyrouter') as unknown as { input: Record<string, unknown> };
    delete body.input[missing];
    expect(messages(body)).toEqual([`${model}: input.${missing} is required`]);
  });

  test('rejects an unknown model naming every model of the profile', () => {
    const PAGE = modelsOfProfile('crazyrouter');
    const [message] = messages({ model: 'wan2.1-t2v-turbo', input: { prompt: 'x' } });
    expect(message).toBe(
      `model must be one of ${PAGE.slice(0, -1).join(', ')} or ${PAGE.at(-1)}, received "wan2.1-t2v-turbo"`,
    );
  });

  test('reports every problem of a body at once, with path, code, expected and received', () => {
    const result = validateSubmitRequest({
      model: 'wan2.2-t2v-plus',
      input: { prompt: 7, negative_prompt: 'n'.repeat(501) },
      parameters: { seed: 2147483648, watermark: 'yes', size: '1280*720' },
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => [e.path, e.code])).toEqual([
      ['input.prompt', 'type'],
      ['parameters.size', 'enum'],
      ['parameters.watermark', 'type'],
      ['parameters.seed', 'range'],
    ]);
    expect(result.errors[3]).toMatchObject({ expected: '<= 2147483647', received: '2147483648' });
  });

  test('accepts the extra fields official SDKs send', () => {
    const body = {
      model: 'wan2.2-t2v-plus',
      input: { prompt: 'x', extend_prompt: true, function: 'generation' },
      parameters: { with_audio: false },
    };
    expect(validateSubmitRequest(body)).toMatchObject({ ok: true, warnings: [] });
  });

  test('warns about fields outside the contract without rejecting them', () => {
    const result = validateSubmitRequest({
      model: 'wan2.2-t2v-plus',
      input: { prompt: 'x' },
      parameters: { resolutoin: '480P' },
    });
    expect(result.ok).toBe(true);
    expect(result.warnings.map((w) => [w.path, w.code])).toEqual([['parameters.resolutoin', 'unknown-field']]);
  });

  test('warns that an over-long prompt is truncated upstream', () => {
    const result = validateSubmitRequest({ model: 'wan2.2-t2v-plus', input: { prompt: 'p'.repeat(801) } });
    expect(result).toMatchObject({ ok: true, warnings: [{ path: 'input.prompt', code: 'truncated' }] });
  });

  // Official t2v/i2v/kf2v references: negative_prompt "长度不超过500个字符，超过部分会自动截断".
  test.each(['crazyrouter', 'dashscope'] as const)(
    'warns, under %s, that an over-long negative_prompt is truncated upstream, not rejected',
    (profile) => {
      const result = validateSubmitRequest(
        { model: 'wan2.2-i2v-flash', input: { img_url: 'https://a/b.png', negative_prompt: 'n'.repeat(501) } },
        { profile },
      );
      expect(result).toMatchObject({
        ok: true,
        warnings: [
          {
            path: 'input.negative_prompt',
            code: 'truncated',
            message: 'wan2.2-i2v-flash: input.negative_prompt has 501 characters; the service keeps the first 500',
          },
        ],
      });
    },
  );

  // Official i2v and kf2v references take images as data:{MIME_type};base64,…; audio and the s2v portrait are
  // fetched from http(s) only (wan-s2v-api: "仅支持公网可访问的 HTTP/HTTPS 链接").
  const PNG = 'data:image/png;base64,iVBORw0KGgo=';
  test.each([
    ['wan2.2-i2v-flash', { img_url: PNG }, true],
    ['wan2.2-kf2v-flash', { first_frame_url: PNG, last_frame_url: PNG }, true],
    ['wan2.5-i2v-preview', { img_url: PNG, audio_url: 'data:audio/mp3;base64,SUQz' }, false],
    ['wan2.5-t2v-preview', { prompt: 'x', audio_url: 'data:audio/wav;base64,UklG' }, false],
    ['wan2.2-s2v', { image_url: PNG, audio_url: 'https://a/b.mp3' }, false],
    ['wan2.2-i2v-flash', { img_url: 'data:text/plain;base64,aGk=' }, false],
    ['wan2.2-s2v', { image_url: 'oss://dashscope-instant/x.png', audio_url: 'oss://dashscope-instant/x.mp3' }, true],
  ] as const)('%s takes the inputs %j: %s', (model, input, ok) => {
    for (const profile of ['crazyrouter', 'dashscope'] as const)
      expect(validateSubmitRequest({ model, input }, { profile }).ok, profile).toBe(ok);
  });

  test('says which inputs take no data: URI', () => {
    expect(messages({ model: 'wan2.2-s2v', input: { image_url: PNG, audio_url: 'https://a/b.mp3' } })).toEqual([
      `wan2.2-s2v: input.image_url must be an http(s) or oss:// URL (the service fetches this input; it takes no data: URI), received "${PNG}"`,
    ]);
  });

  test('reads t2v resolution beside size one way under dashscope: resolution is ignored, size sets the tier', () => {
    // Official t2v reference: text-to-video takes parameters.size; resolution is no field of it, so the service
    // ignores it whether it comes alone or with a size, and a size can never contradict it.
    for (const parameters of [{ resolution: '480P' }, { resolution: '480P', size: '1920*1080' }]) {
      const result = validateSubmitRequest(
        { model: 'wan2.2-t2v-plus', input: { prompt: 'x' }, parameters },
        { profile: 'dashscope' },
      );
      expect(result.ok).toBe(true);
      expect(result.warnings.map((w) => [w.path, w.code])).toEqual([['parameters.resolution', 'unknown-field']]);
    }
    const page = validateSubmitRequest({
      model: 'wan2.2-t2v-plus',
      input: { prompt: 'x' },
      parameters: { resolution: '480P', size: '1920*1080' },
    });
    expect(page.ok ? [] : page.errors.map((e) => e.code)).toEqual(['conflict']);
  });

  test('maps t2v size to its tier and rejects a size that contradicts the resolution', () => {
    expect(
      validateSubmitRequest({
        model: 'wan2.2-t2v-plus',
        input: { prompt: 'x' },
        parameters: { size: '1920*1080', resolution: '1080P' },
      }).ok,
    ).toBe(true);
    expect(
      messages({
        model: 'wan2.2-t2v-plus',
        input: { prompt: 'x' },
        parameters: { size: '1920*1080', resolution: '480P' },
      }),
    ).toEqual([
      'wan2.2-t2v-plus: size 1920*1080 is a 1080P size but resolution is 480P; send one of them, or a size of 480P',
    ]);
  });

  test('follows the dashscope profile: size on t2v, no prompt or duration on s2v', () => {
    const t2v = validateSubmitRequest(
      { model: 'wan2.5-t2v-preview', input: { prompt: 'x' }, parameters: { resolution: '480P' } },
      { profile: 'dashscope' },
    );
    expect(t2v.warnings.map((w) => w.path)).toEqual(['parameters.resolution']);
    const s2v = validateSubmitRequest(PAGE_EXAMPLES['subject-reference'], { profile: 'dashscope' });
    expect(s2v.warnings.map((w) => w.path)).toEqual(['input.prompt', 'parameters.duration']);
    expect(
      messages(
        { model: 'wan2.5-t2v-preview', input: { prompt: 'x' }, parameters: { size: '100*100' } },
        'dashscope',
      )[0],
    ).toContain('size must be 832*480');
  });

  test.each([
    { name: 'null', body: null },
    { name: 'an array', body: [1, 2] },
    { name: 'a string', body: 'wan' },
    { name: 'a number', body: 42 },
    { name: 'a huge string model', body: { model: 'x'.repeat(5_000_000) } },
    {
      name: 'deep nesting',
      body: { model: 'wan2.2-t2v-plus', input: JSON.parse(`${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`) },
    },
    {
      name: '__proto__ keys',
      body: JSON.parse(
        '{"model":"wan2.2-t2v-plus","__proto__":{"polluted":1},"input":{"prompt":"x","__proto__":{"x":1}},"parameters":{"__proto__":null}}',
      ),
    },
    { name: 'a non-string model', body: { model: { toString: 1 } } },
    { name: 'input as an array', body: { model: 'wan2.2-t2v-plus', input: ['prompt'] } },
  ])('never throws on $name', ({ body }) => {
    const result = validateSubmitRequest(body);
    expect(typeof result.ok).toBe('boolean');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    if (!result.ok) for (const error of result.errors) expect(error.message.length).toBeLessThan(400);
  });

  test('accepts s2v durations finer than a millisecond, as billing counts them exactly', () => {
    const body = (duration: number) => ({
      ...PAGE_EXAMPLES['subject-reference'],
      parameters: { resolution: '480P', duration },
    });
    expect(validateSubmitRequest(body(18.13)).ok).toBe(true);
    expect(validateSubmitRequest(body(0.001)).ok).toBe(true);
    expect(validateSubmitRequest(body(5.12345)).ok).toBe(true);
    expect(messages(body(20))).toEqual(['wan2.2-s2v: duration must be < 20, received 20']);
  });

  test('rejects an unknown profile instead of throwing', () => {
    expect(messages(PAGE_EXAMPLES['image-to-video'], 'nope' as 'dashscope')).toEqual([
      'profile must be crazyrouter or dashscope, received "nope"',
    ]);
  });
});
