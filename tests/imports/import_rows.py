"""Import files written in a line: the Chinese header and rows of CSV text."""

HEADER = "日期,经营主体,金额,渠道,类别,单号,付款人,备注"


def csv_bytes(*rows: str, header: str = HEADER, encoding: str = "utf-8", bom: bool = False) -> bytes:
    data = "\n".join([header, *rows]).encode(encoding) + b"\n"
    return (b"\xef\xbb\xbf" if bom else b"") + data
