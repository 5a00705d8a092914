"""One video with the official DashScope Python SDK, unchanged: VideoSynthesis.call (submit, then the SDK's own
wait), then the download. Exit 0 with the video, 1 otherwise. Reads DASHSCOPE_HTTP_BASE_URL and DASHSCOPE_API_KEY."""
import sys
import urllib.request

import dashscope
from dashscope import VideoSynthesis


def main() -> int:
    try:
        rsp = VideoSynthesis.call(
            model="wan2.2-i2v-flash",
            prompt="A paper boat drifts down a rain-soaked street",
            img_url="https://example.com/first-frame.png",
        )
    except Exception as error:  # the SDK raises on transport failures
        print(f"error: {error!r}", file=sys.stderr)
        return 1
    print(f"status_code={rsp.status_code} code={rsp.code} message={rsp.message}")
    if rsp.status_code != 200 or rsp.output is None or rsp.output.task_status != "SUCCEEDED":
        return 1
    url = rsp.output.video_url
    if not url:
        return 1
    with urllib.request.urlopen(url, timeout=30) as video:
        return 0 if video.status == 200 and len(video.read()) > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
