"""An OpenRLHF-style remote reward call: POST /get_reward with query / prompts / labels.

OpenRLHF's ``--remote_rm_url`` posts ``{"query": [...], "prompts": [...], "labels": [...]}`` (each
query is the prompt followed by the response) and reads ``rewards`` (and ``scores`` and
``extra_logs``) from the answer. Run as a script it reads ``{"url": ..., "query": [...],
"prompts": [...], "labels": [...]}`` from stdin and prints the whole answer as JSON.
"""
import json
import sys
import urllib.request


def remote_rm_fn(api_url, queries, prompts, labels, timeout=600):
    """Returns {"rewards": [...], "scores": [...], "extra_logs": {"outcome": [...], "rubric": [...]}}."""
    data = {"query": queries, "prompts": prompts, "labels": labels}
    request = urllib.request.Request(
        api_url,
        data=json.dumps(data).encode("utf-8"),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.load(response)


def label_for(answer, entities=None):
    """A label OpenRLHF can carry as a string: JSON with the chain, or the bare answer (outcome only)."""
    return json.dumps({"answer": answer, "entities": entities}) if entities else answer


if __name__ == "__main__":
    job = json.load(sys.stdin)
    url = job["url"].rstrip("/") + "/get_reward"
    print(json.dumps(remote_rm_fn(url, job["query"], job["prompts"], job["labels"])))
