"""Hypothesis strategies for fuzzing parsers: mutated bytes and text, JSON of every shape.

Shared by the fuzz tests of the ledger (``test_fuzz_parsers.py``) and of charters
(``tests/charter/test_fuzz_charter.py``). Each property runs a bounded number of
examples; set ``COSEC_FUZZ_EXAMPLES`` (say 5000) to fuzz longer, by hand or in a nightly job.
"""

from __future__ import annotations

import json
import os
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from cosec.ledger.canonical import MAX_JSON_DEPTH

EXAMPLES = int(os.environ.get("COSEC_FUZZ_EXAMPLES", "150"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
"""Each property's budget: the two fuzz files run in about ten seconds each."""
FEW = settings(FUZZ, max_examples=max(EXAMPLES * 2 // 5, 1))
"""For properties whose every example builds a witness, a registry or a whole audit."""

TRICKY = [
    "",
    " ",
    "\t",
    "\n",
    "\n\n",
    "\r\n",
    "\x00",
    "\x7f",
    "\u2014",
    "\u2014 ",
    "\u00a0",
    "\u2028",
    "\u200b",
    "\u202e",
    "\ufeff",
    "é",
    "\U0001f600",
    "+",
    "=",
    "==",
    "-1",
    "0",
    "00",
    "1.0",
    "1e400",
    "１２",  # fullwidth digits
    "٣٤",  # Arabic-Indic digits
    "9" * 20,
    "18446744073709551616",
    "9" * 5000,
    "NaN",
    "Infinity",
    "AAAA",
    "AB==",
    "old 1",
    '"',
    "\\",
    "[" * 3000,
    "{" * 50,
]
"""Text that has broken parsers somewhere: separators, digits, huge numbers, escapes."""
TRICKY_BYTES = [
    *(t.encode() for t in TRICKY),
    b"\xff",
    b"\xc0\x80",  # overlong NUL
    b"\xed\xa0\x80",  # an encoded surrogate
    b"\xe2\x80",  # a truncated em dash
    b"\x00\x00\x00",  # what json.loads takes for UTF-32
]


@st.composite
def mutated(draw: st.DrawFn, base: bytes) -> bytes:
    """``base`` after one to four edits: cut, drop, insert, overwrite, repeat, swap lines."""
    data = bytearray(base)
    for _ in range(draw(st.integers(1, 4))):
        n = len(data)
        i = draw(st.integers(0, n))
        j = draw(st.integers(i, n))
        op = draw(st.sampled_from(["cut", "drop", "insert", "overwrite", "repeat", "swap"]))
        if op == "cut":
            del data[i:]
        elif op == "drop":
            del data[i:j]
        elif op in ("insert", "overwrite"):
            data[i : i if op == "insert" else j] = draw(
                st.sampled_from(TRICKY_BYTES) | st.binary(max_size=8)
            )
        elif op == "repeat":
            data[j:j] = data[i:j] * draw(st.integers(1, 3))
        else:
            lines = bytes(data).split(b"\n")
            a = draw(st.integers(0, len(lines) - 1))
            b = draw(st.integers(0, len(lines) - 1))
            lines[a], lines[b] = lines[b], lines[a]
            data = bytearray(b"\n".join(lines))
    return bytes(data)


def texts_from(base: bytes) -> st.SearchStrategy[str]:
    """Mutations of ``base`` that are still text (bad bytes replaced)."""
    return mutated(base).map(lambda b: b.decode("utf-8", "replace"))


ANY_BYTES = st.binary(max_size=300) | st.sampled_from(TRICKY_BYTES)
ANY_TEXT = st.text(max_size=200) | st.sampled_from(TRICKY)

JSON_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.sampled_from([2**53, -(2**53), 2**64, 10**400, 0.5, 5.0, 1e16, 1e20, 1e-7, -0.0])
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=10)
    | st.sampled_from([*TRICKY, "\ud800", "a\udfff"])
)
"""Scalars Python's JSON can hold, and JSON cannot carry exactly (NaN, 10**400, surrogates)."""
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.text(max_size=6) | st.sampled_from(["\ud800", "é", "𝒳"]), inner, max_size=4
        )
    ),
    max_leaves=12,
)


def nested(depth: int, inner: object = 1) -> object:
    """A JSON value ``depth`` lists deep."""
    value = inner
    for _ in range(depth):
        value = [value]
    return value


@st.composite
def mutated_json(
    draw: st.DrawFn, base: dict[str, Any], values: st.SearchStrategy[Any] = JSON_VALUES
) -> dict[str, Any]:
    """``base`` with fields dropped, retyped, added, repeated or nested deep, at any level.

    ``inner`` edits a nested object (or an object in a list) the same way; ``repeat``
    writes a list item twice or copies one field's value into another.
    """
    data = dict(base)
    for _ in range(draw(st.integers(1, 3))):
        keys = sorted(data)
        op = draw(st.sampled_from(["drop", "set", "add", "deep", "repeat", "inner", "inner"]))
        lists = [k for k in keys if isinstance(data[k], list) and data[k]]
        objects = [(k, None) for k in keys if isinstance(data[k], dict)] + [
            (k, i) for k in lists for i, item in enumerate(data[k]) if isinstance(item, dict)
        ]
        if op == "drop" and keys:
            del data[draw(st.sampled_from(keys))]
        elif op == "set" and keys:
            data[draw(st.sampled_from(keys))] = draw(values)
        elif op == "add":
            data[draw(st.text(max_size=8))] = draw(values)
        elif op == "deep" and keys:
            depth = draw(st.sampled_from([MAX_JSON_DEPTH - 2, MAX_JSON_DEPTH + 1, 300]))
            data[draw(st.sampled_from(keys))] = nested(depth, draw(JSON_SCALARS))
        elif op == "repeat" and lists and draw(st.booleans()):
            k = draw(st.sampled_from(lists))
            data[k] = [*data[k], draw(st.sampled_from(data[k]))]
        elif op == "repeat" and keys:
            data[draw(st.sampled_from(keys))] = data[draw(st.sampled_from(keys))]
        elif op == "inner" and objects:
            k, i = draw(st.sampled_from(objects))
            if i is None:
                data[k] = draw(mutated_json(data[k], values))
            else:
                data[k] = [*data[k][:i], draw(mutated_json(data[k][i], values)), *data[k][i + 1 :]]
    return data


def dumps(value: Any) -> str:
    """JSON text of anything ``mutated_json`` makes (NaN, lone surrogates, deep nesting)."""
    try:
        return json.dumps(value, allow_nan=True)
    except (RecursionError, ValueError):
        return "[" * 5000 + "]" * 5000


def with_duplicate_key(text: str, key: str, value: str) -> str:
    """``text`` (a JSON object) with ``"key": value`` written once more, in front."""
    return "{" + json.dumps(key) + ":" + value + "," + text.lstrip()[1:]


def has_duplicate_keys(text: str | bytes) -> bool:
    """Whether JSON ``text`` names a key twice in one object (it is then not I-JSON)."""
    found = False

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        nonlocal found
        found = found or len({k for k, _ in items}) != len(items)
        return dict(items)

    json.loads(text, object_pairs_hook=pairs)
    return found
