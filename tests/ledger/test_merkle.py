"""RFC 9162 hashing and proofs: the published vectors, a naive reference, mutated proofs."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cosec.errors import LedgerIntegrityError, ProofError
from cosec.ledger.merkle import (
    EMPTY_ROOT,
    Frontier,
    MemoryTree,
    NodeKey,
    compute_root,
    consistency_proof,
    frontier_keys,
    inclusion_proof,
    leaf_hash,
    range_keys,
    root_hash,
    verify_consistency,
    verify_inclusion,
)

from .conftest import DATA, SHARED

# --- an independent, naive RFC 9162 §2.1 reference (hashlib only, recursive) ----------------


def _h(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def naive_mth(leaves: Sequence[bytes]) -> bytes:
    n = len(leaves)
    if n == 0:
        return _h(b"")
    if n == 1:
        return _h(b"\x00" + leaves[0])
    k = 1
    while k * 2 < n:
        k *= 2
    return _h(b"\x01" + naive_mth(leaves[:k]) + naive_mth(leaves[k:]))


def naive_path(m: int, leaves: Sequence[bytes]) -> list[bytes]:
    n = len(leaves)
    if n <= 1:
        return []
    k = 1
    while k * 2 < n:
        k *= 2
    if m < k:
        return [*naive_path(m, leaves[:k]), naive_mth(leaves[k:])]
    return [*naive_path(m - k, leaves[k:]), naive_mth(leaves[:k])]


def naive_subproof(m: int, leaves: Sequence[bytes], complete: bool) -> list[bytes]:
    n = len(leaves)
    if m == n:
        return [] if complete else [naive_mth(leaves)]
    k = 1
    while k * 2 < n:
        k *= 2
    if m <= k:
        return [*naive_subproof(m, leaves[:k], complete), naive_mth(leaves[k:])]
    return [*naive_subproof(m - k, leaves[k:], False), naive_mth(leaves[:k])]


# One tree shared by the property tests: leaves are 0..N-1 as 4-byte strings.
N = 700
LEAVES = [i.to_bytes(4, "big") for i in range(N)]
TREE = MemoryTree()
TREE.extend(leaf_hash(d) for d in LEAVES)


# --- the published vectors ------------------------------------------------------------------


VECTORS_SHA256 = "b3eae93aff98c490f1e641d0dc4e2f4bf23151f0a3a1e8dbfe2d7533e5957940"


def test_vectors_copy_is_the_published_file() -> None:
    # the copy kept with the tests (CI has no /work/shared) is byte for byte the shared one
    assert hashlib.sha256(DATA.read_bytes()).hexdigest() == VECTORS_SHA256
    if SHARED.exists():
        assert SHARED.read_bytes() == DATA.read_bytes()


@pytest.fixture(scope="module")
def vector_tree(vectors: dict[str, Any]) -> MemoryTree:
    tree = MemoryTree()
    tree.extend(leaf_hash(bytes.fromhex(x)) for x in vectors["leaves_hex"])
    return tree


def test_roots_of_every_size(vectors: dict[str, Any], vector_tree: MemoryTree) -> None:
    leaves = [bytes.fromhex(x) for x in vectors["leaves_hex"]]
    for size, want in vectors["roots_hex"].items():
        n = int(size)
        assert vector_tree.root(n).hex() == want
        assert root_hash(vector_tree, n).hex() == want
        assert compute_root(leaf_hash(d) for d in leaves[:n]).hex() == want
    assert vectors["roots_hex"]["0"] == EMPTY_ROOT.hex()


def test_every_stored_node_matches_the_vectors(
    vectors: dict[str, Any], vector_tree: MemoryTree
) -> None:
    for level, row in enumerate(vectors["node_hashes_hex"]):
        keys = [NodeKey(level, i) for i in range(len(row))]
        assert [h.hex() for h in vector_tree.get_nodes(keys)] == row


def test_inclusion_vectors(vectors: dict[str, Any], vector_tree: MemoryTree) -> None:
    for case in vectors["inclusion"]:
        index, size = case["leaf_index"], case["tree_size"]
        proof = vector_tree.inclusion_proof(index, size)
        assert [p.hex() for p in proof] == case["proof_hex"]
        want = [bytes.fromhex(p) for p in case["proof_hex"]]
        verify_inclusion(vector_tree.leaf(index), index, size, want, vector_tree.root(size))


def test_consistency_vectors(vectors: dict[str, Any], vector_tree: MemoryTree) -> None:
    for case in vectors["consistency"]:
        s1, s2 = case["size1"], case["size2"]
        proof = vector_tree.consistency_proof(s1, s2)
        assert [p.hex() for p in proof] == case["proof_hex"]
        want = [bytes.fromhex(p) for p in case["proof_hex"]]
        verify_consistency(s1, s2, vector_tree.root(s1), vector_tree.root(s2), want)


def test_vectors_survive_every_mutation(vectors: dict[str, Any], vector_tree: MemoryTree) -> None:
    for case in vectors["inclusion"]:
        index, size = case["leaf_index"], case["tree_size"]
        proof = [bytes.fromhex(p) for p in case["proof_hex"]]
        _assert_inclusion_mutants_fail(
            vector_tree.leaf(index), index, size, proof, vector_tree.root(size)
        )
    for case in vectors["consistency"]:
        s1, s2 = case["size1"], case["size2"]
        proof = [bytes.fromhex(p) for p in case["proof_hex"]]
        _assert_consistency_mutants_fail(s1, s2, vector_tree.root(s1), vector_tree.root(s2), proof)


# --- the edge policy written in the vectors file --------------------------------------------


def test_consistency_edge_policy(vectors: dict[str, Any], vector_tree: MemoryTree) -> None:
    assert "size1 == 0 -> reject" in vectors["consistency_edge_policy"]
    r = vector_tree.root
    with pytest.raises(ProofError, match="smaller"):
        verify_consistency(5, 4, r(5), r(4), vector_tree.consistency_proof(4, 5))
    with pytest.raises(ProofError, match="empty tree"):
        verify_consistency(0, 0, EMPTY_ROOT, EMPTY_ROOT, [])
    with pytest.raises(ProofError, match="empty tree"):
        verify_consistency(0, 3, EMPTY_ROOT, r(3), [])
    verify_consistency(4, 4, r(4), r(4), [])
    with pytest.raises(ProofError, match="must be empty"):
        verify_consistency(4, 4, r(4), r(4), [r(4)])
    with pytest.raises(ProofError, match="different roots"):
        verify_consistency(4, 4, r(4), r(5), [])
    with pytest.raises(ProofError, match="empty consistency proof"):
        verify_consistency(3, 5, r(3), r(5), [])


def test_inclusion_edges(vector_tree: MemoryTree) -> None:
    with pytest.raises(ProofError, match="not in a tree"):
        verify_inclusion(vector_tree.leaf(0), 0, 0, [], EMPTY_ROOT)
    with pytest.raises(ProofError, match="not in a tree"):
        verify_inclusion(vector_tree.leaf(0), 8, 8, [], vector_tree.root(8))
    with pytest.raises(ProofError, match="bytes"):
        verify_inclusion(b"short", 0, 1, [], vector_tree.root(1))
    with pytest.raises(ValueError, match="not in a tree"):
        vector_tree.inclusion_proof(8, 8)
    with pytest.raises(ValueError, match="beyond"):
        vector_tree.inclusion_proof(0, 9)
    with pytest.raises(ValueError, match="no consistency proof"):
        vector_tree.consistency_proof(0, 3)
    assert vector_tree.consistency_proof(3, 3) == []


# --- property tests against the naive reference ---------------------------------------------


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_inclusion_matches_naive_and_verifies(data: st.DataObject) -> None:
    size = data.draw(st.integers(1, N), label="size")
    index = data.draw(st.integers(0, size - 1), label="index")
    proof = TREE.inclusion_proof(index, size)
    assert proof == naive_path(index, LEAVES[:size])
    root = TREE.root(size)
    assert root == naive_mth(LEAVES[:size])
    verify_inclusion(TREE.leaf(index), index, size, proof, root)


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_consistency_matches_naive_and_verifies(data: st.DataObject) -> None:
    size2 = data.draw(st.integers(1, N), label="size2")
    size1 = data.draw(st.integers(1, size2), label="size1")
    proof = TREE.consistency_proof(size1, size2)
    assert proof == naive_subproof(size1, LEAVES[:size2], True)
    verify_consistency(size1, size2, TREE.root(size1), TREE.root(size2), proof)


@settings(max_examples=80, deadline=None)
@given(data=st.data())
def test_every_mutated_inclusion_proof_is_rejected(data: st.DataObject) -> None:
    size = data.draw(st.integers(1, N), label="size")
    index = data.draw(st.integers(0, size - 1), label="index")
    proof = TREE.inclusion_proof(index, size)
    _assert_inclusion_mutants_fail(TREE.leaf(index), index, size, proof, TREE.root(size))


@settings(max_examples=80, deadline=None)
@given(data=st.data())
def test_every_mutated_consistency_proof_is_rejected(data: st.DataObject) -> None:
    size2 = data.draw(st.integers(1, N), label="size2")
    size1 = data.draw(st.integers(1, size2), label="size1")
    proof = TREE.consistency_proof(size1, size2)
    _assert_consistency_mutants_fail(size1, size2, TREE.root(size1), TREE.root(size2), proof)


@settings(max_examples=40, deadline=None)
@given(leaves=st.lists(st.binary(max_size=8), max_size=70))
def test_frontier_and_stored_nodes_agree_with_naive(leaves: list[bytes]) -> None:
    frontier = Frontier()
    stored: dict[NodeKey, bytes] = {}
    for d in leaves:
        for key, h in frontier.append(leaf_hash(d)):
            assert key not in stored
            stored[key] = h
    assert frontier.root() == naive_mth(leaves)
    # every complete perfect subtree, and nothing else, was handed out for storage
    want = {NodeKey(level, pos) for level in range(8) for pos in range(len(leaves) >> level)}
    assert set(stored) == want
    for key, h in stored.items():
        width = 1 << key.level
        assert h == naive_mth(leaves[key.position * width : (key.position + 1) * width])
    # a store reloads the frontier from those nodes and carries on
    resumed = Frontier(len(leaves), [stored[k] for k in frontier_keys(len(leaves))])
    assert resumed.hashes == frontier.hashes
    resumed.append(leaf_hash(b"next"))
    assert resumed.root() == naive_mth([*leaves, b"next"])


# --- the store protocol ---------------------------------------------------------------------


class CountingSource:
    """A HashSource that counts how many hashes proofs read, and in how many calls."""

    def __init__(self, tree: MemoryTree) -> None:
        self.tree, self.calls, self.reads = tree, 0, 0

    def get_nodes(self, keys: Sequence[NodeKey]) -> list[bytes]:
        self.calls += 1
        self.reads += len(keys)
        return self.tree.get_nodes(keys)


@pytest.mark.parametrize("size", [1, 2, 3, 5, 8, 255, 256, 257, N])
def test_proofs_read_logarithmically_many_hashes_in_one_batch(size: int) -> None:
    bound = 2 * max(size.bit_length(), 1)
    for index in {0, size // 2, size - 1}:
        source = CountingSource(TREE)
        assert inclusion_proof(source, index, size) == TREE.inclusion_proof(index, size)
        assert source.calls == 1
        assert source.reads <= bound
    for size1 in {1, size // 2 or 1, size - 1 or 1}:
        source = CountingSource(TREE)
        assert consistency_proof(source, size1, size) == TREE.consistency_proof(size1, size)
        assert source.calls <= 1
        assert source.reads <= bound


def test_missing_node_is_an_integrity_error() -> None:
    tree = MemoryTree()
    tree.extend(leaf_hash(b"x") for _ in range(3))
    with pytest.raises(LedgerIntegrityError, match="no stored node"):
        tree.get_nodes([NodeKey(1, 1)])


def test_range_keys_rejects_unaligned_ranges() -> None:
    assert range_keys(8, 13) == [NodeKey(2, 2), NodeKey(0, 12)]
    with pytest.raises(ValueError, match="aligned"):
        range_keys(3, 7)


def test_frontier_rejects_wrong_shapes() -> None:
    with pytest.raises(ValueError, match="frontier hashes"):
        Frontier(3, [EMPTY_ROOT])
    with pytest.raises(ValueError, match="32 bytes"):
        Frontier().append(b"short")


# --- mutation helpers -----------------------------------------------------------------------


def _flip(h: bytes, bit: int = 0) -> bytes:
    return bytes([h[0] ^ (1 << bit)]) + h[1:]


def _fails(check: Callable[[], None]) -> bool:
    try:
        check()
    except ProofError:
        return True
    return False


def _assert_inclusion_mutants_fail(
    leaf: bytes, index: int, size: int, proof: list[bytes], root: bytes
) -> None:
    verify_inclusion(leaf, index, size, proof, root)
    # The mutation list of transparency-dev/merkle testdata/inclusion (see the vectors file).
    junk = hashlib.sha256(b"junk").digest()
    mutants: list[tuple[str, bytes, int, int, list[bytes], bytes]] = [
        ("index+1", leaf, index + 1, size, proof, root),
        ("index-1", leaf, index - 1, size, proof, root),
        ("size*2", leaf, index, size * 2, proof, root),
        ("size/2", leaf, index, size // 2, proof, root),
        ("wrong leaf", _flip(leaf), index, size, proof, root),
        ("empty root", leaf, index, size, proof, b""),
        ("random root", leaf, index, size, proof, junk),
        ("flipped root", leaf, index, size, proof, _flip(root, 7)),
    ]
    mutants += [
        ("index^2", leaf, index ^ 2, size, proof, root),
        ("preceding root", leaf, index, size, [root, *proof], root),
        ("trailing root", leaf, index, size, [*proof, root], root),
        ("preceding garbage", leaf, index, size, [b"", *proof], root),
        ("trailing garbage", leaf, index, size, [*proof, b""], root),
    ]
    for i in range(len(proof) + 1):
        bad = [*proof[:i], junk, *proof[i:]]
        mutants.append((f"inserted component {i}", leaf, index, size, bad, root))
    for i in range(len(proof)):
        mutants.append(
            (f"removed component {i}", leaf, index, size, proof[:i] + proof[i + 1 :], root)
        )
        bad = list(proof)
        bad[i] = _flip(bad[i], i % 8)
        mutants.append((f"flipped element {i}", leaf, index, size, bad, root))
    if proof:
        mutants.append(("duplicated last", leaf, index, size, [*proof, proof[-1]], root))
    for name, lf, ix, sz, pf, rt in mutants:
        assert _fails(lambda: verify_inclusion(lf, ix, sz, pf, rt)), name  # noqa: B023


def _assert_consistency_mutants_fail(
    size1: int, size2: int, root1: bytes, root2: bytes, proof: list[bytes]
) -> None:
    verify_consistency(size1, size2, root1, root2, proof)
    # The transparency-dev/merkle mutation list. Not "size2 + 1": a proof does not bind the
    # size by itself (1 -> 3 and 1 -> 4 have the same shape); the signed checkpoint does.
    junk = hashlib.sha256(b"junk").digest()
    mutants: list[tuple[str, int, int, bytes, bytes, list[bytes]]] = [
        ("size1 0", 0, size2, root1, root2, proof),
        ("size2 < size1", size1, size1 - 1, root1, root2, proof),
        ("empty root1", size1, size2, b"", root2, proof),
        ("empty root2", size1, size2, root1, b"", proof),
        ("random root1", size1, size2, junk, root2, proof),
        ("random root2", size1, size2, root1, junk, proof),
        ("flipped root1", size1, size2, _flip(root1), root2, proof),
        ("flipped root2", size1, size2, root1, _flip(root2), proof),
    ]
    mutants += [
        ("size1+1", size1 + 1, size2, root1, root2, proof),
        ("size1-1", size1 - 1, size2, root1, root2, proof),
        ("size1^2", size1 ^ 2, size2, root1, root2, proof),
        ("size2*2", size1, size2 * 2, root1, root2, proof),
        ("size2/2", size1, size2 // 2, root1, root2, proof),
        ("preceding root1", size1, size2, root1, root2, [root1, *proof]),
        ("preceding root2", size1, size2, root1, root2, [root2, *proof]),
        ("trailing root1", size1, size2, root1, root2, [*proof, root1]),
        ("trailing root2", size1, size2, root1, root2, [*proof, root2]),
        ("preceding garbage", size1, size2, root1, root2, [b"", *proof]),
        ("trailing garbage", size1, size2, root1, root2, [*proof, b""]),
    ]
    if root1 != root2:
        mutants.append(("swapped roots", size1, size2, root2, root1, proof))
    for i in range(len(proof) + 1):
        bad = [*proof[:i], junk, *proof[i:]]
        mutants.append((f"inserted component {i}", size1, size2, root1, root2, bad))
    for i in range(len(proof)):
        mutants.append(
            (f"removed component {i}", size1, size2, root1, root2, proof[:i] + proof[i + 1 :])
        )
        bad = list(proof)
        bad[i] = _flip(bad[i], i % 8)
        mutants.append((f"flipped element {i}", size1, size2, root1, root2, bad))
    for name, s1, s2, r1, r2, pf in mutants:
        assert _fails(lambda: verify_consistency(s1, s2, r1, r2, pf)), name  # noqa: B023
