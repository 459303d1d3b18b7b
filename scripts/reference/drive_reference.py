#!/usr/bin/env python3
"""Runs LongTraceRL's own reward server (launch_server.py) with its LLM judge replaced by a
deterministic fake, for the golden file and the side-by-side comparison of docs/integrations.md.

The reference is not vendored: point this at a checkout of THU-KEG/LongTraceRL. It needs Debian's
python3-fastapi and python3-uvicorn (`apt-get install -y python3-fastapi python3-uvicorn`); the
`openai` package is not needed, a stub stands in for it (and for `httpx`, whose Debian version
is too old for the reference's `AsyncClient(proxy=None)`).

  record: /usr/bin/python3 scripts/reference/drive_reference.py record LONGTRACERL_DIR test/server/reference-golden.json
          sends every case's `request` of the golden file to the reference and writes its answers
          back into the file (`reference: {status, body}`), leaving everything else as it is.
  serve:  /usr/bin/python3 scripts/reference/drive_reference.py serve LONGTRACERL_DIR PORT
          serves the reference on 127.0.0.1:PORT until killed (scripts/compare-reference.ts uses it).

The fake judge (FAKE_JUDGE below) says "yes" when the gold answer's words appear, in order and as
whole words, in the response the reference hands it (the text after </think>), after the
reference's own normalize_string. It is a stand-in for an LLM, so outcome agreement measured with
it says how often our verifier and a lenient containment check agree, nothing more.
"""
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

FAKE_JUDGE = "gold words contained in the judged response, after launch_server.normalize_string"

STUB = r'''
import re

class APIStatusError(Exception):
    pass

def _norm(text):
    return " ".join(re.findall(r"[a-zA-Z0-9_]+|[\u4e00-\u9fff]", text.lower().strip()))

class _Message:
    def __init__(self, content):
        self.content = content

class _Choice:
    def __init__(self, content):
        self.message = _Message(content)

class _Completion:
    def __init__(self, content):
        self.choices = [_Choice(content)]

class _Completions:
    async def create(self, messages, model=None, extra_body=None, **kwargs):
        prompt = messages[-1]["content"]
        answer = prompt.split("[correct_answer]: ", 1)[1].split("\n\n[response]: ", 1)[0]
        response = prompt.split("\n\n[response]: ", 1)[1].split("\n\nYour judgement must be", 1)[0]
        gold, said = _norm(answer), _norm(response)
        correct = gold != "" and f" {gold} " in f" {said} "
        extracted = response.strip().splitlines()[-1] if response.strip() else "None"
        return _Completion(f"extracted_final_answer: {extracted}\n\nreasoning: fake judge\n\ncorrect: {'yes' if correct else 'no'}")

class _Chat:
    def __init__(self):
        self.completions = _Completions()

class AsyncOpenAI:
    def __init__(self, api_key=None, base_url=None, http_client=None, **kwargs):
        self.chat = _Chat()
'''


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(reference_dir, port):
    """Starts launch_server.py as its own process, unmodified, with the stub `openai` on its path."""
    stub_dir = tempfile.mkdtemp(prefix="longtrace-ref-")
    os.makedirs(os.path.join(stub_dir, "openai"))
    with open(os.path.join(stub_dir, "openai", "__init__.py"), "w") as f:
        f.write(STUB)
    # Debian's httpx (0.23) predates AsyncClient(proxy=...), which launch_server.py:24 passes; the
    # client is only handed to the (stubbed) OpenAI client, so a stub is enough.
    with open(os.path.join(stub_dir, "httpx.py"), "w") as f:
        f.write("class AsyncClient:\n    def __init__(self, **kwargs):\n        pass\n")
    env = dict(os.environ, PYTHONPATH=stub_dir, PYTHONUNBUFFERED="1")
    script = os.path.join(reference_dir, "launch_server.py")
    proc = subprocess.Popen([sys.executable, script, "--host", "127.0.0.1", "--port", str(port)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("the reference server did not start in 30 s")


def send(port, request):
    data = request["raw"].encode() if "raw" in request else json.dumps(request["body"]).encode()
    req = urllib.request.Request(f"http://127.0.0.1:{port}/evaluate", data=data,
                                 headers={"Content-Type": "application/json"}, method="POST")
    try:
        with urllib.request.urlopen(req, timeout=60) as res:
            return {"status": res.status, "body": json.load(res)}
    except urllib.error.HTTPError as e:
        return {"status": e.code, "body": json.loads(e.read() or b"null")}


def record(reference_dir, golden_path):
    with open(golden_path) as f:
        golden = json.load(f)
    port = free_port()
    proc = start(reference_dir, port)
    try:
        for case in golden["cases"]:
            case["reference"] = send(port, case["request"])
    finally:
        proc.terminate()
        proc.wait()
    commit = subprocess.run(["git", "-C", reference_dir, "rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip()
    golden["recorded_with"] = {"reference": "THU-KEG/LongTraceRL launch_server.py", "commit": commit or "unknown", "judge": FAKE_JUDGE}
    with open(golden_path, "w") as f:
        json.dump(golden, f, indent=2, ensure_ascii=False)
        f.write("\n")
    print(f"recorded {len(golden['cases'])} cases into {golden_path}")


def main():
    if len(sys.argv) < 4 or sys.argv[1] not in ("record", "serve"):
        raise SystemExit(__doc__)
    mode, reference_dir = sys.argv[1], sys.argv[2]
    if mode == "record":
        record(reference_dir, sys.argv[3])
    else:
        proc = start(reference_dir, int(sys.argv[3]))
        # The server is a child of ours: stopping us stops it.
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: (proc.terminate(), sys.exit(0)))
        print(f"ready {sys.argv[3]}", flush=True)
        proc.wait()


if __name__ == "__main__":
    main()
