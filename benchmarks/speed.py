"""Review latency: in process and over HTTP, beside a no-op request and beside dateparser, in one run.

    .venv/bin/python benchmarks/speed.py            # or: make speed
    .venv/bin/python benchmarks/speed.py --quick    # fewer rounds, for a smoke run

Prints median and p99 for a 200-word and a 2,000-word email. The budget the issue sets: the full review
must cost well under a tenth of ``dateparser.search_dates(text, languages=["en"])`` on the same text, and
under 8 no-op ``GET /healthz`` requests on the same server (the two are timed alternately, request by
request, so machine drift cancels out of the ratio). The HTTP server is ``sendwell serve`` in its own
process (so the client's work does not share the server's interpreter lock).
"""
from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import requests  # noqa: E402

from addin.review import Draft, Party, review  # noqa: E402
from benchmarks.sample_emails import sales_email  # noqa: E402


def timings(fn, rounds: int, warmup: int = 5) -> list[float]:
    for _ in range(warmup):
        fn()
    out = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def interleaved_timings(fn_a, fn_b, rounds: int, warmup: int = 5) -> tuple[list[float], list[float]]:
    """Time two calls alternately, so both see the same machine: a shared VM's speed drifts by tens of
    percent within a minute, and timing one block after the other would put that drift into the ratio."""
    for _ in range(warmup):
        fn_a()
        fn_b()
    a, b = [], []
    for _ in range(rounds):
        start = time.perf_counter()
        fn_a()
        middle = time.perf_counter()
        fn_b()
        a.append(middle - start)
        b.append(time.perf_counter() - middle)
    return a, b


def summary(samples: list[float]) -> dict:
    ordered = sorted(samples)
    return {
        "median_ms": statistics.median(ordered) * 1000,
        "p99_ms": ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000,
        "n": len(ordered),
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server() -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {**os.environ, "SENDWELL_INSTANCE_PATH": tempfile.mkdtemp(prefix="sendwell-bench-")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "addin", "serve", "--port", str(port)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            requests.get(url + "/healthz", timeout=1)
            return proc, url
        except requests.ConnectionError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("the server did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer rounds")
    parser.add_argument("--json", action="store_true", help="print machine-readable figures")
    args = parser.parse_args()
    rounds, http_rounds, dp_rounds = (100, 100, 5) if args.quick else (1000, 500, 20)

    import dateparser.search

    results = {}
    proc, url = start_server()
    try:
        session = requests.Session()
        for words in (200, 2000):
            body = sales_email(words)
            draft = Draft(body=body, to=(Party("anna.lee@acme-robotics.example", "Anna Lee"),))
            payload = json.dumps({"body": body, "to": [{"name": "Anna Lee", "email": "anna.lee@acme-robotics.example"}]})
            headers = {"Content-Type": "application/json"}
            review_http, healthz_http = interleaved_timings(
                lambda: session.post(url + "/api/v1/review", data=payload, headers=headers).raise_for_status(),
                lambda: session.get(url + "/healthz").raise_for_status(),
                http_rounds,
            )
            row = {
                "review_http": summary(review_http),
                "healthz_http": summary(healthz_http),
                "review_in_process": summary(timings(lambda: review(draft), rounds)),
                "dateparser_search_dates": summary(timings(lambda: dateparser.search.search_dates(body, languages=["en"]), dp_rounds, warmup=1)),
            }
            row["review_vs_dateparser"] = row["review_in_process"]["median_ms"] / row["dateparser_search_dates"]["median_ms"]
            row["review_http_in_noop_requests"] = row["review_http"]["median_ms"] / row["healthz_http"]["median_ms"]
            results[f"{words}_words"] = row
    finally:
        proc.terminate()
        proc.wait(10)

    results["adversarial_ms"] = {name: round(min(timings(lambda: review(Draft(body=body)), 3, warmup=1)) * 1000, 2)
                                 for name, body in ADVERSARIAL.items()}
    if args.json:
        print(json.dumps(results, indent=2))
        return
    print(f"Sendwell review speed ({'quick' if args.quick else 'full'} run; medians and p99 in ms)\n")
    for name, row in results.items():
        if name == "adversarial_ms":
            continue
        print(f"{name.replace('_', ' ')}:")
        for key in ("review_in_process", "review_http", "healthz_http", "dateparser_search_dates"):
            s = row[key]
            print(f"  {key:<26} median {s['median_ms']:9.3f}   p99 {s['p99_ms']:9.3f}   (n={s['n']})")
        ok1 = "ok" if row["review_vs_dateparser"] < 0.1 else "OVER BUDGET"
        ok2 = "ok" if row["review_http_in_noop_requests"] < 8 else "OVER BUDGET"
        print(f"  review / dateparser        {row['review_vs_dateparser']:9.4f}   (budget < 0.1: {ok1})")
        print(f"  HTTP review in no-op reqs  {row['review_http_in_noop_requests']:9.2f}   (budget < 8: {ok2})\n")
    print("adversarial inputs (repetitions that once made a regex backtrack; ms for the whole review):")
    for name, ms in results["adversarial_ms"].items():
        print(f"  {name:<34} {ms:9.2f}")


# Inputs built to make regular expressions backtrack or rescan: each must stay in the milliseconds.
ADVERSARIAL = {
    '"a bit of " x 24 before a verdict': "Our product is " + "a bit of " * 24 + "fine, not slow.",
    '"kind of a " x 24': "I'd say it is " + "kind of a " * 24 + "fine.",
    '"on us " x 3000': "on us " * 3000,
    '"complimentary " x 3000': "complimentary " * 3000,
    '"$5 credits " x 2000': "$5 credits " * 2000,
    '"x," x 3000': "x," * 3000,
    '"I\'ll send it Friday and " x 400': "I'll send it Friday and " * 400 + "call you.",
    '"I\'ll " x 3000': "I'll " * 3000,
    '"I\'ll flag your account " x 600': "I'll flag your account " * 600,
    '"freight is on us " x 2000': "freight is on us " * 2000,
    '"the portal we rolled out " x 800': "the portal we rolled out " * 800,
}


if __name__ == "__main__":
    main()
