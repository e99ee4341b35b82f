"""Money and shares as every output writes them: pounds to the penny, shares to one decimal place."""

from decimal import Decimal


def money(value: Decimal | None) -> str:
    if value is None:
        return ""
    return f"-£{-value:,.2f}" if value < 0 else f"£{value:,.2f}"


def percent(value: float | None) -> str:
    return "" if value is None else f"{100 * value:.1f}%"


def points(value: float | None) -> str:
    """A change in a share, in percentage points: +2.3 pts."""
    return "" if value is None else f"{100 * value:+.1f} pts"
