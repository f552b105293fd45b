"""Key files: owner-only, never silently replaced, loaded back to the same key."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from cosec.errors import Conflict, InvalidInput
from cosec.ledger.checkpoint import CosignatureSigner
from cosec.ledger.keys import (
    generate_signer,
    generate_witness_signer,
    read_private_key,
    signer_from_text,
    signer_to_text,
    write_private_key,
)
from cosec.ledger.note import Ed25519Signer, parse_verifier_key


def test_key_file_is_owner_only_even_with_a_lax_umask(tmp_path: Path) -> None:
    path = tmp_path / "chn.key"
    signer = generate_signer("CHN")
    old = os.umask(0)
    try:
        write_private_key(path, signer)
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    loaded = read_private_key(path)
    assert isinstance(loaded, Ed25519Signer)
    assert loaded.key_id == signer.key_id
    assert loaded.sign(b"m") == signer.sign(b"m")
    assert path.read_text().startswith("PRIVATE+KEY+CHN+")


def test_existing_key_is_kept_unless_forced(tmp_path: Path) -> None:
    path = tmp_path / "chn.key"
    first, second = generate_signer("CHN"), generate_signer("CHN")
    write_private_key(path, first)
    with pytest.raises(Conflict, match="refusing to overwrite"):
        write_private_key(path, second)
    assert read_private_key(path).key_id == first.key_id
    write_private_key(path, second, force=True)
    assert read_private_key(path).key_id == second.key_id
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["chn.key"]  # no temp file left


def test_refuses_a_key_file_others_can_read(tmp_path: Path) -> None:
    path = tmp_path / "chn.key"
    write_private_key(path, generate_signer("CHN"))
    path.chmod(0o644)
    with pytest.raises(InvalidInput, match="chmod 600"):
        read_private_key(path)


def test_witness_keys_round_trip_as_type_0x04(tmp_path: Path) -> None:
    path = tmp_path / "witness.key"
    signer = generate_witness_signer("witness.example/jpn")
    write_private_key(path, signer)
    loaded = read_private_key(path)
    assert isinstance(loaded, CosignatureSigner)
    assert loaded.key_id == signer.key_id
    vkey = parse_verifier_key(str(signer.verifier().verifier_key))
    assert vkey.alg == 0x04


def test_public_key_string_names_the_member() -> None:
    signer = generate_signer("PHL")
    vkey = str(signer.verifier().verifier_key)
    name, key_id, _ = vkey.split("+", 2)
    assert (name, key_id) == ("PHL", f"{signer.key_id:08x}")
    assert signer_from_text(signer_to_text(signer)).key_id == signer.key_id


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("PUBLIC+KEY+a+00000000+AQ==", "PRIVATE\\+KEY"),
        ("PRIVATE+KEY+a b+00000000+AQ==", "spaces"),
        ("PRIVATE+KEY+a+00000000+AQ==", "32-byte seed"),
        ("PRIVATE+KEY+a+00000000+" + "Ag" + "A" * 42, "0x01 or 0x04"),
        ("PRIVATE+KEY+a+00000000+" + "AQ" + "A" * 42, "does not match"),
        ("PRIVATE+KEY+a+00000000+" + "AQ" + "A" * 42 + "=", "canonical base64"),
    ],
)
def test_malformed_private_keys(text: str, why: str) -> None:
    with pytest.raises(InvalidInput, match=why):
        signer_from_text(text)
