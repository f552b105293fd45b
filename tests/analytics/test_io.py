"""Ingest: every bad row is counted and kept with its reason; tracks come out in order."""

from __future__ import annotations

import gzip
import random
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from pyais.encode import encode_dict
from pyais.util import checksum

from cosec.analytics.io.dataset import read_manifest
from cosec.analytics.io.load import import_files, load_tracks, read_dataset
from cosec.analytics.io.nmea import parse_nmea_lines
from cosec.analytics.service import import_tracks
from cosec.errors import InvalidInput

T0 = 1_704_067_200  # 2024-01-01T00:00:00Z


def write(path: Path, text: str) -> Path:
    path.write_text(text)
    return path


def test_csv_rows_breaking_each_rule_are_rejected_with_their_reason(tmp_path: Path) -> None:
    csv = write(
        tmp_path / "ais.csv",
        "mmsi,timestamp,lat,lon,sog,cog\n"
        "123456789,2024-01-01T00:00:00Z,15.0,112.0,10.0,90\n"  # good
        "x,2024-01-01T00:00:00Z,15.0,112.0,10,90\n"  # bad_id
        ",2024-01-01T00:00:00Z,15.0,112.0,10,90\n"  # missing_id
        "123456789,yesterday,15.0,112.0,10,90\n"  # bad_timestamp
        "123456789,1900-01-01T00:00:00Z,15.0,112.0,10,90\n"  # timestamp_out_of_range
        "123456789,2024-01-01T00:01:00Z,91,181,10,90\n"  # position_not_available
        "123456789,2024-01-01T00:01:00Z,95,112,10,90\n"  # lat_out_of_range
        "123456789,2024-01-01T00:01:00Z,15,190,10,90\n"  # lon_out_of_range
        "123456789,2024-01-01T00:01:00Z,north,112,10,90\n"  # bad_lat
        "123456789,2024-01-01T00:01:00Z,,112,10,90\n"  # missing_position
        "123456789,2024-01-01T00:01:00Z,15,112,-1,90\n"  # bad_sog
        "123456789,2024-01-01T00:01:00Z,15,112,10,361\n"  # bad_cog
        "123456789,2024-01-01T00:01:00Z,15\n"  # malformed_row
        "123456789,1704067260,15.001,112.001,102.3,360\n",  # good; 'not available' speed/course
    )
    tracks, report = import_files([csv])
    assert report.rejects_by_reason == {
        "bad_cog": 1,
        "bad_id": 1,
        "bad_lat": 1,
        "bad_sog": 1,
        "bad_timestamp": 1,
        "lat_out_of_range": 1,
        "lon_out_of_range": 1,
        "malformed_row": 1,
        "missing_id": 1,
        "missing_position": 1,
        "position_not_available": 1,
        "timestamp_out_of_range": 1,
    }
    assert report.rows_read == 14
    assert tracks.n == 2
    assert np.isnan(tracks.sog[1])
    assert np.isnan(tracks.cog[1])
    rows = report.rejects.to_pylist()
    by_reason = {r["reason"]: r for r in rows}
    assert by_reason["bad_id"]["row"] == 2
    assert by_reason["bad_id"]["field"] == "id"
    assert by_reason["malformed_row"]["row"] == 13
    assert by_reason["malformed_row"]["raw"] == "123456789,2024-01-01T00:01:00Z,15"


def test_times_with_offsets_naive_and_epoch_are_utc(tmp_path: Path) -> None:
    csv = write(
        tmp_path / "t.csv",
        "MMSI,BaseDateTime,LAT,LON\n"
        "1,2024-01-01T08:00:00+08:00,1,1\n"
        "2,2024-01-01 00:00:00,1,1\n"
        "3,1704067200,1,1\n"
        "4,2024-01-01T00:00:00.500Z,1,1\n",
    )
    tracks, report = import_files([csv])
    assert report.rows_accepted == 4
    assert tracks.t.tolist() == [T0, T0, T0, T0 + 0.5]


def test_a_custom_time_format(tmp_path: Path) -> None:
    csv = write(
        tmp_path / "dma.csv", "# Timestamp,MMSI,Latitude,Longitude\n31/12/2023 23:00:00,5,1,1\n"
    )
    tracks, _ = import_files([csv], time_format="%d/%m/%Y %H:%M:%S")
    assert tracks.t.tolist() == [T0 - 3600]


