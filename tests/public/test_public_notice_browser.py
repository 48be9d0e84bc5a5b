"""The monthly notice printed by Chromium to an A4 PDF: exactly one page per section, the
month and the closing balance on each page, and a QR code that decodes to the month's
online page (read back with pyzbar and Debian's libzbar0)."""
from __future__ import annotations

import io
import re

import pytest

pytestmark = pytest.mark.browser

MONTH = "2026-04"


def _pdf(browser, url: str) -> tuple[bytes, str]:
    page = browser.new_page()
    try:
        page.goto(url)
        return page.pdf(format="A4", print_background=True), page.content()
    finally:
        page.close()


def _pages(data: bytes) -> list[str]:
    import pypdf  # the test extra
    return [page.extract_text() or "" for page in pypdf.PdfReader(io.BytesIO(data)).pages]


def _closings(html: str) -> list[str]:
    """The closing balance of each section as printed (¥1,234.50 -> 1,234.50)."""
    return [m.replace("¥", "") for m in re.findall(r'(?:notice|statement)-closing" value="[-0-9.]+">([^<]+)<', html)]


@pytest.mark.parametrize("query, sections", [(f"month={MONTH}", 2), (f"month={MONTH}&compound=lanyuan", 1),
                                             (f"month={MONTH}&lang=en", 2), ("month=2026-02", 2)])
def test_one_a4_page_per_section_with_month_and_closing_balance(live_server, browser, query, sections):
    data, html = _pdf(browser, f"{live_server.url}/c/fenghe/notice?{query}")
    pages = _pages(data)
    assert len(pages) == sections
    month = re.search(r"month=(\d{4}-\d{2})", query).group(1)
    closings = _closings(html)
    assert len(closings) == sections
    for text, closing in zip(pages, closings):
        flat = re.sub(r"\s+", "", text)
        assert f"month={month}" in flat  # the printed URL under the QR code
        assert closing in flat


def _decode(png: bytes) -> list[str]:
    from PIL import Image  # the test extra; pyzbar needs Debian's libzbar0 (.ci/run installs it)
    from pyzbar import pyzbar
    return [symbol.data.decode() for symbol in pyzbar.decode(Image.open(io.BytesIO(png)))]


def test_each_qr_code_decodes_to_the_months_online_page(live_server, browser):
    page = browser.new_page()
    try:
        page.emulate_media(media="print")
        page.goto(f"{live_server.url}/c/fenghe/notice?month={MONTH}")
        codes = page.locator("figure.qr")
        assert codes.count() == 2
        expected = [f"{live_server.url}/c/fenghe/journal?month={MONTH}",
                    f"{live_server.url}/c/fenghe/compounds/lanyuan?month={MONTH}"]
        for index, url in enumerate(expected):
            figure = codes.nth(index)
            assert figure.locator("figcaption").inner_text().strip() == url
            assert _decode(figure.locator("svg").screenshot()) == [url]
        assert page.evaluate("document.scripts.length") == 0
    finally:
        page.close()
