"""The registry of state vessels and aircraft: navy, coast guard and other government units.

Each member keeps the entries of its own units, and the secretariat may add what it
establishes; each entry is a signed ``fleet.unit`` record, and a later record about the
same unit supersedes it (the history stays). Mechanisms read it through
:class:`cosec.kit.EvidenceReader.unit`.
"""
