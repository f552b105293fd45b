import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from bench.evaluation import stores
from sqlalchemy import select

from cosec import deployment as ds
from cosec.clock import FixedClock
from cosec.compliance import engine
from cosec.store.db import make_engine, session_factory, unit_of_work
from cosec.store.tables import FindingRow

n = int(sys.argv[1])
st = stores.ensure(n)
tmp = Path(tempfile.mkdtemp())
url = st.copy(tmp / "w.db")
f = session_factory(make_engine(url))
clock = FixedClock(datetime(2026, 12, 1, 12, tzinfo=UTC))
for i in range(2):
    t = time.perf_counter()
    with unit_of_work(f, write=True) as s:
        r = engine.evaluate(s, deployment=ds.load(s), clock=clock)
    print(i, round(time.perf_counter() - t, 2), r.opened, r.updated, r.resolved, r.failed)
with unit_of_work(f) as s:
    rows = s.scalars(select(FindingRow)).all()
    print(Counter(r.flag for r in rows))
    print(max(len(r.subjects) for r in rows) if rows else 0)
