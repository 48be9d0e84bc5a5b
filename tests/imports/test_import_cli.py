"""`ledger import FILE --community CODE [--commit]` as an officer at a terminal sees it."""
import pytest

from ledger.cli import main

from import_rows import csv_bytes


@pytest.fixture
def ledger_cli(runner):
    """ledger_cli(*args) -> click Result, through the `ledger` group (errors as messages)."""
    def invoke(*args):
        return runner.invoke(main, args=[str(a) for a in args])
    return invoke


@pytest.fixture
def till_file(tmp_path):
    def write(*rows, name="till.csv", **kwargs):
        path = tmp_path / name
        path.write_bytes(csv_bytes(*rows, **kwargs))
        return path
    return write


def test_a_dry_run_lists_every_error_and_exits_1(shop, ledger_cli, till_file, ledger_counts):
    path = till_file("2026-03-05,cafe,12.50,微信,,T-1,,", "2026-03-05,cafe,12.345,微信,,T-2,,",
                     "2026-03-32,ghost,1.00,微信,,T-3,,")
    result = ledger_cli("import", path, "--community", "fenghe")
    assert result.exit_code == 1, result.output
    assert result.stdout.splitlines() == [
        "row 3, amount: more than two decimal places: '12.345'",
        "row 4, occurred_on: no such day: '2026-03-32'",
        "row 4, operator: operator 'ghost' is unknown",
        "3 error(s) in till.csv; nothing was written.",
    ]
    assert ledger_counts() == (0, 0, 0)


def test_a_clean_dry_run_writes_nothing_and_says_how_to_commit(shop, ledger_cli, till_file, ledger_counts):
    result = ledger_cli("import", till_file("2026-03-05,cafe,12.50,微信,,T-1,,"), "--community", "fenghe")
    assert result.exit_code == 0, result.output
    assert "1 row(s) ready to post, total 12.50" in result.output and "--commit" in result.output
    assert ledger_counts() == (0, 0, 0)


def test_commit_then_the_same_file_again(shop, ledger_cli, till_file, ledger_counts):
    path = till_file("2026-03-05,cafe,12.50,微信,,T-1,,", "2026-03-06,canteen,100.00,现金,,T-2,,")
    result = ledger_cli("import", path, "--community", "fenghe", "--commit", "--as", "officer1")
    assert result.exit_code == 0, result.output
    assert "posted 2 income(s), total 112.50, as import batch 1." in result.output
    again = ledger_cli("import", path, "--community", "fenghe", "--commit")
    assert again.exit_code == 1
    assert "already imported as batch 1 on " in again.output and "by officer1; nothing was posted" in again.output
    assert ledger_counts() == (2, 2, 1)


def test_mapping_and_defaults_for_a_payment_platform_export(shop, ledger_cli, till_file, ledger_counts):
    path = till_file("2026-03-05 12:00:01,商户消费,¥12.00,支付成功,4200001",
                     header="交易时间,交易类型,实付(元),当前状态,交易单号")
    result = ledger_cli("import", path, "--community", "fenghe", "--commit", "--map", "实付=amount",
                        "--default", "operator=cafe,channel=wechat")
    assert result.exit_code == 0, result.output
    assert "columns not read: 交易类型, 当前状态" in result.output
    assert ledger_counts() == (1, 1, 1)


def test_skip_posted(shop, ledger_cli, till_file, ledger_counts):
    ledger_cli("import", till_file("2026-03-05,cafe,1.00,cash,,S-1,,", name="a.csv"), "--community", "fenghe",
               "--commit")
    result = ledger_cli("import", till_file("2026-03-05,cafe,1.00,cash,,S-1,,", "2026-03-05,cafe,2.00,cash,,S-2,,",
                                            name="b.csv"), "--community", "fenghe", "--commit", "--skip-posted")
    assert result.exit_code == 0, result.output
    assert "row 2, reference: skipped: reference 'S-1' of operator 'cafe' was already posted" in result.output
    assert "posted 1 income(s), total 2.00, as import batch 2; 1 row(s) skipped as posted before." in result.output
    assert ledger_counts() == (2, 2, 2)


@pytest.mark.parametrize("args, message", [
    (("--as", "auditor1"), "is not an officer of community 'fenghe'"),
    (("--as", "nobody"), "no user 'nobody'"),
    (("--map", "金额"), "is not NAME=VALUE"),
    (("--default", "amount=1"), "no default for 'amount'"),
])
def test_refused_options(shop, auditor, ledger_cli, till_file, args, message, ledger_counts):
    result = ledger_cli("import", till_file("2026-03-05,cafe,1.00,cash,,X,,"), "--community", "fenghe", "--commit",
                        *args)
    assert result.exit_code == 1 and message in result.output, result.output
    assert ledger_counts() == (0, 0, 0)