def test_impossible_utc_offsets_and_non_iso_times_are_rejected_not_shifted(tmp_path: Path) -> None:
    # Real offsets run from -12:00 to +14:00 (Kiribati); +05:45 is Nepal's.
    good = {
        "2024-01-01T14:00:00+14:00": T0,
        "2023-12-31T12:00:00-12:00": T0,
        "2024-01-01T05:45:00+05:45": T0,
        "2024-01-01T08:00:00+0800": T0,
        "2024-01-01T08:00+08": T0,
        "2024-01-01 00:00:00 UTC": T0,
        "2024-01-01T00:00:00.250-00:00": T0 + 0.25,
    }
    bad = [
        "2024-01-01T10:00:00+99:99",
        "2024-01-01T10:00:00+24:00",
        "2024-01-01T10:00:00+14:30",
        "2024-01-01T10:00:00+00:60",
        "2024-01-01T10:00:00+99",
        "2024-01-01T10:00:00+01:00:00",
        "2024-01-01T10:00:00 America/New_York",
        "2024-01-01T10:00:00EST",
        "2024-01-01",  # a day is not a time
        "2024-02-30T00:00:00Z",
        "2024-01-01T24:00:00Z",
        "2024-1-1T00:00:00Z",
        "1_704_067_200",
        "nan",
    ]
    rows = [*good, *bad]
    csv = write(
        tmp_path / "t.csv",
        "mmsi,timestamp,lat,lon\n" + "".join(f"{i},{ts},1,1\n" for i, ts in enumerate(rows, 1)),
    )
    tracks, report = import_files([csv])
    assert tracks.t.tolist() == list(good.values())
    assert report.rejects_by_reason == {"bad_timestamp": len(bad)}
    assert report.rejects.column("row").to_pylist() == list(range(len(good) + 1, len(rows) + 1))


def test_a_custom_time_format_with_an_offset_is_checked_too(tmp_path: Path) -> None:
    csv = write(
        tmp_path / "z.csv",
        "mmsi,timestamp,lat,lon\n"
        "1,01/01/2024 05:30 +0530,1,1\n"
        "2,01/01/2024 05:30 +9999,1,1\n"
        "3,01/01/2024 05:30 -2400,1,1\n",
    )
    tracks, report = import_files([csv], time_format="%d/%m/%Y %H:%M %z")
    assert tracks.t.tolist() == [T0]
    assert report.rejects_by_reason == {"bad_timestamp": 2}
    with pytest.raises(InvalidInput, match="time_format"):
        import_files([csv], time_format="%z %d/%m/%Y %H:%M")


def test_nmea_times_are_parsed_as_strictly_as_csv_times() -> None:
    (s,) = sentences({"type": 1, "mmsi": 412345678, "lat": 15.0, "lon": 112.0})
    lines = [
        f"2024-01-01T08:00:00+08:00 {s}",
        f"2024-01-01T10:00:00+99:99 {s}",
        f"{s},1e9",
        f"\\s:rcv,c:1_704_067_200*00\\{s}",
        f"{s},2024-01-01",
        f"{s},nan",  # not even like a time: the line has none
    ]
    result = parse_nmea_lines(lines, source="feed.nmea")
    assert result.checked.clean.column("t").to_pylist() == [T0]
    reasons = result.checked.rejects.select(["row", "reason"]).to_pylist()
    assert reasons == [{"row": n, "reason": "bad_timestamp"} for n in range(2, 6)] + [
        {"row": 6, "reason": "no_timestamp"}
    ]


def test_exact_duplicates_are_removed_and_rows_sorted_per_vessel(tmp_path: Path) -> None:
    csv = write(
        tmp_path / "d.csv",
        "mmsi,timestamp,lat,lon\n"
        f"7,{T0 + 120},1.002,1\n"
        f"5,{T0},1,1\n"
        f"7,{T0},1,1\n"
        f"7,{T0 + 60},1.001,1\n"
        f"7,{T0 + 60},1.001,1\n"
        f"7,{T0 + 60},1.0011,1\n",  # same time, other position: kept (not an exact duplicate)
    )
    tracks, report = import_files([csv])
    assert report.duplicates_removed == 1
    assert tracks.ids.tolist() == [5, 7]
    assert tracks.code.tolist() == [0, 1, 1, 1, 1]
    assert tracks.t.tolist() == [T0, T0, T0 + 60, T0 + 60, T0 + 120]
    assert tracks.seq.tolist() == [0, 0, 1, 2, 3]


