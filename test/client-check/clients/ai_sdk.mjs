/* global fetch */
// One video with the Vercel AI SDK (@ai-sdk/alibaba), unchanged: experimental_generateVideo, then its download.
// Exit 0 with the video, 1 otherwise. Reads DASHSCOPE_HTTP_BASE_URL (…/api/v1) and DASHSCOPE_API_KEY.
import { createAlibaba } from '@ai-sdk/alibaba';
import { experimental_generateVideo as generateVideo } from 'ai';

const base = process.env.DASHSCOPE_HTTP_BASE_URL ?? '';
const alibaba = createAlibaba({
  apiKey: process.env.DASHSCOPE_API_KEY,
  videoBaseURL: base.replace(/\/api\/v1\/?$/, ''),
});
try {
  const result = await generateVideo({
    model: alibaba.video('wan2.2-i2v-flash'),
    prompt: { image: 'https://example.com/first-frame.png', text: 'A paper boat drifts down a rain-soaked street' },
    resolution: '1280x720',
    // The SDK refuses to download from localhost and IP hosts (an SSRF guard): hand it a plain fetch.
    download: async ({ url }) => {
      const res = await fetch(url);
      return { data: new Uint8Array(await res.arrayBuffer()), mediaType: res.headers.get('content-type') ?? undefined };
    },
  });
  process.exit(result.video.uint8Array.byteLength > 0 ? 0 : 1);
} catch (error) {
  console.error(String(error));
  process.exit(1);
}
