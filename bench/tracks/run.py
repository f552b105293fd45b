"""Benchmark cosec's track engine against its peers; write the figures to docs.

Run from the repository root::

    .venv/bin/python -m bench.tracks.run --write-docs          # everything (about 30 min)
    .venv/bin/python -m bench.tracks.run --quick               # a smoke run, small inputs

Results go to ``bench/out/tracks/results.json`` and, with ``--write-docs``, into the
``tracks`` section of ``docs/performance.md``. Every figure is measured in the same run;
timings are medians of ``--repeats`` runs after one warm-up (which also fills Numba's
cache).
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow.csv as pacsv
from bench.tracks import peers, scenario

from cosec.analytics.engines.dask import DaskEngine
from cosec.analytics.engines.local import LocalEngine
from cosec.analytics.events.encounters import find_hits
from cosec.analytics.io.load import load_tracks
from cosec.analytics.kernels.pairs import candidate_pairs
from cosec.analytics.kernels.segments import index_segments
from cosec.analytics.service import import_tracks, run_analysis

DOCS = Path(__file__).resolve().parents[2] / "docs" / "performance.md"
BEGIN = "<!-- BEGIN tracks -->"
END = "<!-- END tracks -->"
D = 500.0
GAP = 3600.0


def median_time(fn: Callable[[], Any], repeats: int) -> tuple[float, list[float], Any]:
    """Median wall time of ``fn`` after one warm-up run, all times, and the last result."""
    result = fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), times, result


def main_scenario(args: argparse.Namespace, out: dict[str, Any]) -> None:
    vessels = 2_000 if args.quick else 20_000
    path, truth_path = scenario.day(vessels=vessels)
    tracks, _ = load_tracks([path])
    n = tracks.n
    res: dict[str, Any] = {"vessels": vessels, "positions": n, "input": path.name}

    def cosec(threads: int) -> Any:
        engine = LocalEngine(threads=threads)
        return run_analysis(path, "encounters", {"max_distance_m": D}, engine=engine)

    def split() -> tuple[float, float]:
        t0 = time.perf_counter()
        loaded, _ = load_tracks([path])
        t1 = time.perf_counter()
        find_hits(loaded, D, GAP, threads=2)
        return t1 - t0, time.perf_counter() - t1

    # Rounds interleave the contenders, so that a busy moment of the shared machine
    # falls on all of them rather than on one; one warm-up round first.
    contenders: dict[str, Callable[[], Any]] = {
        "duckdb_floor": lambda: peers.duckdb_floor(path),
        "cosec_1t": lambda: cosec(1),
        "cosec_2t": lambda: cosec(2),
        "split": split,
    }
    runs: dict[str, list[Any]] = {name: [] for name in contenders}
    table = None
    for round_no in range(args.repeats + 1):
        for name, fn in contenders.items():
            start = time.perf_counter()
            value = fn()
            elapsed = time.perf_counter() - start
            if name == "cosec_1t":
                table = value
            if round_no:
                runs[name].append(value if name == "split" else elapsed)
    assert table is not None
    for name in ("duckdb_floor", "cosec_1t", "cosec_2t"):
        res[f"{name}_s"] = statistics.median(runs[name])
        res[f"{name}_runs"] = runs[name]
    res["episodes"] = table.num_rows
    res["stage_read_validate_sort_s"] = statistics.median(r[0] for r in runs["split"])
    res["stage_detect_s"] = statistics.median(r[1] for r in runs["split"])
    hits = find_hits(tracks, D, GAP, threads=2)
    x = tracks
    idx = index_segments(x.code, x.t, x.lat, x.lon, x.seq, x.brk, max_gap_s=GAP, max_distance_m=D)
    ca, cb = candidate_pairs(idx, x.t, x.lat, x.lon)
    res["candidate_segment_pairs"] = int(ca.size)
    res["hit_segment_pairs"] = hits.num_rows
    vessel_pairs = np.unique(np.stack([x.code[ca], x.code[cb]]), axis=1)
    res["candidate_vessel_pairs"] = int(vessel_pairs.shape[1])
    # Recall on planted passes: cosec and a 10-minute sampled method.
    truth = pacsv.read_csv(truth_path).to_pylist()
    found = {
        (r["id_a"], r["id_b"])
        for r in run_analysis(tracks, "encounters", {"max_distance_m": D}).to_pylist()
    }
    sampled_s, sampled = peers.sampled_pairs(tracks, step_s=600.0, max_distance_m=D, max_gap_s=GAP)
    ids = tracks.ids
    sampled_ids = {(int(ids[a]), int(ids[b])) for a, b in sampled}
    for kind in ("fast_pass", "slow_pass"):
        planted = [(r["id_a"], r["id_b"]) for r in truth if r["kind"] == kind]
        res[f"{kind}_planted"] = len(planted)
        res[f"{kind}_recall_cosec"] = sum(p in found for p in planted) / len(planted)
        res[f"{kind}_recall_sampled"] = sum(p in sampled_ids for p in planted) / len(planted)
    res["sampled_s"] = sampled_s
    if "pymeos" not in args.skip:
        rng = np.random.default_rng(0)
        pick = rng.choice(
            vessel_pairs.shape[1], size=min(args.pymeos_pairs, vessel_pairs.shape[1]), replace=False
        )
        sample = [(int(vessel_pairs[0, k]), int(vessel_pairs[1, k])) for k in pick]
        hits_all = hits.to_pydict()
        code_of = {int(v): c for c, v in enumerate(ids)}
        cosec_min: dict[tuple[int, int], float] = {}
        cosec_t: dict[tuple[int, int], float] = {}
        for a, b, d, tc in zip(
            hits_all["id_a"], hits_all["id_b"], hits_all["d_cpa"], hits_all["t_cpa"], strict=True
        ):
            key = (code_of[a], code_of[b])
            if d < cosec_min.get(key, np.inf):
                cosec_min[key] = d
                cosec_t[key] = tc
        pm = peers.pymeos_pairs(tracks, sample, cosec_min, GAP)
        res["pymeos_pairs_timed"] = pm.pairs_timed
        res["pymeos_per_pair_s"] = pm.per_pair_s
        res["pymeos_all_pairs_s_extrapolated"] = pm.per_pair_s * res["candidate_vessel_pairs"]
        res["pymeos_max_diff_m"] = pm.max_diff_m
        if pm.worst_pair is not None:
            # The same interpolated tracks sampled every 10 ms around cosec's CPA.
            dense = peers.dense_min_distance(tracks, *pm.worst_pair, cosec_t[pm.worst_pair])
            res["pymeos_worst_pair"] = {
                "meos_m": pm.worst_meos_m,
                "cosec_m": cosec_min[pm.worst_pair],
                "dense_sampling_m": dense,
            }
    if "postgis" not in args.skip:
        hours = 2.0 if args.quick else args.postgis_hours
        pg = peers.postgis(
            path, max_distance_m=D, max_gap_s=GAP, hours=hours, nd_index=args.postgis_nd
        )
        res["postgis"] = {
            "hours": hours if hours is not None else 24.0,
            "load_s": pg.load_s,
            "segments_s": pg.segments_s,
            "index_s": pg.index_s,
            "query_s": pg.query_s,
            "total_s": pg.total_s,
            "segments": pg.segments,
            "pairs": pg.pairs,
            "nd_query_s": pg.nd_query_s,
        }
        if hours is not None:
            sub = tracks.take(tracks.t < tracks.t.min() + hours * 3600)
            med, _, _ = median_time(
                lambda: run_analysis(
                    sub, "encounters", {"max_distance_m": D}, engine=LocalEngine(threads=2)
                ),
                args.repeats,
            )
            res["postgis"]["cosec_same_window_s"] = med
            res["postgis"]["cosec_same_window_hit_pairs"] = find_hits(
                sub, D, GAP, threads=2
            ).num_rows
        else:
            res["postgis"]["cosec_same_window_s"] = res["cosec_2t_s"]
            res["postgis"]["cosec_same_window_hit_pairs"] = res["hit_segment_pairs"]
    out["main"] = res


def dask_scaling(args: argparse.Namespace, out: dict[str, Any]) -> None:
    from distributed import Client, LocalCluster

    hours = 24.0 if args.quick else 168.0
    path, _ = scenario.day(vessels=20_000, hours=hours)
    ds = scenario.OUT / f"dataset_h{hours:g}"
    if not ds.exists():
        import_tracks([path], out=ds)
    manifest = json.loads((ds / "_manifest.json").read_text())
    res: dict[str, Any] = {"positions": manifest["positions"], "hours": hours}
    for workers in (1, 2):
        with (
            LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
            ) as cluster,
            Client(cluster) as client,
        ):
            engine = DaskEngine(client=client, partition_hours=6.0)
            med, times, table = median_time(
                lambda e=engine: run_analysis(ds, "encounters", {"max_distance_m": D}, engine=e),
                max(1, args.repeats // 2),
            )
        res[f"workers_{workers}_s"] = med
        res[f"workers_{workers}_runs"] = times
        res["episodes"] = table.num_rows
    res["speedup"] = res["workers_1_s"] / res["workers_2_s"]
    out["dask"] = res


def density(args: argparse.Namespace, out: dict[str, Any]) -> None:
    rows = []
    factors = (1, 10) if args.quick else (1, 10, 100)
    base = 2_000 if args.quick else 20_000
    hours = 12.0 if args.quick else 1.0
    for factor in factors:
        path, _ = scenario.day(vessels=base * factor, hours=hours, seed=2, planted=0)
        tracks, _ = load_tracks([path])
        med, _, table = median_time(
            lambda t=tracks: run_analysis(
                t, "encounters", {"max_distance_m": D}, engine=LocalEngine(threads=2)
            ),
            max(1, args.repeats // 2),
        )
        x = tracks
        idx = index_segments(
            x.code, x.t, x.lat, x.lon, x.seq, x.brk, max_gap_s=GAP, max_distance_m=D
        )
        ca, _ = candidate_pairs(idx, x.t, x.lat, x.lon)
        rows.append(
            {
                "factor": factor,
                "vessels": base * factor,
                "positions": x.n,
                "seconds": med,
                "positions_per_s": x.n / med,
                "candidates": int(ca.size),
                "episodes": table.num_rows,
            }
        )
    out["density"] = rows
    out["density_hours"] = hours


def render(out: dict[str, Any]) -> str:
    m = out["machine"]
    lines = [
        BEGIN,
        "## Tracks: encounter detection (issue 4)",
        "",
        f"Measured {out['date']} with `{out['command']}` on {m['cpu']}, {m['cores']} logical cores,"
        f" {m['memory_gib']} GiB, {m['os']}, Python {m['python']}, NumPy {m['numpy']},"
        f" Numba {m['numba']}, DuckDB {m['duckdb']}, pyarrow {m['pyarrow']}, Dask {m['dask']}."
        " The machine is shared with other work: figures are medians, and ratios are between"
        " runs of the same session.",
        "",
    ]
    r = out.get("main")
    if r:
        n = r["positions"]
        per_core_1 = n / r["cosec_1t_s"]
        per_core_2 = n / (2 * r["cosec_2t_s"])
        lines += [
            f"**Scenario**: {r['vessels']:,} vessels in the South China Sea box (3-23 N, 105-121 E)"
            f" reporting every 10 minutes for 24 h, plus planted events: {n:,} positions in one"
            f" Parquet file; threshold {D:g} m, max gap 1 h. cosec finds {r['episodes']:,}"
            f" episodes from {r['candidate_segment_pairs']:,} candidate segment pairs"
            f" ({r['hit_segment_pairs']:,} within the threshold).",
            "",
            "| what | median | throughput | vs floor |",
            "|---|---:|---:|---:|",
            f"| DuckDB read + sort by vessel, time (the floor) | {r['duckdb_floor_s']:.2f} s |"
            f" {n / r['duckdb_floor_s'] / 1e6:.1f} M pos/s | 1.0× |",
            f"| cosec end to end, 1 thread | {r['cosec_1t_s']:.2f} s |"
            f" {per_core_1 / 1e6:.2f} M pos/s/core |"
            f" {r['cosec_1t_s'] / r['duckdb_floor_s']:.1f}× |",
            f"| cosec end to end, 2 threads | {r['cosec_2t_s']:.2f} s |"
            f" {per_core_2 / 1e6:.2f} M pos/s/core |"
            f" {r['cosec_2t_s'] / r['duckdb_floor_s']:.1f}× |",
            "",
            f"Where cosec's time goes (medians): read + validate + sort"
            f" {r['stage_read_validate_sort_s']:.2f} s, detect (2 threads)"
            f" {r['stage_detect_s']:.2f} s.",
            "",
        ]
        if "postgis" in r:
            pg = r["postgis"]
            lines += [
                f"**PostGIS** ({pg['hours']:g} h of the scenario, {pg['segments']:,} segments):"
                " load"
                f" {pg['load_s']:.1f} s, build segments {pg['segments_s']:.1f} s, GiST index"
                f" {pg['index_s']:.1f} s, `ST_CPAWithin` self-join {pg['query_s']:.1f} s; total"
                f" {pg['total_s']:.1f} s for {pg['pairs']:,} segment pairs within {D:g} m (cosec:"
                f" {pg['cosec_same_window_hit_pairs']:,}, measured on the sphere/ellipsoid where"
                f" PostGIS measures in the projected plane). cosec on the same window:"
                f" {pg['cosec_same_window_s']:.2f} s,"
                f" **{pg['total_s'] / pg['cosec_same_window_s']:.0f}× faster end to end**,"
                f" {pg['query_s'] / pg['cosec_same_window_s']:.0f}× faster than"
                " the query alone. Index: 2-D GiST on the segments plus the time overlap as a"
                " predicate"
                + (
                    f"; with the n-D index (`gist_geometry_ops_nd`, x, y and m) the same query took"
                    f" {pg['nd_query_s']:.1f} s."
                    if pg.get("nd_query_s") is not None
                    else "."
                ),
                "",
            ]
        if "pymeos_per_pair_s" in r:
            lines += [
                f"**pymeos** (MEOS): building both sequences and `nearest_approach_distance` takes"
                f" {r['pymeos_per_pair_s'] * 1e3:.2f} ms per vessel pair (mean over"
                f" {r['pymeos_pairs_timed']:,} sampled candidate pairs); over all"
                f" {r['candidate_vessel_pairs']:,} candidate vessel pairs that is about"
                f" {r['pymeos_all_pairs_s_extrapolated']:.0f} s (extrapolated, not run), against"
                f" {r['cosec_2t_s']:.2f} s for cosec's whole run. Largest difference between MEOS'"
                f" and cosec's closest distance on the sampled pairs that came within {D:g} m:"
                f" {r['pymeos_max_diff_m']:.3f} m"
                + (
                    f" (MEOS {w['meos_m']:.3f} m, cosec {w['cosec_m']:.3f} m; the same"
                    f" interpolated tracks sampled every 10 ms give {w['dense_sampling_m']:.3f} m,"
                    " so the difference is MEOS' approximation, not cosec's)."
                    if (w := r.get("pymeos_worst_pair"))
                    else "."
                ),
                "",
            ]
        lines += [
            "**Recall on planted passes** (a pass is found when its pair has an episode):",
            "",
            "| planted | count | cosec (continuous CPA) | 10-minute sampling |",
            "|---|---:|---:|---:|",
            f"| fast passes, 20-30 kn, reports every 3-5 min | {r['fast_pass_planted']} |"
            f" {r['fast_pass_recall_cosec']:.2f} | {r['fast_pass_recall_sampled']:.2f} |",
            f"| slow passes, 3-8 kn, reports every 1-3 min | {r['slow_pass_planted']} |"
            f" {r['slow_pass_recall_cosec']:.2f} | {r['slow_pass_recall_sampled']:.2f} |",
            "",
        ]
    d = out.get("dask")
    if d:
        lines += [
            f"**Dask**, local cluster, single-threaded workers, 6-hour partitions, on"
            f" {d['positions']:,} positions ({d['hours']:g} h of the same traffic, an imported"
            f" dataset): 1 worker {d['workers_1_s']:.1f} s, 2 workers {d['workers_2_s']:.1f} s:"
            f" **{d['speedup']:.2f}× faster with 2**.",
            "",
        ]
    dens = out.get("density")
    if dens:
        lines += [
            f"**Density** (same area, {out['density_hours']:g} h of traffic; the cost is set by"
            " how many vessels share the water, not by how many positions there are):",
            "",
            "| vessels | positions | candidates | episodes | median | positions/s |"
            " candidates per position |",
            "|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for row in dens:
            lines.append(
                f"| {row['vessels']:,} ({row['factor']}×) | {row['positions']:,} |"
                f" {row['candidates']:,} | {row['episodes']:,} | {row['seconds']:.2f} s |"
                f" {row['positions_per_s'] / 1e6:.2f} M |"
                f" {row['candidates'] / row['positions']:.2f} |"
            )
        lines.append("")
    lines += out.get("notes", [])
    lines.append(END)
    return "\n".join(lines)


def write_docs(section: str) -> None:
    text = (
        DOCS.read_text()
        if DOCS.exists()
        else "# Performance\n\nMeasured figures only; each section says how.\n"
    )
    if BEGIN in text and END in text:
        text = re.sub(
            re.escape(BEGIN) + r".*?" + re.escape(END), lambda _m: section, text, flags=re.S
        )
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    DOCS.write_text(text)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="small inputs, for a smoke run")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--skip", default="", help="comma list: postgis,pymeos,dask,density")
    parser.add_argument(
        "--postgis-hours", type=float, default=None, help="PostGIS on the first N hours only"
    )
    parser.add_argument("--pymeos-pairs", type=int, default=2000)
    parser.add_argument("--postgis-nd", action="store_true", help="also time the n-D GiST index")
    parser.add_argument("--write-docs", action="store_true")
    parser.add_argument(
        "--from-results", action="store_true", help="only render results.json (no measuring)"
    )
    args = parser.parse_args()
    if args.from_results:
        saved = json.loads((scenario.OUT / "results.json").read_text())
        section = render(saved)
        print(section)
        if args.write_docs:
            write_docs(section)
        return
    args.skip = {s for s in args.skip.split(",") if s}
    out: dict[str, Any] = {
        "date": time.strftime("%Y-%m-%d"),
        "command": ".venv/bin/python -m bench.tracks.run" + (" --quick" if args.quick else ""),
        "machine": peers.machine(),
    }
    main_scenario(args, out)
    if "dask" not in args.skip:
        dask_scaling(args, out)
    if "density" not in args.skip:
        density(args, out)
    scenario.OUT.mkdir(parents=True, exist_ok=True)
    (scenario.OUT / "results.json").write_text(json.dumps(out, indent=2, default=float) + "\n")
    section = render(out)
    print(section)
    if args.write_docs:
        write_docs(section)


if __name__ == "__main__":
    main()