def test_an_impossible_jump_splits_the_track_and_is_reported(tmp_path: Path) -> None:
    csv = write(
        tmp_path / "j.csv",
        "mmsi,timestamp,lat,lon\n"
        f"9,{T0},10,110\n"
        f"9,{T0 + 60},10.001,110\n"
        f"9,{T0 + 120},12,110\n"  # 220 km in a minute
        f"9,{T0 + 180},10.003,110\n",
    )
    tracks, report = import_files([csv])
    assert tracks.brk.tolist() == [False, False, True, True]
    jumps = report.jumps.to_pylist()
    assert [j["implied_speed_kn"] > 50 for j in jumps] == [True, True]
    assert jumps[0]["mmsi"] == 9
    # A faster limit accepts the move.
    tracks, report = import_files([csv], max_speed_kn=10_000)
    assert not tracks.brk.any()


def test_adsb_csv_with_opensky_names(tmp_path: Path) -> None:
    csv = write(
        tmp_path / "sv.csv",
        "time,icao24,lat,lon,velocity,heading,geoaltitude\n"
        f"{T0},4840D6,50.0,4.0,100,90,10000\n"
        f"{T0},zzz,50.0,4.0,100,90,10000\n",
    )
    tracks, report = import_files([csv])
    assert tracks.kind == "adsb"
    assert tracks.id_values(tracks.code).to_pylist() == ["4840d6"]
    assert round(float(tracks.sog[0]), 2) == 194.38
    assert tracks.alt.tolist() == [10000.0]
    assert report.rejects_by_reason == {"bad_id": 1}


def test_parquet_input_with_typed_columns(tmp_path: Path) -> None:
    path = tmp_path / "p.parquet"
    pq.write_table(
        pa.table(
            {
                "mmsi": pa.array([3, 3, 0], pa.int64()),
                "timestamp": pa.array([T0 * 1000, T0 * 1000 + 60_000, T0 * 1000]).cast(
                    pa.timestamp("ms", "UTC")
                ),
                "lat": [1.0, 1.001, 1.0],
                "lon": [2.0, 2.0, 2.0],
            }
        ),
        path,
    )
    tracks, report = import_files([path])
    assert tracks.t.tolist() == [T0, T0 + 60]
    assert report.rejects_by_reason == {"bad_id": 1}


@pytest.mark.parametrize(
    ("column", "values"),
    [
        ("lat", pa.array([[1.0]])),
        ("lat", pa.array([{"a": 1.0}])),
        ("lat", pa.array([True])),
        ("mmsi", pa.array([True])),
        ("sog", pa.array([1], pa.duration("s"))),
        ("timestamp", pa.array([1], pa.time32("s"))),
        ("cog", pa.array([19723], pa.date32())),
    ],
)
def test_a_parquet_column_of_a_type_that_cannot_hold_its_field_is_refused(
    tmp_path: Path, column: str, values: pa.Array
) -> None:
    cols: dict[str, pa.Array] = {
        "mmsi": pa.array([5]),
        "timestamp": pa.array([T0]),
        "lat": pa.array([1.0]),
        "lon": pa.array([1.0]),
        "sog": pa.array([1.0]),
        "cog": pa.array([1.0]),
    }
    cols[column] = values
    path = tmp_path / "typed.parquet"
    pq.write_table(pa.table(cols), path)
    kind = str(values.type).split("<")[0].split("[")[0]
    with pytest.raises(InvalidInput, match=f"{column}: a column of type {kind}") as caught:
        import_files([path])
    assert caught.value.source == str(path)


def test_odd_but_numeric_parquet_types_are_values_to_check(tmp_path: Path) -> None:
    path = tmp_path / "odd.parquet"
    pq.write_table(
        pa.table(
            {
                "mmsi": pa.array([2**63 + 5, 7, 8], pa.uint64()),
                "timestamp": pa.array([T0, T0, T0], pa.uint64()),
                "lat": pa.array(["1.5", "1.5", "1_5"]).dictionary_encode(),
                "lon": pa.array(["1.25", "1.25", "1.25"]).cast(pa.decimal128(10, 2)),
                "sog": pa.nulls(3),
            }
        ),
        path,
    )
    tracks, report = import_files([path])
    assert tracks.ids.tolist() == [7]
    assert tracks.lat.tolist() == [1.5]
    assert report.rejects_by_reason == {"bad_id": 1, "bad_lat": 1}


