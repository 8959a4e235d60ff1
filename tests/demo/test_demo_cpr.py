"""The CPR-shaped numbers: valid format and dates, consistent per citizen, never a real pre-2007 number."""

from __future__ import annotations

import re
from datetime import date

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from sagsflow.demo.cpr import cpr_strings, fake_cpr, mod11_valid

CPR = re.compile(r"^(\d{2})(\d{2})(\d{2})-(\d)(\d{3})$")


def _century(yy: int, digit7: int) -> int:
    """The CPR century rule for the 7th digit."""
    if digit7 <= 3:
        return 1900
    if digit7 in (4, 9):
        return 2000 if yy <= 36 else 1900
    return 2000 if yy <= 57 else 1800


def test_extract_cprs_are_valid_dates_and_fit_age_and_gender(con):
    rows = con.execute("""SELECT DISTINCT borger_cpr, koen, min(ts) FILTER (WHERE year(ts) > 2000)
                          FROM e GROUP BY ALL""").fetchall()
    assert len(rows) > 1000
    for cpr, koen, first in rows:
        m = CPR.match(cpr)
        assert m, cpr
        dd, mm, yy, d7, rest = (int(x) for x in m.groups())
        born = date(_century(yy, d7) + yy, mm, dd)    # raises for an impossible date
        assert (int(rest) % 2 == 1) == (koen == "Mand")
        age = (first.date() - born).days / 365.25
        assert 17 < age < 80, (cpr, age)
        digits = np.array([int(ch) for ch in cpr.replace("-", "")])
        assert not mod11_valid(digits[None, :])[0]


def test_one_cpr_per_citizen_and_case(con):
    assert con.execute("""SELECT count(*) FROM (SELECT sagsnr FROM e GROUP BY sagsnr
                          HAVING count(DISTINCT borger_cpr) > 1)""").fetchone()[0] == 0
    # recurrent spells: some citizens have more than one case
    assert con.execute("""SELECT count(*) FROM (SELECT borger_cpr FROM e GROUP BY borger_cpr
                          HAVING count(DISTINCT sagsnr) > 1)""").fetchone()[0] > 50
    # a citizen's gender never changes
    assert con.execute("""SELECT count(*) FROM (SELECT borger_cpr FROM e GROUP BY borger_cpr
                          HAVING count(DISTINCT koen) > 1)""").fetchone()[0] == 0


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.dates(date(1950, 1, 1), date(2007, 12, 31)), st.booleans()), min_size=1, max_size=300),
       st.integers(0, 2**32 - 1))
def test_fake_cprs_are_distinct_and_fail_modulus_11(people, seed):
    birth = np.array([(d - date(1970, 1, 1)).days for d, _ in people])
    male = np.array([m for _, m in people])
    digits, valid = fake_cpr(birth, male, np.random.default_rng(seed))
    assert not valid.any() and not mod11_valid(digits).any()
    text = cpr_strings(digits).to_pylist()
    assert len(set(text)) == len(text)
    assert cpr_strings(digits, dash=False).to_pylist() == [t.replace("-", "") for t in text]
    for t, (d, m) in zip(text, people, strict=True):
        assert t[:6] == d.strftime("%d%m%y")
        assert int(t[-1]) % 2 == int(m)
        assert _century(int(t[4:6]), int(t[7])) + int(t[4:6]) == d.year
