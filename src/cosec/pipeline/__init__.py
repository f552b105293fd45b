"""The one path every submission takes: validate, seal, commit (with its log entry), evaluate.

:mod:`.submit` validates, seals and commits; :mod:`.committer` groups a server's
submissions into durable batches and evaluates after them; :mod:`.preview` says what a
record would do before it is signed; :mod:`.registration` registers keys through it."""
