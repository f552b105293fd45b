"""The log as stored: its tables, appends, proofs from the store, the deployment's log
identity and key registry cache, and the sources an auditor reads. The pure part (Merkle
trees, envelopes, notes, checkpoints, receipts, witnesses) is :mod:`cosec.ledger`."""
