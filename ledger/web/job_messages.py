"""Messages of the jobs (ledger/jobs), as templates for
:func:`ledger.web.messages.localise`: why a job failed, why its file is not there."""
from __future__ import annotations

from ledger.web.labels import _l

TEMPLATES = (
    _l("its worker stopped during the run (%(runs)s of %(most)s runs); ask for it again"),
    _l("internal error (%(kind)s): see the worker's log"),
    _l("job %(id)s is %(state)s: its file is not ready"),
    _l("job %(id)s has no file"),
    _l("no job %(id)s"),
    _l("The file was deleted after LEDGER_EXPORT_DAYS days: ask for it again."),
    _l("not a kind of job of this page"),
)
