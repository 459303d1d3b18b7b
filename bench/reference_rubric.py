"""Reference rubric for the benchmarks: LongTraceRL's released keyword rubric, in plain Python.

The released reward server (THU-KEG/LongTraceRL, launch_server.py, `get_rubric_reward`) scores a
rollout by normalising the assistant text (lower-case, keep runs of [a-zA-Z0-9_] and single CJK
characters, join them with spaces) and testing each normalised rubric keyword as a substring of
it; the rubric reward is hits / len(rubrics). This file re-implements that rule, faithfully and
as fast as plain Python goes: one precompiled `findall` over the lower-cased text, one `join`,
one `in` test per keyword. Gold entities with aliases count as hit when any of their forms is a
substring (the released code has one form per keyword). A `re.sub` + `split` variant with the
same output was measured 1.3-1.7x slower than `findall` + `join` on these texts, so it is not used.

The `/evaluate` endpoint's response mode is reproduced too: the response is cut at the first
`</think>`, the reasoning (without `<think>`) and the content are stripped, and both are joined
after "\\n\\n" as when both `rubric_use_reasoning_content` and `rubric_use_content` are on.
Retrieved documents are not removed (the released code has no such step).

Timing is set up to favour the reference: the cyclic GC is off while timing (as `timeit` does),
and the allocator is settled first as in a long-running server (see `settle_allocator`).

Protocol (JSON lines, so the bench can interleave its own rounds with these in one process):
  in  {"scenarios": [{"id": "...", "response": "...", "entities": [["name", "alias", ...], ...]}]}
  out {"python": "3.11.x", "scenarios": [{"id", "chars", "recall", "hits": [true, ...]}]}
  in  {"time": "<id>", "rounds": 40, "warmup": 5}
  out {"id", "samples_ms": [...], "normalize_ms": [...]}   (rubric_reward per round; normalize_string alone)
  ... until end of input. Each timing round is one rubric_reward call on the same text.
"""

import gc
import json
import platform
import re
import sys
import time

# Compiled once, as the `re` module's cache would do for the released code anyway.
WORDS = re.compile(r"[a-zA-Z0-9_]+|[\u4e00-\u9fff]")


def normalize_string(text):
    """Lower-case, keep ASCII word runs and single CJK characters, join with single spaces."""
    return " ".join(WORDS.findall(text.lower().strip()))


def assistant_text(response):
    """The text the rubric reads in response mode: reasoning and content, each stripped."""
    if "</think>" in response:
        reasoning, content = response.split("</think>", 1)
        reasoning = reasoning.removeprefix("<think>").strip()
        return "\n\n" + reasoning + "\n\n" + content.strip()
    return "\n\n" + response.strip()


def rubric_reward(response, entities):
    """Share of entities with some normalised form inside the normalised text, and the hit list."""
    text = normalize_string(assistant_text(response))
    # Keywords are normalised on every call, as in the released code (a few short strings).
    hits = [any(normalize_string(form) in text for form in forms) for forms in entities]
    return (sum(hits) / len(hits) if hits else 0.0), hits


def time_rounds(fn, rounds, warmup):
    """Nanoseconds per call; the cyclic GC is off while timing, as `timeit` does."""
    for _ in range(warmup):
        fn()
    samples = []
    clock = time.perf_counter_ns
    enabled = gc.isenabled()
    gc.disable()
    try:
        for _ in range(rounds):
            t0 = clock()
            fn()
            samples.append(clock() - t0)
    finally:
        if enabled:
            gc.enable()
    return samples


# Objects that keep pymalloc's arenas mapped for the life of the process (see settle_allocator).
_PINNED = []


def settle_allocator():
    """Put the allocator in the state a long-running reward server is in, before any timing.

    Each round allocates about 24,000 small strings (the findall words) and two copies of the
    text of about 250 KB each. In a fresh process both come from freshly mapped memory and are
    handed back at the end of the round: pymalloc unmaps an arena (1 MiB) once it is empty, and
    glibc serves blocks above its mmap threshold (128 KiB until a larger block is freed) with
    mmap(). That costs some 300 page faults a round, 15-25% of the time, and varies with what
    the process allocated before. A server that has run a while has live objects scattered over
    its arenas and a raised threshold; this does the same: it frees one large block, and keeps
    one small object in each of ~40 MiB of arenas, so the rounds reuse memory without faults.
    """
    block = bytes(16 << 20)
    del block
    filler = [("w%d" % i) for i in range(700_000)]
    _PINNED.extend(filler[::2048])
    del filler


def main():
    settle_allocator()
    scenarios = {}
    for line in sys.stdin:
        if not line.strip():
            continue
        request = json.loads(line)
        if "scenarios" in request:
            info = []
            for scenario in request["scenarios"]:
                response = scenario["response"]
                entities = [list(forms) for forms in scenario["entities"]]
                scenarios[scenario["id"]] = (response, entities)
                recall, hits = rubric_reward(response, entities)
                info.append({"id": scenario["id"], "chars": len(response), "recall": recall, "hits": hits})
            reply = {"python": platform.python_version(), "scenarios": info}
        else:
            response, entities = scenarios[request["time"]]
            rounds = int(request.get("rounds", 40))
            warmup = int(request.get("warmup", 5))
            samples = time_rounds(lambda: rubric_reward(response, entities), rounds, warmup)
            joined = assistant_text(response)
            normalize = time_rounds(lambda: normalize_string(joined), max(5, rounds // 4), 1)
            reply = {
                "id": request["time"],
                "samples_ms": [ns / 1e6 for ns in samples],
                "normalize_ms": [ns / 1e6 for ns in normalize],
            }
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
