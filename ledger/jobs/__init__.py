"""Long work as jobs: the audit and disclosure workbooks, the journal CSV, imports and
chain verification run on a task queue (huey) beside the web processes, while their
state (who asked, what, progress, result, file) lives in the ledger's own ``job`` table."""