def test_values_out_of_their_range_or_not_finite_are_counted_rejects(tmp_path: Path) -> None:
    rows = {
        "bad_id": ["0", "1000000000", "-5", "1.5", "1_000", "nan", "0x10"],
        "bad_lat": ["nan", "inf", "-Infinity", "1_5", '"1,5"', "\x00"],
        "bad_lon": ["NaN", "-inf"],
        "lat_out_of_range": ["-90.001", "1e9"],
        "lon_out_of_range": ["180.5", "-1e308"],
        "bad_sog": ["-0.1", "102.21", "1e308", "nan", "inf"],
        "bad_cog": ["-5", "360.01", "1e9", "-inf"],
    }
    field = {"bad_id": 0, "bad_lat": 2, "bad_lon": 3, "lat_out_of_range": 2}
    field |= {"lon_out_of_range": 3, "bad_sog": 4, "bad_cog": 5}
    lines = ["mmsi,timestamp,lat,lon,sog,cog", f"9,{T0},90,180,102.2,360"]  # the limits: kept
    for reason, values in rows.items():
        for value in values:
            cells = ["9", str(T0 + len(lines)), "1", "1", "1", "1"]
            cells[field[reason]] = value
            lines.append(",".join(cells))
    path = tmp_path / "ranges.csv"
    path.write_bytes(("\n".join(lines) + "\n").encode())
    tracks, report = import_files([path])
    assert tracks.n == 1
    assert tracks.lon.tolist() == [-180.0]
    assert report.rejects_by_reason == {k: len(v) for k, v in sorted(rows.items())}


@pytest.mark.parametrize("fmt", ["%Q", "%d/%m/%Y %", "%Y%z%m"])
def test_a_time_format_that_is_not_one_is_an_input_error(tmp_path: Path, fmt: str) -> None:
    csv = write(tmp_path / "f.csv", f"mmsi,timestamp,lat,lon\n1,{T0},1,1\n")
    with pytest.raises(InvalidInput, match="time_format"):
        import_files([csv], time_format=fmt)


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("mmsi,timestamp,lat,lat,lon", "column 'lat' appears twice"),
        ("mmsi,timestamp,LAT,lat,lon", "column 'lat' appears twice"),
        ("MMSI,mmsi,timestamp,lat,lon", "column 'mmsi' appears twice"),
        ("mmsi,timestamp,lat,lon,sog,sog", "column 'sog' appears twice"),
        ("mmsi,timestamp,lat,latitude,lon", "columns 'lat' and 'latitude' both give lat"),
        ("mmsi,time,timestamp,lat,lon", "columns 'time' and 'timestamp' both give timestamp"),
    ],
)
def test_a_duplicated_column_is_refused_naming_it(
    tmp_path: Path, header: str, message: str
) -> None:
    values = ",".join(["1", str(T0)] + ["1"] * (header.count(",") - 1))
    csv = write(tmp_path / "dup.csv", f"{header}\n{values}\n")
    with pytest.raises(InvalidInput, match=message) as caught:
        import_files([csv])
    assert caught.value.source == str(csv)
    parquet = tmp_path / "dup.parquet"
    names = header.split(",")
    pq.write_table(pa.table([pa.array([1])] * len(names), names=names), parquet)
    with pytest.raises(InvalidInput, match=message):
        import_files([parquet])


def test_two_spellings_of_an_optional_column_take_the_first(tmp_path: Path) -> None:
    # MarineCadastre has both COG and Heading; OpenSky both baro- and geoaltitude.
    csv = write(tmp_path / "mc.csv", f"MMSI,BaseDateTime,LAT,LON,COG,Heading\n1,{T0},1,1,90,511\n")
    tracks, report = import_files([csv])
    assert tracks.cog.tolist() == [90.0]
    assert report.rejects.num_rows == 0


