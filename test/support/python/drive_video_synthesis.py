"""Drives the official DashScope Python SDK, unchanged, through a plan of calls and prints one JSON result a line.

Run through test/support/python-sdk.ts by the SDK, proxy and client tests, which build the plan from the contract,
serve the mock and judge the results. The plan arrives on stdin: {"steps": [...]}; each step names the API (sync `VideoSynthesis` or
`AioVideoSynthesis`), the entry point, the base URL and the keyword arguments, and may take its task from an
earlier step ("task_from"). Nothing here decides what is right: it only calls the SDK and reports what it returned.
"""

import asyncio
import json
import sys

import dashscope
from dashscope import VideoSynthesis
from dashscope.aigc.video_synthesis import AioVideoSynthesis

TASK_ENTRIES = {"fetch", "wait", "cancel"}


def plain(value):
    """The SDK's response objects are dicts (DictMixin); anything else becomes its string form."""
    return json.loads(json.dumps(value, default=str))


def outcome(response):
    if response is None:
        return {"none": True}
    return {
        "status_code": getattr(response, "status_code", None),
        "code": getattr(response, "code", None) or None,
        "message": getattr(response, "message", None) or None,
        "request_id": getattr(response, "request_id", None) or None,
        "output": plain(getattr(response, "output", None)),
        "usage": plain(getattr(response, "usage", None)),
    }


def run_sync(step, task):
    entry = step["entry"]
    kwargs = dict(step.get("kwargs", {}))
    if entry in ("call", "async_call"):
        return getattr(VideoSynthesis, entry)(**kwargs)
    if entry in TASK_ENTRIES:
        return getattr(VideoSynthesis, entry)(task, **kwargs)
    if entry == "list":
        return VideoSynthesis.list(**kwargs)
    raise ValueError(f"unknown entry point {entry}")


async def run_aio(step, task):
    entry = step["entry"]
    kwargs = dict(step.get("kwargs", {}))
    if entry in ("call", "async_call"):
        return await getattr(AioVideoSynthesis, entry)(**kwargs)
    if entry in TASK_ENTRIES:
        return await getattr(AioVideoSynthesis, entry)(task, **kwargs)
    if entry == "list":
        return await AioVideoSynthesis.list(**kwargs)
    raise ValueError(f"unknown entry point {entry}")


def main():
    plan = json.load(sys.stdin)
    tasks = {}
    for step in plan["steps"]:
        # fetch/wait/cancel/list take no base_address: the SDK reads the module-wide base URL.
        dashscope.base_http_api_url = step["base_url"]
        task = tasks.get(step.get("task_from"))
        result = {"id": step["id"]}
        try:
            if step["api"] == "aio":
                response = asyncio.run(run_aio(step, task))
            else:
                response = run_sync(step, task)
            result.update(outcome(response))
            output = result.get("output")
            if isinstance(output, dict) and output.get("task_id"):
                tasks[step["id"]] = output["task_id"]
        except Exception as error:  # the test reports what the SDK raised, never hides it
            result["exception"] = f"{type(error).__name__}: {error}"
        print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
