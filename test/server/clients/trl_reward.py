"""A TRL reward function that asks the service: pass it in ``GRPOTrainer(reward_funcs=[...])``.

TRL calls ``reward_func(prompts, completions, **kwargs)`` with the dataset's other columns as
keyword lists (here ``answer`` and ``entities``, and ``question`` when present) and wants one float
per completion. A completion is a string, or (conversational datasets) a list of messages. Run as
a script it reads ``{"url": ..., "prompts": [...], "completions": [...], "answer": [...],
"entities": [...]}`` from stdin and prints the rewards as a JSON list.
"""
import json
import os
import sys
import urllib.request

REWARD_URL = os.environ.get("LONGTRACE_REWARD_URL", "http://127.0.0.1:7248")


def longtrace_reward(prompts, completions, answer, entities, **kwargs):
    questions = kwargs.get("question") or [None] * len(completions)
    items = []
    for completion, gold, chain, question in zip(completions, answer, entities, questions):
        item = {"answer": gold, "entities": chain}
        if isinstance(completion, str):
            item["response"] = completion
        else:
            item["messages"] = completion
        if question is not None:
            item["question"] = question
        items.append(item)
    # groups: False -- TRL computes the group advantages itself from these rewards.
    body = {"items": items, "groups": False}
    request = urllib.request.Request(
        REWARD_URL.rstrip("/") + "/v1/rewards",
        data=json.dumps(body).encode("utf-8"),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=600) as response:
        return [float(r) for r in json.load(response)["rewards"]]


if __name__ == "__main__":
    job = json.load(sys.stdin)
    REWARD_URL = job["url"]
    rewards = longtrace_reward(job["prompts"], job["completions"], answer=job["answer"], entities=job["entities"], question=job.get("question"))
    print(json.dumps(rewards))