def test_a_file_without_an_identifier_column_is_an_input_error(tmp_path: Path) -> None:
    csv = write(tmp_path / "x.csv", "a,b\n1,2\n")
    with pytest.raises(InvalidInput, match="mmsi"):
        import_files([csv])


def test_mixing_ships_and_aircraft_is_an_input_error(tmp_path: Path) -> None:
    a = write(tmp_path / "a.csv", f"mmsi,timestamp,lat,lon\n1,{T0},1,1\n")
    b = write(tmp_path / "b.csv", f"icao24,timestamp,lat,lon\nabcdef,{T0},1,1\n")
    with pytest.raises(InvalidInput, match="mixes"):
        import_files([a, b])


def sentences(fields: dict[str, object], *, parts: int = 1, seq_id: int = 0) -> list[str]:
    """NMEA sentences for a message, split into ``parts`` fragments when asked."""
    single = encode_dict(fields, talker_id="AI", radio_channel="A")[0]
    payload, fill = single.split(",")[5], single.split(",")[6].split("*")[0]
    size = -(-len(payload) // parts)
    chunks = [payload[i : i + size] for i in range(0, len(payload), size)]
    out = []
    for k, chunk in enumerate(chunks, start=1):
        body = f"AIVDM,{len(chunks)},{k},{seq_id if len(chunks) > 1 else ''},A,{chunk},"
        body += fill if k == len(chunks) else "0"
        out.append(f"!{body}*{checksum(body.encode()):02X}")
    return out


def test_nmea_times_from_tag_blocks_prefixes_and_suffixes() -> None:
    report = {"type": 1, "mmsi": 412345678, "lat": 15.0, "lon": 112.0, "speed": 10.1, "course": 90}
    (s,) = sentences(report)
    lines = [
        f"\\s:station,c:{T0}*00\\{s}",
        f"2024-01-01T00:01:00Z {s}",
        f"{s},{T0 + 120}",
        s,  # no time anywhere
        s[:-2] + ("00" if s[-2:] != "00" else "01"),  # wrong checksum
        "not nmea at all",
    ]
    result = parse_nmea_lines(lines, source="feed.nmea")
    clean = result.checked.clean
    assert clean.column("t").to_pylist() == [T0, T0 + 60, T0 + 120]
    assert clean.column("id").to_pylist() == [412345678] * 3
    reasons = result.checked.rejects.select(["row", "reason"]).to_pylist()
    assert reasons == [
        {"row": 4, "reason": "no_timestamp"},
        {"row": 5, "reason": "bad_checksum"},
        {"row": 6, "reason": "bad_sentence"},
    ]


def test_nmea_multi_sentence_messages_are_assembled_and_orphans_rejected() -> None:
    report = {
        "type": 19,
        "mmsi": 412345679,
        "lat": 15.5,
        "lon": 112.5,
        "speed": 1.5,
        "course": 45,
        "shipname": "X",
    }
    parts = sentences(report, parts=2, seq_id=3)
    static = sentences(
        {"type": 5, "mmsi": 412345679, "shipname": "X", "destination": "Y"}, parts=2, seq_id=4
    )
    lines = [
        f"{T0} {parts[0]}",
        f"{T0} {static[0]}",
        f"{T0} {parts[1]}",
        f"{T0} {static[1]}",
        f"{T0 + 60} {parts[1]}",  # a second half with no first half
        f"{T0 + 60} {parts[0]}",  # a first half that never gets its second
    ]
    result = parse_nmea_lines(lines, source="feed.nmea")
    clean = result.checked.clean.to_pylist()
    assert len(clean) == 1
    assert clean[0]["id"] == 412345679
    assert round(clean[0]["lat"], 4) == 15.5
    assert result.ignored == {5: 1}
    reasons = result.checked.rejects.select(["row", "reason"]).to_pylist()
    assert reasons == [
        {"row": 5, "reason": "incomplete_multipart"},
        {"row": 6, "reason": "incomplete_multipart"},
    ]


def test_an_nmea_file_is_recognised_by_content_and_gzip_works(tmp_path: Path) -> None:
    (s,) = sentences({"type": 1, "mmsi": 1, "lat": 1.0, "lon": 1.0})
    path = tmp_path / "feed.txt.gz"
    with gzip.open(path, "wt") as fh:
        fh.write(f"{T0} {s}\n")
    plain = write(tmp_path / "feed.log", f"{T0} {s}\n")
    for source in (path, plain):
        tracks, _ = import_files([source])
        assert tracks.n == 1
        assert tracks.t.tolist() == [T0]


def test_dataset_round_trip_keeps_track_structure(tmp_path: Path) -> None:
    csv = write(
        tmp_path / "r.csv",
        "mmsi,timestamp,lat,lon,sog\n"
        f"9,{T0},10,110,1\n"
        f"9,{T0 + 86_400 - 60},10.001,110,1\n"
        f"9,{T0 + 86_400 + 60},10.002,110,\n"
        f"9,{T0 + 86_400 + 120},12,110,1\n"
        f"8,{T0 + 30},10,170,1\n",
    )
    out = tmp_path / "ds"
    manifest = import_tracks([csv], out=out)
    assert manifest["positions"] == 5
    assert manifest["track_splits"] == 1
    assert sorted(p.parent.parent.name for p in out.rglob("*.parquet")) == [
        "day=2024-01-01",
        "day=2024-01-01",
        "day=2024-01-02",
    ]
    back = read_dataset(out)
    direct, _ = load_tracks([csv])
    for name in ("code", "t", "lat", "lon", "seq", "brk"):
        assert getattr(back, name).tolist() == getattr(direct, name).tolist()
    assert np.isnan(back.sog[3])
    # Reading one day keeps the numbering, so the day's first report is not joined to anything.
    day2 = read_dataset(out, start=T0 + 86_400)
    assert day2.seq.tolist() == [2, 3]
    assert read_manifest(out)["kind"] == "ais"
    with pytest.raises(InvalidInput, match="exists"):
        import_tracks([csv], out=out)
    assert (out / "_rejects.csv").read_text().startswith("source,row,reason,field,raw")


def test_bytes_that_are_not_text_are_a_bad_value_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "bytes.csv"
    path.write_bytes(b"mmsi,timestamp,lat,lon\n1,1704067200,1,1\n2,1704067200,\xff\xfe,1\n")
    tracks, report = import_files([path])
    assert tracks.n == 1
    (reject,) = report.rejects.to_pylist()
    assert reject["reason"] == "bad_lat"
    assert reject["raw"] == "2,1704067200,\ufffd\ufffd,1"


def test_a_short_row_that_is_not_text_is_a_malformed_row_not_a_file_error(tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes(
        b"mmsi,timestamp,lat,lon\n1,1704067200,1,1\n2,1704067200,\xff\xe9\n"
        b"3,1704067200,caf\xc3\xa9,1\n4,1704067200,1,1\n"
    )
    tracks, report = import_files([path])
    assert tracks.ids.tolist() == [1, 4]
    assert report.rejects.select(["row", "reason", "raw"]).to_pylist() == [
        {"row": 2, "reason": "malformed_row", "raw": "2,1704067200,\ufffd\ufffd"},
        {"row": 3, "reason": "bad_lat", "raw": "3,1704067200,café,1"},
    ]


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "empty file"),
        (b"\n\r\n\n", "no header line"),
        (b"\xff\xfem\x00m\x00s\x00i\x00", "UTF-16"),
        (b"PAR1\x15\x04\x15\x00\x00\x00", "Parquet"),
        (b"\x1f\x8b\x08\x00\x00\x00\x00\x00", "gzip"),
        (b"mmsi,time\x91stamp,lat,lon\n1,2,3,4\n", "not UTF-8 text"),
        (b"mmsi,timestamp,lat,lon\x00,sog\n" + b"1,2,3,4,5\n" * 100, "control character 0x00"),
        (random.Random(6).randbytes(5000), "binary data"),
    ],
)
def test_a_file_that_is_not_csv_text_is_refused_in_one_clear_sentence(
    tmp_path: Path, content: bytes, problem: str
) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(content)
    with pytest.raises(InvalidInput, match=problem) as caught:
        import_files([path])
    (error,) = caught.value.errors
    assert error.loc == "file"
    assert caught.value.source == str(path)
    assert len(error.rule) < 200
    assert error.rule.isprintable()


