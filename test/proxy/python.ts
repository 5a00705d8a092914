import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MODELS, type ModelId } from '../../src/contract/models.js';
import { KEY } from './helpers.js';

/*
 * The official DashScope Python SDK, unchanged, through the proxy in front of the mock. It needs python3 with
 * requests, aiohttp, websocket-client and certifi (Debian: python3-requests python3-aiohttp python3-websocket
 * python3-certifi) and the SDK sources (../shared/clients/dashscope-sdk-python, or WAN_DASHSCOPE_SDK). With
 * WAN_REQUIRE_PYTHON=1 (CI) a missing piece fails this file; elsewhere it is skipped with the reason.
 */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SDK = process.env.WAN_DASHSCOPE_SDK ?? resolve(ROOT, '../shared/clients/dashscope-sdk-python');
const PYTHON = process.env.WAN_PYTHON ?? (existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');
const DRIVER = join(ROOT, 'test/proxy/python/drive_proxy.py');

/** Why the SDK cannot run here, or undefined when it can. */
export function unavailable(): string | undefined {
  if (!existsSync(join(SDK, 'dashscope', 'aigc', 'video_synthesis.py'))) return `no DashScope Python SDK at ${SDK}`;
  const probe = spawnSync(PYTHON, ['-c', 'import requests, aiohttp, websocket, certifi, dashscope'], {
    env: { ...process.env, PYTHONPATH: SDK },
    encoding: 'utf8',
  });
  if (probe.error) return `${PYTHON} cannot run: ${probe.error.message}`;
  if (probe.status !== 0) return `${PYTHON} cannot import the SDK: ${probe.stderr.trim().split('\n').pop() ?? ''}`;
  return undefined;
}

const MEDIA: Record<string, string> = {
  prompt: 'A paper boat drifts down a rain-soaked street',
  img_url: 'https://example.com/first-frame.png',
  first_frame_url: 'https://example.com/frame-start.png',
  last_frame_url: 'https://example.com/frame-end.png',
  audio_url: 'https://example.com/voice.mp3',
};

/** The SDK's keyword arguments for a model's required inputs; s2v's image goes in extra_input on the image2video task. */
export function sdkArguments(model: ModelId): Record<string, unknown> {
  const entry = MODELS[model];
  const kwargs: Record<string, unknown> = { model };
  for (const field of entry.inputs.required) {
    if (field === 'image_url') kwargs.extra_input = { image_url: 'https://example.com/portrait.png' };
    else kwargs[field] = MEDIA[field];
  }
  if (!('prompt' in kwargs) && (entry.inputs.optional as readonly string[]).includes('prompt'))
    kwargs.prompt = MEDIA.prompt;
  if (entry.capability === 'subject-reference') kwargs.task = 'image2video';
  return kwargs;
}

/** Runs VideoSynthesis.call once per set of arguments against a base URL; one JSON result a line. */
export function drivePython(
  baseUrl: string,
  calls: readonly Record<string, unknown>[],
): Promise<{ lines: string[]; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(PYTHON, [DRIVER], {
      env: { ...process.env, PYTHONPATH: SDK, DASHSCOPE_HTTP_BASE_URL: baseUrl, DASHSCOPE_API_KEY: KEY },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('error', reject);
    child.on('close', () => resolvePromise({ lines: stdout.split('\n').filter(Boolean), stderr }));
    child.stdin.end(calls.map((c) => JSON.stringify(c)).join('\n') + '\n');
  });
}
