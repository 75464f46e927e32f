"""Capture-and-record throughput and database size, on SQLite and on PostgreSQL.

    .venv/bin/python benchmarks/store.py                 # 10,000 messages on each backend
    .venv/bin/python benchmarks/store.py --messages 2000 # a quicker run
    SENDWELL_TEST_DATABASE_URL=postgresql://... .venv/bin/python benchmarks/store.py

Each message goes the whole capture path except the network: the runner reviews it in memory (HTML
body, quoted history, a promise), records the activity, contacts, promises, fingerprint and the cursor,
one transaction per page of 50, as ``sendwell capture`` does. PostgreSQL runs in a throw-away schema and
is skipped with a note when no server answers.
"""
from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, func, select, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from addin.capture import CapturedMessage, Page, capture_pass  # noqa: E402
from addin.review import Party  # noqa: E402
from addin.store import Store  # noqa: E402
from addin.store.models import Activity  # noqa: E402
from benchmarks.sample_emails import sales_email  # noqa: E402

PAGE = 50
REPS = 10


class SyntheticSentItems:
    """An in-memory mailbox source: realistic HTML replies with quoted history, to a pool of contacts."""

    name = "graph"

    def __init__(self, per_rep: int, seed: int = 1):
        self.per_rep = per_rep
        self.seed = seed

    def pages(self, mailbox, cursor):
        rng = random.Random(f"{self.seed}:{mailbox}")
        start = datetime(2026, 11, 2, 8, tzinfo=timezone(timedelta(hours=-5)))
        for first in range(0, self.per_rep, PAGE):
            messages = []
            for i in range(first, min(first + PAGE, self.per_rep)):
                contact = f"buyer{rng.randrange(400)}@customer{rng.randrange(60)}.example"
                body = (
                    "<div>" + sales_email(rng.choice((60, 120, 200)), seed=i).replace("\n", "<br>") + "</div>"
                    "<div class='gmail_quote'>On Mon, 2 Nov 2026 at 09:00, Buyer wrote:<blockquote>Earlier words</blockquote></div>"
                )
                messages.append(CapturedMessage(
                    message_id=f"<{mailbox}-{i}@bench.example>",
                    sent_at=start + timedelta(minutes=7 * i),
                    to=(Party(contact, "Alex Buyer"),),
                    subject="Following up",
                    body=body,
                    body_format="html",
                    thread_id=f"thread-{rng.randrange(self.per_rep // 3 + 1)}",
                ))
            yield Page(tuple(messages), cursor=f"page-{first}")


def database_size(store: Store, path: Path | None, schema: str | None) -> int:
    if store.dialect == "sqlite":
        store.dispose()  # the last connection to close checkpoints the WAL into the main file
        return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))
    with store.engine.connect() as conn:
        return conn.execute(text(
            "select coalesce(sum(pg_total_relation_size(quote_ident(schemaname)||'.'||quote_ident(tablename))),0) "
            "from pg_tables where schemaname = :s"), {"s": schema}).scalar()


def run(label: str, url: str, messages: int, path: Path | None = None, schema: str | None = None) -> None:
    store = Store(url)
    store.upgrade()
    mailboxes = [f"rep{i}@seller.example" for i in range(REPS)]
    source = SyntheticSentItems(messages // REPS)
    start = time.perf_counter()
    result = capture_pass(store, source, mailboxes)
    elapsed = time.perf_counter() - start
    with store.session() as session:
        activities = session.scalar(select(func.count()).select_from(Activity))
    again = time.perf_counter()
    repeat = capture_pass(store, SyntheticSentItems(messages // REPS), mailboxes)
    repeat_elapsed = time.perf_counter() - again
    size = database_size(store, path, schema)
    store.dispose()
    assert not result.failed_reps, result.failed_reps
    assert activities == result.recorded == messages and repeat.recorded == 0
    print(f"{label}:")
    print(f"  first pass   {messages:,} messages in {elapsed:6.2f} s  = {messages / elapsed:8.0f} messages/s (review + record)")
    print(f"  repeat pass  {messages:,} messages in {repeat_elapsed:6.2f} s  = {messages / repeat_elapsed:8.0f} messages/s (all already known)")
    print(f"  database     {size / 1024:,.0f} KiB = {size / activities * 1000 / 1024:,.0f} KiB per 1,000 activities")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--messages", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.sqlite"
        run("SQLite", f"sqlite:///{path}", args.messages, path=path)

    pg = os.environ.get("SENDWELL_TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
    base = make_url(pg).set(drivername="postgresql+psycopg")
    try:
        admin = create_engine(base, connect_args={"connect_timeout": 3})
        schema = "sendwell_bench_" + uuid.uuid4().hex[:8]
        with admin.begin() as conn:
            conn.execute(text(f'create schema "{schema}"'))
    except Exception as exc:
        print(f"PostgreSQL: skipped ({type(exc).__name__}: no server answers at {base.render_as_string()})")
        return
    try:
        url = base.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)
        run("PostgreSQL", url, args.messages, schema=schema)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'drop schema "{schema}" cascade'))
        admin.dispose()


if __name__ == "__main__":
    main()
