"""The exceptions cosec raises, in one tree, so a caller can pick the right ``except``.

::

    CosecError                  root of everything cosec raises on purpose
    ├── InvalidInput            bad input: names the field and the rule; nothing was written
    │   ├── CharterError        a charter file that does not validate
    │   └── TimestampOutOfWindow  a signed time too far from the server's clock
    ├── NotFound                no such thing (or not visible to the caller)
    ├── Forbidden               the caller may not do this
    │   └── Unauthenticated     no valid credentials were presented
    ├── Conflict                the request clashes with stored state (duplicate, replay)
    │   ├── ReplayDetected      a sequence number already used (or skipped) by that member
    │   └── WitnessSizeMismatch a witness was told an old size it did not record
    ├── SignatureError          a signature does not verify against the registered key
    │   └── KeyNotValid         no registered, unrevoked key with that id for that member then
    └── LedgerIntegrityError    the log does not match its own proofs or checkpoints
        ├── ProofError          an inclusion or consistency proof does not verify
        ├── RollbackDetected    a checkpoint smaller than one already seen for that log
        └── ForkDetected        two checkpoints that cannot both be views of one log

Each edge maps these once: the API to HTTP statuses (400, 404, 403, 401, 409, 422, 500),
the CLI to exit codes (2 for bad input or usage, 1 otherwise).
"""

from __future__ import annotations

from dataclasses import dataclass


class CosecError(Exception):
    """Root of every error cosec raises on purpose."""


@dataclass(frozen=True, slots=True)
class FieldError:
    """One problem with one field: where it is (``loc``) and which rule it broke."""

    loc: str
    rule: str

    def __str__(self) -> str:
        return f"{self.loc}: {self.rule}" if self.loc else self.rule


class InvalidInput(CosecError):
    """Input that breaks a rule. Carries every problem found, each naming its field."""

    def __init__(self, errors: list[FieldError] | str, *, source: str | None = None) -> None:
        if isinstance(errors, str):
            errors = [FieldError("", errors)]
        self.errors = errors
        self.source = source
        prefix = f"{source}: " if source else ""
        super().__init__("; ".join(prefix + str(e) for e in errors))

    @classmethod
    def field(cls, loc: str, rule: str, *, source: str | None = None) -> InvalidInput:
        """One problem with one field."""
        return cls([FieldError(loc, rule)], source=source)


class CharterError(InvalidInput):
    """A charter that does not validate; messages read ``FILE: key.path: rule``."""


class TimestampOutOfWindow(InvalidInput):
    """A signed time outside the accepted window around the server's clock."""


class NotFound(CosecError):
    """No such thing, or not one the caller may see."""


class Forbidden(CosecError):
    """The caller is known but may not do this."""


class Unauthenticated(Forbidden):
    """No valid credentials were presented."""


class Conflict(CosecError):
    """The request clashes with what is stored (a duplicate, a replayed sequence number)."""


class ReplayDetected(Conflict):
    """A member's sequence number that is not the next one: a replay, or a gap."""


class WitnessSizeMismatch(Conflict):
    """A witness was given an old size that is not the size it last cosigned."""

    def __init__(self, message: str, *, stored_size: int) -> None:
        self.stored_size = stored_size
        super().__init__(message)


class SignatureError(CosecError):
    """A signature that does not verify against the registered key."""


class KeyNotValid(SignatureError):
    """No registered key with that id was valid for that member at that point of the log."""


class LedgerIntegrityError(CosecError):
    """The log does not match its proofs, its checkpoints or its stored entries."""


class ProofError(LedgerIntegrityError):
    """An inclusion or consistency proof that does not verify."""


class RollbackDetected(LedgerIntegrityError):
    """A checkpoint smaller than one already seen for the same log."""


class ForkDetected(LedgerIntegrityError):
    """Two checkpoints of one log that no consistency proof can join (a split view)."""
