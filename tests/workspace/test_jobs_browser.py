"""In Chromium: an auditor asks for a busy community's year as an audit workbook, watches
the progress bar move and reach 100 % without a reload, downloads the file, and
`ledger verify-workbook` checks its chain."""
from __future__ import annotations

import shutil
import subprocess
import sys
import threading
import time
from datetime import date

import pytest
from werkzeug.serving import make_server

from benchmarks import ledgers, support
from ledger import create_app, db
from ledger.auth import services as auth
from tests.jobs.workers import ROOT, workers_for
from tests.workspace.pages import PASSWORD
from tests.workspace.test_browser import sign_in

TRANSACTIONS = 10_000  # three journal lines each: more than a request writes (LEDGER_DIRECT_EXPORT_LINES)


@pytest.fixture
def busy_server(sqlite_template, tmp_path):
    """A year of a busy community (community "busy") served on a free port, with `ledger
    worker` running its jobs from a SQLite queue."""
    instance = tmp_path / "instance"
    url = f"sqlite:///{tmp_path / 'busy.sqlite3'}"
    shutil.copyfile(sqlite_template, tmp_path / "busy.sqlite3")
    ledgers.build(support.Database("sqlite", url, instance), "busy", TRANSACTIONS, per_month=TRANSACTIONS // 12 + 1,
                  last_month=date(2026, 12, 1), close=False)
    app = create_app({"DATABASE_URL": url, "INSTANCE_DIR": str(instance), "SECRET_KEY": "live-secret",
                      "QUEUE_URL": f"sqlite:///{instance / 'queue.sqlite3'}"})
    with app.app_context(), db.unit_of_work(app) as session:
        auth.ensure_system_user(session)
        auth.create_user(session, "auditor-busy", "auditor", created_by="system", password=PASSWORD,
                         communities=["busy"])
    workers = workers_for(app, tmp_path / "worker.log")
    workers.start("--workers", "1")
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", workers
    server.shutdown()
    thread.join(timeout=5)
    workers.stop()
    db.dispose(app)


@pytest.mark.browser
@pytest.mark.slow
def test_the_years_workbook_shows_its_progress_then_downloads_and_verifies(chromium, busy_server, tmp_path):
    base, workers = busy_server
    context = chromium.new_context(base_url=base, viewport={"width": 375, "height": 740}, locale="zh-CN",
                                   accept_downloads=True)
    context.set_default_timeout(20_000)
    page = context.new_page()
    try:
        sign_in(page, "auditor-busy")
        page.wait_for_url("**/w/busy/")
        page.goto("/w/busy/audit?from=2026-01-01&to=2026-12-31")
        page.click("[data-testid=audit-workbook]")  # too large to write in the request: a job
        page.wait_for_url("**/w/busy/audit?from=2026-01-01&to=2026-12-31#jobs")
        page.evaluate("window.notReloaded = true")
        bar = page.locator("ul.jobs li.job progress").first
        seen, deadline = [], time.monotonic() + 240
        while time.monotonic() < deadline:
            value, maximum = bar.evaluate("b => [b.value, b.max]")
            seen.append((value, maximum))
            if 0 < value < maximum:
                assert not page.locator("ul.jobs li.job [data-role=file]").first.is_visible()  # not before done
            if maximum > 1 and value == maximum:
                break
            time.sleep(0.25)
        assert seen[-1] == (3 * TRANSACTIONS, 3 * TRANSACTIONS), (seen[-5:], workers.log.read_text()[-2000:])
        assert any(0 < value < maximum for value, maximum in seen), seen  # it moved on the way
        assert page.evaluate("window.notReloaded") is True
        item = page.locator("ul.jobs li.job").first
        item.locator("[data-role=state]").filter(has_text="已完成").wait_for()
        assert item.locator("[data-role=file]").is_visible()
        assert "30000 / 30000" in item.inner_text()
        with page.expect_download() as download:
            item.locator("[data-role=file]").click()
        path = tmp_path / "downloaded.xlsx"
        download.value.save_as(path)
    finally:
        context.close()
    checked = subprocess.run([sys.executable, "-m", "ledger", "verify-workbook", str(path)], cwd=ROOT,
                             capture_output=True, text=True, timeout=300)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.startswith(f"OK: {TRANSACTIONS} transactions")
