import cProfile
import pstats
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from bench.evaluation import stores

from cosec import deployment as ds
from cosec.clock import FixedClock
from cosec.compliance import engine
from cosec.store.db import make_engine, session_factory, unit_of_work

n = int(sys.argv[1])
st = stores.ensure(n)
tmp = Path(tempfile.mkdtemp())
url = st.copy(tmp / "w.db")
f = session_factory(make_engine(url))
clock = FixedClock(datetime(2026, 12, 1, 12, tzinfo=UTC))
with unit_of_work(f, write=True) as s:
    r = engine.evaluate(s, deployment=ds.load(s), clock=clock)
p = cProfile.Profile()
with unit_of_work(f, write=True) as s:
    p.runcall(engine.evaluate, s, deployment=ds.load(s), clock=clock)
st = pstats.Stats(p)
st.sort_stats("cumulative").print_stats(35)
st.sort_stats("tottime").print_stats(20)
