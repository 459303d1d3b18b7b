"""A slime-style remote reward call: POST /evaluate with the LongTraceRL body.

slime's remote reward model posts one JSON body per sample and reads the reward out of the answer
(its ``--reward-key``). This is the same call with the standard library only; docs/integrations.md
shows it as a slime custom reward function. Run as a script it reads a job from stdin,
``{"url": ..., "samples": [...], "reward_key": null}``, scores the samples concurrently (slime
sends many at once) and prints the answers as a JSON list, in order.
"""
import json
import sys
import urllib.request
from concurrent.futures import ThreadPoolExecutor


def remote_rm(rm_url, sample, reward_key=None, timeout=600):
    """sample: {"prompt"?, "response" | "history", "label", "extra_reward_info"?} (LongTraceRL body)."""
    payload = {key: sample[key] for key in ("prompt", "response", "history", "label", "extra_reward_info") if key in sample}
    request = urllib.request.Request(
        rm_url,
        data=json.dumps(payload).encode("utf-8"),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:
        answer = json.load(response)
    # {"reward": ..., "outcome_reward": ..., "rubric_reward": ...}
    return answer[reward_key] if reward_key else answer


if __name__ == "__main__":
    job = json.load(sys.stdin)
    url = job["url"].rstrip("/") + "/evaluate"
    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(lambda s: remote_rm(url, s, job.get("reward_key")), job["samples"]))
    print(json.dumps(answers))
