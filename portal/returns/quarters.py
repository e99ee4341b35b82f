"""Financial-year quarters as the returns files write them (`2020/21 Q1` is April to June 2020), and where a
contract's quarter stands: a return's status, else due, late or not yet due."""

import datetime
from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class Quarter:
    start_year: int  # the financial year's first calendar year
    number: int  # 1 (April-June) to 4 (January-March)

    @property
    def label(self) -> str:
        return f"{self.start_year}/{(self.start_year + 1) % 100:02d} Q{self.number}"

    @property
    def key(self) -> tuple[int, int]:
        """How a URL names the quarter: /2020/q1/."""
        return self.start_year, self.number

    @property
    def first_day(self) -> datetime.date:
        month = 4 + 3 * (self.number - 1)
        return datetime.date(self.start_year + (month > 12), (month - 1) % 12 + 1, 1)

    @property
    def last_day(self) -> datetime.date:
        return self.next().first_day - datetime.timedelta(days=1)

    @property
    def due_on(self) -> datetime.date:
        return self.last_day + datetime.timedelta(days=settings.RETURN_DUE_DAYS)

    def next(self) -> "Quarter":
        return Quarter(self.start_year + (self.number == 4), self.number % 4 + 1)

    @classmethod
    def of(cls, day: datetime.date) -> "Quarter":
        start_year = day.year if day.month >= 4 else day.year - 1
        return cls(start_year, (day.month - 4) % 12 // 3 + 1)


def contract_quarters(start: datetime.date | None, end: datetime.date | None, today: datetime.date) -> list[Quarter]:
    """The quarters of a contract's dates that have begun by `today`."""
    if start is None:
        return []
    last = Quarter.of(min(end, today) if end else today)
    quarters, quarter = [], Quarter.of(start)
    while quarter.key <= last.key:
        quarters.append(quarter)
        quarter = quarter.next()
    return quarters
