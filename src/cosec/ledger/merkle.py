"""RFC 9162 Merkle tree: hashing, roots, inclusion and consistency proofs.

Written by hand because no maintained Python library generates RFC 9162 proofs over an
external store: ``pymerkle`` keeps its own storage and proof format (it is our benchmark
peer, not a dependency), and the Go and C++ reference code is not importable. The code
follows RFC 9162 §2.1 and transparency-dev/merkle, and reproduces their test vectors.

Storage is a small protocol, :class:`HashSource`: the hash of every *complete perfect
subtree* addressed by ``NodeKey(level, position)``, the subtree over leaves
``[position * 2**level, (position + 1) * 2**level)``. Level 0 holds the leaf hashes. A node,
once complete, never changes as the log grows, so a store keeps it forever (the same idea
as tlog tiles). Proofs and roots then read O(log n) stored hashes in one batch and hash
at most O(log n) times; they never rehash leaves. :class:`Frontier` tells a store which
nodes to persist when it appends a leaf, so they go in the same transaction as the leaf.

>>> tree = MemoryTree()
>>> tree.extend(leaf_hash(bytes([i])) for i in range(5))
>>> proof = tree.inclusion_proof(3, 5)
>>> verify_inclusion(leaf_hash(b"\\x03"), 3, 5, proof, tree.root(5))
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from typing import NamedTuple, Protocol

from cosec.errors import LedgerIntegrityError, ProofError

HASH_SIZE = 32
EMPTY_ROOT = hashlib.sha256(b"").digest()
"""Root hash of the empty tree: SHA-256 of the empty string."""

_sha256 = hashlib.sha256


def leaf_hash(data: bytes) -> bytes:
    """The RFC 9162 leaf hash: ``SHA-256(0x00 || data)``."""
    return _sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """The RFC 9162 interior node hash: ``SHA-256(0x01 || left || right)``."""
    return _sha256(b"\x01" + left + right).digest()


class NodeKey(NamedTuple):
    """Address of a perfect subtree: ``2**level`` leaves from leaf ``position * 2**level``.

    ``position`` counts the nodes of one level from the left, from 0; level 0 is the leaves.
    """

    level: int
    position: int


class HashSource(Protocol):
    """Where proofs read hashes: complete perfect-subtree hashes by :class:`NodeKey`.

    ``get_nodes`` returns the hashes in the order of ``keys`` and raises
    :class:`~cosec.errors.LedgerIntegrityError` if one is missing. A SQL store answers it
    with one query (``WHERE (level, position) IN (...)``).
    """

    def get_nodes(self, keys: Sequence[NodeKey]) -> Sequence[bytes]: ...


# --- shapes: which ranges a proof or a root needs ------------------------------------------


def _split(width: int) -> int:
    """RFC 9162 split point: the largest power of two strictly smaller than ``width``."""
    return 1 << ((width - 1).bit_length() - 1)


def range_keys(start: int, end: int) -> list[NodeKey]:
    """The perfect subtrees, largest first, whose fold is the root of ``[start, end)``.

    ``start`` must be aligned as in an RFC 9162 tree (a multiple of the smallest power
    of two not below ``end - start``), which holds for every range a proof uses.
    """
    keys: list[NodeKey] = []
    while start < end:
        level = (end - start).bit_length() - 1
        if start & ((1 << level) - 1):
            raise ValueError(f"range [{start}, {end}) is not aligned to a tree node")
        keys.append(NodeKey(level, start >> level))
        start += 1 << level
    return keys


def frontier_keys(size: int) -> list[NodeKey]:
    """The maximal perfect subtrees of a tree of ``size`` leaves, left to right."""
    return range_keys(0, size)


def inclusion_ranges(index: int, size: int) -> list[tuple[int, int]]:
    """Leaf ranges whose roots form the inclusion proof of ``index`` in a tree of ``size``.

    RFC 9162 §2.1.3.1 ``PATH(m, D[n])``, unrolled; the proof lists them bottom-up.
    """
    if not 0 <= index < size:
        raise ValueError(f"leaf index {index} is not in a tree of size {size}")
    ranges: list[tuple[int, int]] = []
    start, end = 0, size
    while end - start > 1:
        k = _split(end - start)
        if index < start + k:
            ranges.append((start + k, end))
            end = start + k
        else:
            ranges.append((start, start + k))
            start += k
    ranges.reverse()
    return ranges


def consistency_ranges(size1: int, size2: int) -> list[tuple[int, int]]:
    """Leaf ranges whose roots form the consistency proof from ``size1`` to ``size2``.

    RFC 9162 §2.1.4.1 ``SUBPROOF(m, D[n], true)``, unrolled; ``0 < size1 <= size2``.
    """
    if not 0 < size1 <= size2:
        raise ValueError(f"no consistency proof from size {size1} to size {size2}")
    ranges: list[tuple[int, int]] = []
    start, end, m, complete = 0, size2, size1, True
    while True:
        width = end - start
        if m == width:
            if not complete:
                ranges.append((start, end))
            break
        k = _split(width)
        if m <= k:
            ranges.append((start + k, end))
            end = start + k
        else:
            ranges.append((start, start + k))
            start += k
            m -= k
            complete = False
    ranges.reverse()
    return ranges


# --- reading a store ------------------------------------------------------------------------


def fold(hashes: Sequence[bytes]) -> bytes:
    """Root of a range from its perfect subtrees (largest first), folding right to left."""
    acc = hashes[-1]
    for h in reversed(hashes[:-1]):
        acc = _sha256(b"\x01" + h + acc).digest()
    return acc


def _roots_of(source: HashSource, ranges: Sequence[tuple[int, int]]) -> list[bytes]:
    """Root hash of each range, reading every stored node they need in one batch."""
    per_range = [range_keys(s, e) for s, e in ranges]
    flat = [k for keys in per_range for k in keys]
    hashes = list(source.get_nodes(flat))
    if len(hashes) != len(flat):
        raise LedgerIntegrityError(f"store returned {len(hashes)} hashes for {len(flat)} keys")
    out: list[bytes] = []
    pos = 0
    for keys in per_range:
        n = len(keys)
        out.append(hashes[pos] if n == 1 else fold(hashes[pos : pos + n]))
        pos += n
    return out


def range_root(source: HashSource, start: int, end: int) -> bytes:
    """Root of the subtree over leaves ``[start, end)``, a node of an RFC 9162 tree."""
    if start >= end:
        raise ValueError(f"empty or reversed range [{start}, {end})")
    return _roots_of(source, [(start, end)])[0]


def root_hash(source: HashSource, size: int) -> bytes:
    """Root of the first ``size`` leaves of the log behind ``source``."""
    if size < 0:
        raise ValueError("tree size cannot be negative")
    if size == 0:
        return EMPTY_ROOT
    return _roots_of(source, [(0, size)])[0]


def inclusion_proof(source: HashSource, index: int, size: int) -> list[bytes]:
    """RFC 9162 inclusion proof of leaf ``index`` in the tree of the first ``size`` leaves."""
    return _roots_of(source, inclusion_ranges(index, size))


def consistency_proof(source: HashSource, size1: int, size2: int) -> list[bytes]:
    """RFC 9162 consistency proof from the tree of ``size1`` leaves to that of ``size2``.

    Empty when ``size1 == size2``; ``size1`` must be positive (a witness with no previous
    checkpoint needs no proof, see :func:`verify_consistency`).
    """
    if size1 == size2 and size1 > 0:
        return []
    return _roots_of(source, consistency_ranges(size1, size2))


# --- appending ------------------------------------------------------------------------------


class Frontier:
    """The right edge of a growing tree: the roots of its maximal perfect subtrees.

    A store loads it once (``Frontier.load``), then for each appended leaf hash persists
    the nodes :meth:`append` returns, in the same transaction as the leaf itself.

    >>> f = Frontier()
    >>> [tuple(k) for k, _ in f.append(leaf_hash(b"a"))]
    [(0, 0)]
    >>> [tuple(k) for k, _ in f.append(leaf_hash(b"b"))]
    [(0, 1), (1, 0)]
    """

    __slots__ = ("_hashes", "_size")

    def __init__(self, size: int = 0, hashes: Sequence[bytes] = ()) -> None:
        if size < 0 or len(hashes) != size.bit_count():
            raise ValueError(f"a tree of size {size} has {size.bit_count()} frontier hashes")
        self._size = size
        self._hashes = list(hashes)

    @classmethod
    def load(cls, source: HashSource, size: int) -> Frontier:
        """The frontier of the first ``size`` leaves of a stored log."""
        return cls(size, source.get_nodes(frontier_keys(size)) if size else ())

    @property
    def size(self) -> int:
        """Number of leaves appended so far."""
        return self._size

    @property
    def hashes(self) -> tuple[bytes, ...]:
        """Roots of the maximal perfect subtrees, left (largest) to right."""
        return tuple(self._hashes)

    def append(self, leaf: bytes) -> list[tuple[NodeKey, bytes]]:
        """Add one leaf hash; return every node it completes (the leaf itself first)."""
        if len(leaf) != HASH_SIZE:
            raise ValueError(f"a leaf hash has {HASH_SIZE} bytes, not {len(leaf)}")
        index = self._size
        nodes = [(NodeKey(0, index), leaf)]
        h, level = leaf, 0
        while index & 1:
            h = _sha256(b"\x01" + self._hashes.pop() + h).digest()
            level += 1
            index >>= 1
            nodes.append((NodeKey(level, index), h))
        self._hashes.append(h)
        self._size += 1
        return nodes

    def root(self) -> bytes:
        """Root hash of the tree so far."""
        return fold(self._hashes) if self._hashes else EMPTY_ROOT


class MemoryTree:
    """An in-memory log of leaf hashes with every complete node kept: a :class:`HashSource`.

    Used by tests, the audit (which rebuilds a tree from entries) and the benchmark; the
    SQL store implements the same protocol with a ``merkle_node(level, position, hash)`` table.
    """

    __slots__ = ("_frontier", "_levels")

    def __init__(self) -> None:
        self._levels: list[list[bytes]] = [[]]
        self._frontier = Frontier()

    def __len__(self) -> int:
        return self._frontier.size

    @property
    def size(self) -> int:
        """Number of leaves."""
        return self._frontier.size

    def append(self, leaf: bytes) -> int:
        """Append one leaf hash; return its index."""
        index = self._frontier.size
        levels = self._levels
        for key, h in self._frontier.append(leaf):
            if key.level == len(levels):
                levels.append([])
            levels[key.level].append(h)
        return index

    def extend(self, leaves: Iterable[bytes]) -> None:
        """Append many leaf hashes."""
        for leaf in leaves:
            self.append(leaf)

    def get_nodes(self, keys: Sequence[NodeKey]) -> list[bytes]:
        """Stored hashes of complete perfect subtrees, in the order asked."""
        levels = self._levels
        try:
            return [levels[level][position] for level, position in keys]
        except IndexError:
            missing = [
                k for k in keys if k.level >= len(levels) or k.position >= len(levels[k.level])
            ]
            raise LedgerIntegrityError(f"no stored node for {missing[0]}") from None

    def leaf(self, index: int) -> bytes:
        """The leaf hash at ``index``."""
        return self._levels[0][index]

    def root(self, size: int | None = None) -> bytes:
        """Root of the first ``size`` leaves (default: all)."""
        if size is None or size == self._frontier.size:
            return self._frontier.root()
        self._check_size(size)
        return root_hash(self, size)

    def inclusion_proof(self, index: int, size: int | None = None) -> list[bytes]:
        """Inclusion proof of ``index`` in the tree of ``size`` leaves (default: all)."""
        size = self.size if size is None else self._check_size(size)
        return inclusion_proof(self, index, size)

    def consistency_proof(self, size1: int, size2: int | None = None) -> list[bytes]:
        """Consistency proof from ``size1`` leaves to ``size2`` (default: all)."""
        size2 = self.size if size2 is None else self._check_size(size2)
        return consistency_proof(self, size1, size2)

    def _check_size(self, size: int) -> int:
        if not 0 <= size <= self._frontier.size:
            raise ValueError(f"tree size {size} is beyond the log's {self._frontier.size}")
        return size


def compute_root(leaf_hashes: Iterable[bytes]) -> bytes:
    """Root of a tree over ``leaf_hashes`` (a stack of perfect subtrees, O(log n) memory)."""
    frontier = Frontier()
    for leaf in leaf_hashes:
        frontier.append(leaf)
    return frontier.root()


# --- verification (RFC 9162 §2.1.3.2 and §2.1.4.2) -----------------------------------------


def _check_hashes(what: str, hashes: Sequence[bytes]) -> None:
    for i, h in enumerate(hashes):
        if len(h) != HASH_SIZE:
            raise ProofError(f"{what}[{i}] has {len(h)} bytes, not {HASH_SIZE}")


def root_from_inclusion_proof(leaf: bytes, index: int, size: int, proof: Sequence[bytes]) -> bytes:
    """The root an inclusion proof leads to (RFC 9162 §2.1.3.2 steps 1-5, without the compare)."""
    if not 0 <= index < size:
        raise ProofError(f"leaf index {index} is not in a tree of size {size}")
    _check_hashes("leaf", [leaf])
    _check_hashes("proof", proof)
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            raise ProofError("inclusion proof is longer than the tree is deep")
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise ProofError("inclusion proof is shorter than the tree is deep")
    return r


def verify_inclusion(
    leaf: bytes, index: int, size: int, proof: Sequence[bytes], root: bytes
) -> None:
    """Check that ``leaf`` (a leaf hash) is at ``index`` in the tree of ``size`` with ``root``.

    Raises :class:`~cosec.errors.ProofError` with the reason when it is not.
    """
    if root_from_inclusion_proof(leaf, index, size, proof) != root:
        raise ProofError(f"inclusion proof of leaf {index} in tree {size} does not lead to root")


def verify_consistency(
    size1: int, size2: int, root1: bytes, root2: bytes, proof: Sequence[bytes]
) -> None:
    """Check that the tree of ``size2`` with ``root2`` extends that of ``size1`` with ``root1``.

    Edge policy as transparency-dev/merkle ``VerifyConsistency`` (see the vectors file):
    ``size2 < size1`` and ``size1 == 0`` are rejected (a caller with no previous checkpoint
    skips the check instead); equal sizes need an empty proof and equal roots; otherwise an
    empty proof is rejected. Raises :class:`~cosec.errors.ProofError`.
    """
    if size2 < size1:
        raise ProofError(f"size2 {size2} is smaller than size1 {size1}")
    if size1 == 0:
        raise ProofError("no consistency proof from an empty tree (check 'no previous' apart)")
    _check_hashes("proof", proof)
    _check_hashes("root", [root1, root2])
    if size1 == size2:
        if proof:
            raise ProofError("a consistency proof between equal sizes must be empty")
        if root1 != root2:
            raise ProofError(f"two different roots for the same size {size1}")
        return
    if not proof:
        raise ProofError("empty consistency proof between different sizes")
    path = list(proof)
    if size1 & (size1 - 1) == 0:  # size1 is an exact power of two: its root is a node
        path.insert(0, root1)
    fn, sn = size1 - 1, size2 - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            raise ProofError("consistency proof is longer than needed")
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise ProofError("consistency proof is shorter than needed")
    if fr != root1:
        raise ProofError(f"consistency proof does not lead to the root of size {size1}")
    if sr != root2:
        raise ProofError(f"consistency proof does not lead to the root of size {size2}")
