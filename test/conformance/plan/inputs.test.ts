import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import {
  isLoopbackUrl,
  isPlaceholderUrl,
  parseInputs,
  placeholderInputs,
  withInputs,
} from '../../../src/conformance/plan/inputs.js';
import { DEFAULT_INPUTS } from '../../../src/conformance/plan/requests.js';
import { SAMPLE_IMAGE_DAY } from '../../../src/contract/sample-media.js';
import { cli } from '../../support/cli.js';

function file(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'wan-inputs-')), 'inputs.yaml');
  writeFileSync(path, text);
  return path;
}

const REACHABLE = 'image_url: https://cdn.aliyun.com/portrait.png\naudio_url: https://cdn.aliyun.com/voice.mp3\n';

describe('run inputs', () => {
  test('inline the images and keep placeholders only for what the service fetches', () => {
    expect(DEFAULT_INPUTS.img_url).toBe(SAMPLE_IMAGE_DAY);
    expect(isPlaceholderUrl(SAMPLE_IMAGE_DAY)).toBe(false);
    expect(isPlaceholderUrl(DEFAULT_INPUTS.first_frame_url)).toBe(false);
    expect(isPlaceholderUrl(DEFAULT_INPUTS.audio_url)).toBe(true);
    expect(isPlaceholderUrl(DEFAULT_INPUTS.image_url)).toBe(true);
  });

  test.each([
    ['https://example.com/voice.mp3', true],
    ['https://cdn.example.org/x.png', true],
    ['http://host.invalid/x', true],
    ['https://help-static-aliyun-doc.aliyuncs.com/x.mp3', false],
    ['oss://dashscope-instant/x.mp3', false],
    ['data:image/png;base64,…', false],
  ])('calls %s a placeholder: %s', (url, want) => {
    expect(isPlaceholderUrl(url)).toBe(want);
  });

  test.each([
    ['http://127.0.0.1:4010/api/v1', true],
    ['http://localhost:8080/alibailian/api/v1', true],
    ['http://[::1]:9/api/v1', true],
    ['https://dashscope.aliyuncs.com/api/v1', false],
    ['http://10.0.0.5/api/v1', false],
  ])('calls %s loopback: %s', (url, want) => {
    expect(isLoopbackUrl(url)).toBe(want);
  });

  test('reads a YAML mapping of fields to URLs over the defaults', () => {
    const inputs = withInputs(parseInputs(REACHABLE));
    expect(inputs.audio_url).toBe('https://cdn.aliyun.com/voice.mp3');
    expect(inputs.img_url).toBe(SAMPLE_IMAGE_DAY);
    expect(placeholderInputs('dashscope', ['wan2.2-s2v'], inputs)).toEqual([]);
  });

  test.each([
    ['- a\n- b\n', /expected a mapping/],
    ['audio: https://x.test/a.mp3\n', /^audio: not an input field; expected prompt, /],
    ['audio_url: data:audio/mp3;base64,SUQz\n', /^audio_url: expected an http\(s\) or oss:\/\/ URL/],
    ['img_url: 42\n', /^img_url: expected a non-empty string, received 42/],
    ['a: [\n', /^not YAML/],
  ])('refuses the inputs file %j', (text, message) => {
    expect(() => parseInputs(text)).toThrow(message);
  });

  test('names every placeholder the selected models would send', () => {
    expect(placeholderInputs('dashscope', ['wan2.2-t2v-plus', 'wan2.2-i2v-flash'])).toEqual([]);
    expect(placeholderInputs('crazyrouter', ['wan2.2-s2v']).map((p) => p.field)).toEqual(['image_url', 'audio_url']);
  });
});

describe('conform --inputs', () => {
  test('refuses a public target with placeholder inputs before sending, naming the flag', async () => {
    const r = await cli([
      'conform',
      '--base-url',
      'https://dashscope.aliyuncs.com/api/v1',
      '--api-key',
      'sk-test',
      '--smoke',
      '--max-cost',
      '100',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('dashscope.aliyuncs.com is a public target');
    expect(r.stderr).toContain('audio_url (wan2.2-s2v: https://example.com/voice.mp3)');
    expect(r.stderr).toContain('nothing was sent');
    expect(r.stderr).toContain('--inputs FILE');
  });

  test('lets the same plan through once --inputs names reachable URLs (here it stops at the budget)', async () => {
    const r = await cli([
      'conform',
      '--base-url',
      'https://dashscope.aliyuncs.com/api/v1',
      '--api-key',
      'sk-test',
      '--smoke',
      '--inputs',
      file(REACHABLE),
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toContain('public target');
    expect(r.stderr).toMatch(/over the budget of ¥0\.00; nothing was sent/);
  });

  test('says what is wrong with an inputs file', async () => {
    const r = await cli(['conform', '--inputs', file('audio_url: data:audio/mp3;base64,SUQz\n'), '--dry-run']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--inputs');
    expect(r.stderr).toContain('audio_url: expected an http(s) or oss:// URL');
  });
});
