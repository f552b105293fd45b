"""The ledger core: a tamper-evident, append-only log of signed envelopes.

Pure modules, no database and no web:

- :mod:`~cosec.ledger.merkle`: RFC 9162 hashing, proofs over a small storage protocol.
- :mod:`~cosec.ledger.note`: C2SP signed notes, key ids, verifier-key strings.
- :mod:`~cosec.ledger.checkpoint`: C2SP tlog-checkpoint and cosignature/v1.
- :mod:`~cosec.ledger.canonical`, :mod:`~cosec.ledger.envelope`: the signed envelope and
  the leaf bytes the log hashes.
- :mod:`~cosec.ledger.keys`, :mod:`~cosec.ledger.keyregistry`: key files and the key
  registry whose events are themselves envelopes.
- :mod:`~cosec.ledger.witness`, :mod:`~cosec.ledger.receipt`, :mod:`~cosec.ledger.audit`:
  what members and the public do with checkpoints, proofs and entries.

``docs/ledger.md`` explains what the log proves and the formats, for outside auditors.
"""
