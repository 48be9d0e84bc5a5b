"""The journal as CSV: BOM, one row per posting, formula starters neutralised."""
import csv
import io

from audit_books import chain
from reports import journal_csv


def _read(chunks) -> list[list[str]]:
    data = b"".join(chunks)
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data[3:].decode())))


def test_rows_per_posting():
    txs = chain([("期初", [("102.basic", 1000000), ("301", -1000000)]),
                 ("=2+3", [("311.public_benefit", 30000), ("102.basic", -30000)])])
    rows = _read(journal_csv(txs, "fenghe"))
    assert rows[0] == ["凭证号", "社区代码", "日期", "摘要", "来源", "冲销凭证号", "录入时间 (UTC)", "录入人", "行号",
                       "科目代码", "科目名称", "借方", "贷方", "哈希"]
    assert rows[1] == ["1", "fenghe", "2026-03-01", "期初", "transfer", "", "2026-04-01T08:00:01.123456Z",
                       "officer1", "1", "102.basic", "科目 102.basic", "10000.00", "", txs[0].hash]
    assert rows[2][11:13] == ["", "10000.00"]
    assert rows[3][3] == "'=2+3" and rows[3][11:13] == ["300.00", ""]
    assert len(rows) == 5


def test_chunks_are_bounded_and_join_to_the_whole():
    txs = chain([(f"第{i}笔", [("102.basic", i), ("521", -i)]) for i in range(1, 301)])
    chunks = list(journal_csv(txs, "fenghe", "en", chunk=4096))
    assert len(chunks) > 5 and max(len(c) for c in chunks) < 4096 + 2000
    rows = _read(chunks)
    assert rows[0][0] == "Seq" and len(rows) == 601