def test_a_file_without_a_single_valid_row_gives_an_empty_dataset(tmp_path: Path) -> None:
    from cosec.analytics.service import run_analysis

    only_header = write(tmp_path / "h.csv", "mmsi,timestamp,lat,lon\n")
    junk = tmp_path / "junk.nmea"
    junk.write_bytes(b"!AIVDM,garbage\n\x00\x01\x02 noise\n")
    for source in (only_header, junk):
        out = tmp_path / f"ds_{source.stem}"
        manifest = import_tracks([source], out=out)
        assert manifest["positions"] == 0
        for kind in ("encounters", "gaps", "loitering"):
            assert run_analysis(out, kind).num_rows == 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"lat,lon\n1,2\n95,2\n", "row 2: lat: must be a number from -90 to 90"),
        (b"Lat,Lon\n1,nan\n", "row 1: lon: must be a number from -180 to 180"),
        (b"lat,lon\n1,inf\n", "row 1: lon: must be a number"),
        (b"lat,lon\n1_0,2\n", "row 1: lat: must be a number"),
        (b"lat,lon\n1,2\n3\n", "row 2: has 1 fields, the header 2"),
        (b"lat,lat,lon\n1,2,3\n", "column 'lat' appears twice"),
        (b"x,y2\n1,2\n", "needs lat and lon columns"),
        (bytes(range(256)) * 4, "not a text file"),
        (b"", "empty file"),
    ],
)
def test_an_anchorage_file_with_a_bad_point_is_refused_naming_its_row(
    tmp_path: Path, content: bytes, message: str
) -> None:
    from cosec.analytics.io.tabular import read_points

    path = tmp_path / "anchorages.csv"
    path.write_bytes(content)
    with pytest.raises(InvalidInput, match=message) as caught:
        read_points(path)
    assert str(path) in str(caught.value)
    assert str(caught.value).isprintable()


