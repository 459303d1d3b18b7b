"""A verl ``compute_score`` that asks the service (``custom_reward_function.path`` in verl's config).

verl's batch reward manager calls ``compute_score(data_sources, solution_strs, ground_truths,
extra_infos)`` with lists. Rows written by ``longtrace-reward data build --format verl`` (JSONL or
Parquet) carry the reward's input in ``extra_info["reward_input"]``: the answer with its aliases,
the chain as ``entities`` and the question; other rows may carry ``entities`` and ``question`` in
``extra_info`` itself, with the answer in ``ground_truth``. A sample without entities is scored on
its outcome only. Run as a script it reads
``{"url": ..., "data_sources": [...], "solution_strs": [...], "ground_truths": [...],
"extra_infos": [...]}`` from stdin and prints the scores as JSON.
"""
import json
import os
import sys
import urllib.request

REWARD_URL = os.environ.get("LONGTRACE_REWARD_URL", "http://127.0.0.1:7248")


def _post(path, body):
    request = urllib.request.Request(
        REWARD_URL.rstrip("/") + path,
        data=json.dumps(body).encode("utf-8"),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=600) as response:
        return json.load(response)


def _plain(value):
    """Lists and dicts of plain values: a row read from Parquet may hold numpy arrays."""
    if hasattr(value, "tolist"):
        value = value.tolist()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def compute_score(data_sources, solution_strs, ground_truths, extra_infos=None, **kwargs):
    extra_infos = extra_infos or [{}] * len(solution_strs)
    items = []
    for solution, gold, extra in zip(solution_strs, ground_truths, extra_infos):
        extra = _plain(extra or {})
        given = extra.get("reward_input") or extra
        item = {"response": solution, "answer": given.get("answer") or gold, "entities": given.get("entities") or []}
        if given.get("question"):
            item["question"] = given["question"]
        items.append(item)
    with_chain = [i for i, item in enumerate(items) if item["entities"]]
    without = [i for i, item in enumerate(items) if not item["entities"]]
    scores = [None] * len(items)
    # Two calls at most: rows with a chain use the default strategy, rows without score the outcome.
    for rows, options in ((with_chain, {}), (without, {"strategy": "outcome-only"})):
        if not rows:
            continue
        results = _post("/v1/rewards", {"items": [items[i] for i in rows], "options": options, "groups": False})["results"]
        for i, r in zip(rows, results):
            scores[i] = {"score": r["reward"], "outcome": r["outcome"], "rubric": r["rubric"]}
    return scores


if __name__ == "__main__":
    job = json.load(sys.stdin)
    REWARD_URL = job["url"]
    print(json.dumps(compute_score(job["data_sources"], job["solution_strs"], job["ground_truths"], job.get("extra_infos"))))
