"""The stored way on the command line: import a list (twice: the second adds only what is
new), run the oversight pass on a dataset, evaluate, read the events, the list and the
petroleum; and `assess` on the same imported dataset."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cosec.analytics.service import import_tracks
from cosec.cli.main import app
from cosec.mechanisms.oversight import demo

runner = CliRunner()
LIST = (
    "mmsi,imo,name,listed_on,source\n"
    f"{demo.STAR},9123453,DEMO STAR,2018-03-30,UN 1718 Committee\n"
    f"{demo.PALM},9123465,DEMO PALM,2019-05-09,UN 1718 Committee\n"
)


def cosec(*args: str) -> tuple[int, str, str]:
    done = runner.invoke(app, list(args))
    return done.exit_code, done.stdout, done.stderr


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("COSEC_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.setenv("COSEC_KEYS_DIR", str(tmp_path / "keys"))
    monkeypatch.setenv("COSEC_LOG_KEY_FILE", str(tmp_path / "keys" / "log.key"))
    monkeypatch.setenv("COSEC_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("COSEC_CHARTER", "korean-peninsula")
    monkeypatch.chdir(tmp_path)
    rows = demo.season()
    lines = ["mmsi,timestamp,lat,lon,sog"]
    lines += [f"{r['mmsi']},{r['timestamp']},{r['lat']},{r['lon']},{r['sog']}" for r in rows]
    (tmp_path / "season.csv").write_text("\n".join(lines) + "\n")
    import_tracks([tmp_path / "season.csv"], out=tmp_path / "data" / "season")
    (tmp_path / "list.csv").write_text(LIST)
    return tmp_path / "data"


def test_import_analyse_evaluate_and_read(data_dir: Path) -> None:
    listed = str(data_dir.parent / "list.csv")
    assert cosec("keys", "new", "--member", "SEC", "--deposit")[0] == 0
    code, out, err = cosec("oversight", "import-list", listed)
    assert code == 0, err
    assert "2 designations recorded, 0 already on the list" in out
    code, out, err = cosec("oversight", "import-list", listed)
    assert code == 0, err
    assert "0 designations recorded, 2 already on the list" in out
    code, out, err = cosec("oversight", "list", "--on", "2019-01-01", "--format", "json")
    assert [r["name"] for r in json.loads(out)] == ["DEMO STAR"]
    first = json.loads(cosec("oversight", "list", "--format", "json")[1])[0]["id"]
    code, out, err = cosec(
        "oversight", "delist", str(first), "--on", "2024-01-01", "--source", "UN 1718 Committee"
    )
    assert code == 0, err
    code, out, err = cosec("oversight", "list", "--on", "2024-01-01", "--format", "json")
    assert [r["name"] for r in json.loads(out)] == ["DEMO PALM"]
    code, _, err = cosec("oversight", "delist", str(first), "--on", "2017-01-01", "--source", "UN")
    assert code == 2
    assert "delisted_on: must not be before the listing" in err
    code, out, err = cosec("oversight", "analyse", "season")
    assert code == 0, err
    assert out.count("analysis ") == 3
    assert cosec("evaluate")[0] == 0
    code, out, err = cosec("oversight", "events", "--format", "json")
    assert code == 0, err
    got = sorted((e["flag"], e["vessels"]) for e in json.loads(out))
    assert got == [
        ("dark_in_watch_zone", "445112009"),
        ("dprk_coast_approach", "352112010"),
        ("sts_designated", "445112005;511112006"),
        ("sts_watch_zone", "352112003;445112001"),  # STAR was delisted before it met
        ("sts_watch_zone", "412112004;667112002"),
        ("sts_watch_zone", "413112007;636112008"),
    ]
    code, out, _ = cosec("oversight", "petroleum", "--year", "2026", "--format", "json")
    assert code == 0
    assert [m["barrels"] for m in json.loads(out)] == [0] * 12
    bad = data_dir.parent / "bad.csv"
    bad.write_text("mmsi,imo,name,listed_on,source\n445112001,9123454,X,2018-01-01,UN\n")
    code, _, err = cosec("oversight", "import-list", str(bad))
    assert code == 2
    assert "row 1.imo" in err
    # A row the pipeline refuses (listed after today) is named by its row in the file.
    later = LIST + "667112002,9123489,DEMO CEDAR,2099-01-01,National list\n"
    bad.write_text(later)
    code, _, err = cosec("oversight", "import-list", str(bad))
    assert code == 2
    assert "row 3.listed_on: must not be after today" in err


def test_assess_reads_an_imported_dataset(data_dir: Path) -> None:
    listed = str(data_dir.parent / "list.csv")
    code, out, err = cosec(
        "oversight", "assess", str(data_dir / "season"), "--designated", listed, "--format", "json"
    )
    assert code == 0, err
    assert sorted(f["flag"] for f in json.loads(out)) == [
        "dark_in_watch_zone",
        "dprk_coast_approach",
        "sts_designated",
        "sts_designated",
        "sts_watch_zone",
        "sts_watch_zone",
    ]