def test_anchorage_points_are_read_whatever_the_order_and_case_of_columns(tmp_path: Path) -> None:
    from cosec.analytics.io.tabular import read_points

    path = write(tmp_path / "a.csv", "name,LON,Lat\nA, 120.9,14.5\nB,180,-1e1\n")
    assert read_points(path) == [(14.5, 120.9), (-10.0, 180.0)]


def test_nmea_lines_are_numbered_as_an_editor_numbers_them(tmp_path: Path) -> None:
    (s,) = sentences({"type": 1, "mmsi": 412345678, "lat": 15.0, "lon": 112.0})
    path = tmp_path / "feed.nmea"
    # Form feeds, file separators, NUL and bytes that are not text stay inside their line.
    path.write_bytes(
        f"{T0} {s}\n".encode()
        + b"noise\x0c\x1c\x00\xff more noise\r\n"
        + f"{T0 + 60} {s}\r".encode()
        + b"!AIVDM,1,1,,A,\x00\x00,0*00\n"
        + f"{T0 + 120} {s}\n".encode()
    )
    tracks, report = import_files([path])
    assert tracks.t.tolist() == [T0, T0 + 60, T0 + 120]
    assert report.rejects.select(["row", "reason"]).to_pylist() == [
        {"row": 2, "reason": "bad_sentence"},
        {"row": 4, "reason": "bad_checksum"},
    ]


@pytest.mark.parametrize("name", ["feed.nmea.gz", "feed.txt.gz", "positions.csv.gz"])
def test_a_truncated_or_corrupt_gzip_file_is_refused_in_one_sentence(
    tmp_path: Path, name: str
) -> None:
    (s,) = sentences({"type": 1, "mmsi": 1, "lat": 1.0, "lon": 1.0})
    text = f"{T0} {s}\n" * 200 if "csv" not in name else f"mmsi,timestamp,lat,lon\n1,{T0},1,1\n"
    whole = gzip.compress(text.encode())
    for broken in (whole[: len(whole) // 2], whole[:12] + b"\x00" * 40 + whole[52:]):
        path = tmp_path / name
        path.write_bytes(broken)
        with pytest.raises(InvalidInput, match="file: ") as caught:
            import_files([path])
        assert str(caught.value).isprintable()


@pytest.mark.parametrize("ending", ["", "\n", "\r\n", "\n\n"])
def test_a_header_only_file_gives_no_rows_whatever_its_last_line_break(
    tmp_path: Path, ending: str
) -> None:
    csv = write(tmp_path / "h.csv", f"\nmmsi,timestamp,lat,lon{ending}")
    tracks, report = import_files([csv])
    assert (tracks.n, report.rows_read) == (0, 0)
