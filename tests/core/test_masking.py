"""Masking personal data: never more than a name's first character, never more than a
phone number's first three and last four digits, whatever the text around them."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledger.core.masking import mask_name, mask_person, mask_phones

CHINESE = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
LATIN = st.characters(whitelist_categories=("Lu", "Ll"), max_codepoint=0x24F)
NAME = st.text(st.one_of(CHINESE, LATIN, st.sampled_from(" ·.'")), min_size=0, max_size=12)
PHONE = st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True)
ANY_TEXT = st.text(st.one_of(st.characters(blacklist_categories=("Cs",)), st.sampled_from("0123456789 -")),
                   max_size=60)


@pytest.mark.parametrize(("text", "masked"), [
    ("张三", "张*"),
    ("张三丰", "张*"),
    ("欧阳娜娜", "欧*"),
    ("Li Wei", "L*"),
    ("  王五 ", "王*"),
    ("", ""),
    ("   ", ""),
])
def test_names_keep_only_the_first_character(text, masked):
    assert mask_name(text) == masked


@pytest.mark.parametrize(("text", "masked"), [
    ("张三 13812348888", "张* 138****8888"),
    ("13812348888", "138****8888"),
    ("李四（138-1234-8888）", "李* 138-****-8888"),
    ("Wang Fang, tel 139 0000 1234", "W* 139 **** 1234"),
    ("绿城保洁服务有限公司", "绿*"),
    ("", ""),
])
def test_a_payee_shows_the_first_character_and_masked_phones(text, masked):
    assert mask_person(text) == masked


@pytest.mark.parametrize(("text", "masked"), [
    ("3月保洁费 2号楼", "3月保洁费 2号楼"),  # short numbers are not phones
    ("2026-03-05 维修", "2026-03-05 维修"),  # dates stay readable
    ("联系 13812348888 取货", "联系 138****8888 取货"),
    ("座机 0571-88886666", "座机 057*-****6666"),
    ("编号 1234567", "编号 *******"),  # 7-10 digits: nothing of them is shown
    ("", ""),
])
def test_phones_inside_text_are_masked_and_the_rest_stays(text, masked):
    assert mask_phones(text) == masked


@given(NAME)
def test_a_masked_name_reveals_at_most_its_first_character(name):
    masked = mask_name(name)
    stripped = name.strip()
    assert masked == (stripped[0] + "*" if stripped else "")
    assert len(masked) <= 2


@given(NAME.filter(lambda n: n.strip()), PHONE, st.sampled_from([" ", "", "，电话", " tel: "]))
def test_a_payee_reveals_one_character_of_the_name_and_seven_digits_of_the_phone(name, phone, separator):
    masked = mask_person(f"{name}{separator}{phone}")
    revealed = masked.replace("*", "").replace(" ", "")
    assert revealed == mask_name(f"{name}{separator}")[0] + phone[:3] + phone[-4:]


@given(ANY_TEXT)
def test_masking_phones_only_ever_hides_digits(text):
    masked = mask_phones(text)
    assert len(masked) == len(text)
    for before, after in zip(text, masked):
        assert after == before or (after == "*" and before.isdigit())


@given(st.text(st.one_of(CHINESE, LATIN), max_size=8), PHONE, st.text(st.one_of(CHINESE, LATIN), max_size=8))
def test_a_phone_inside_any_text_shows_only_its_first_three_and_last_four_digits(before, phone, after):
    masked = mask_phones(f"{before}{phone}{after}")
    assert masked == f"{before}{phone[:3]}****{phone[-4:]}{after}"


@given(ANY_TEXT)
def test_a_masked_payee_reveals_at_most_one_character_that_is_not_part_of_a_phone(text):
    masked = mask_person(text)
    revealed = [ch for ch in masked if not (ch.isdigit() or ch in "* -")]
    assert len(revealed) <= 1
    assert sum(ch.isdigit() for ch in masked) <= sum(ch.isdigit() for ch in text)
