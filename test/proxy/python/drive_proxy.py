"""Runs the official DashScope Python SDK, unchanged, through the proxy: one VideoSynthesis.call per line of stdin.

Each stdin line is a JSON object of keyword arguments for VideoSynthesis.call (the SDK submits, then polls to the
end). One JSON result a line on stdout: the HTTP status, the task id and status, or the exception the SDK raised.
The SDK reads the base URL from DASHSCOPE_HTTP_BASE_URL and the key from DASHSCOPE_API_KEY.
"""

import json
import sys

from dashscope import VideoSynthesis


def main():
    for line in sys.stdin:
        kwargs = json.loads(line)
        try:
            response = VideoSynthesis.call(**kwargs)
            output = response.output or {}
            result = {
                "model": kwargs.get("model"),
                "status_code": response.status_code,
                "task_id": output.get("task_id"),
                "task_status": output.get("task_status"),
                "code": response.code or None,
            }
        except Exception as error:  # reported, never hidden
            result = {"model": kwargs.get("model"), "exception": f"{type(error).__name__}: {error}"}
        print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
