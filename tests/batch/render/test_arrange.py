"""--sort and --group-by: the order and sections of the readable portfolio."""

from __future__ import annotations

import pytest

from valaudit.batch.portfolio import build_portfolio
from valaudit.batch.render.arrange import arranged_rows, client_of, sections
from valaudit.model.portfolio import FolderRow, Portfolio
from valaudit.render.options import RenderOptions


def ok(path: str, verdict: str, **fields: object) -> FolderRow:
    return FolderRow(path=path, status="ok", verdict=verdict, **fields)  # type: ignore[arg-type]


@pytest.fixture
def mixed() -> Portfolio:
    return build_portfolio(
        [
            ok(
                "acme/copilot",
                "value_realized",
                initiative="Copilot",
                owner="Zoe",
                realization_ratio=0.9,
                roi_to_date=0.4,
                expected_annual_benefit=100.0,
                cost_to_date=50.0,
            ),
            ok(
                "acme/erp",
                "implementation_without_outcome",
                initiative="erp",
                owner="amy",
                break_=("productivity", "throughput"),
                realization_ratio=0.1,
                roi_to_date=-0.8,
                expected_annual_benefit=900.0,
                cost_to_date=500.0,
            ),
            ok(
                "globex/crm",
                "partially_realized",
                initiative="CRM",
                break_=("adoption", "productivity"),
                realization_ratio=0.5,
            ),
            FolderRow(path="globex/broken", status="invalid", errors=("x",), error_count=1),
        ]
    )


def order(portfolio: Portfolio, **options: object) -> list[str]:
    return [row.path for row in arranged_rows(portfolio, RenderOptions(**options))]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        (None, ["acme/copilot", "acme/erp", "globex/broken", "globex/crm"]),
        ("name", ["globex/broken", "acme/copilot", "globex/crm", "acme/erp"]),
        ("verdict", ["globex/broken", "acme/erp", "globex/crm", "acme/copilot"]),
        ("break", ["globex/crm", "acme/erp", "acme/copilot", "globex/broken"]),
        ("owner", ["acme/erp", "acme/copilot", "globex/broken", "globex/crm"]),
        ("realization", ["acme/erp", "globex/crm", "acme/copilot", "globex/broken"]),
        ("roi", ["acme/erp", "acme/copilot", "globex/broken", "globex/crm"]),
        ("expected", ["acme/erp", "acme/copilot", "globex/broken", "globex/crm"]),
        ("cost", ["acme/erp", "acme/copilot", "globex/broken", "globex/crm"]),
    ],
)
def test_sort_orders(mixed: Portfolio, sort: str | None, expected: list[str]) -> None:
    assert order(mixed, sort=sort) == expected


def test_group_by_client_sorts_within_each_group(mixed: Portfolio) -> None:
    groups = sections(mixed, RenderOptions(group_by="client", sort="realization"))
    assert [(s.title, [r.path for r in s.rows]) for s in groups] == [
        ("acme", ["acme/erp", "acme/copilot"]),
        ("globex", ["globex/crm", "globex/broken"]),
    ]


def test_group_by_verdict_most_concerning_first(mixed: Portfolio) -> None:
    titles = [s.title for s in sections(mixed, RenderOptions(group_by="verdict"))]
    assert titles == [
        "Invalid",
        "Implementation without outcome",
        "Partially realized",
        "Value realized",
    ]


def test_group_by_break_and_owner(mixed: Portfolio) -> None:
    by_break = [s.title for s in sections(mixed, RenderOptions(group_by="break"))]
    assert by_break == [
        "adoption → productivity",
        "productivity → throughput",
        "No break in the chain",
    ]
    by_owner = [s.title for s in sections(mixed, RenderOptions(group_by="owner"))]
    assert by_owner == ["amy", "Zoe", "No owner named"]


def test_no_group_is_one_untitled_section(mixed: Portfolio) -> None:
    (only,) = sections(mixed, RenderOptions())
    assert only.title is None and len(only.rows) == 4


@pytest.mark.parametrize(
    ("path", "level", "client"),
    [("acme/copilot", 1, "acme"), ("clients/acme/copilot", 2, "acme"), ("solo", 3, "solo")],
)
def test_client_of(path: str, level: int, client: str) -> None:
    assert client_of(path, level) == client
