"""Regenerate the sample audit folders in sample_data/ (seeded, so the numbers are stable).

The samples are written the way a finance team would keep them: an Excel workbook with
their own headers and team names, a semicolon CSV from a European ERP, a wide sheet per
region, a BOM-prefixed CSV export. Run: python tools/make_samples.py
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import openpyxl
from openpyxl.styles import Font

from valaudit.render.workbook_bytes import reproducible_workbook

ROOT = Path(__file__).resolve().parent.parent / "sample_data"


def months(start: dt.date, count: int) -> list[dt.date]:
    out = []
    year, month = start.year, start.month
    for _ in range(count):
        out.append(dt.date(year, month, 1))
        month += 1
        if month > 12:
            year, month = year + 1, 1
    return out


def month_end(d: dt.date) -> dt.date:
    nxt = dt.date(d.year + (d.month == 12), d.month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def ramp(n_post: int, full: float, periods_to_full: int) -> np.ndarray:
    steps = np.minimum(np.arange(1, n_post + 1) / periods_to_full, 1.0)
    return full * steps


def save_workbook(wb: openpyxl.Workbook, path: Path) -> None:
    """Save with fixed dates and zip timestamps, so that regenerating the samples gives the
    same bytes (openpyxl stamps the time of saving otherwise)."""
    wb.properties.creator = "Finance Business Partnering"
    path.write_bytes(reproducible_workbook(wb, dt.datetime(2026, 4, 2, 9, 0, 0)))


def support_copilot(rng: np.random.Generator) -> None:
    """AI copilot: adoption and productivity succeed, nothing downstream moves."""
    folder = ROOT / "support_copilot"
    (folder / "data").mkdir(parents=True, exist_ok=True)
    periods = months(dt.date(2024, 1, 1), 27)  # 2024-01 .. 2026-03
    go = dt.date(2025, 4, 1)
    n_pre = sum(p < go for p in periods)
    n_post = len(periods) - n_pre
    teams = {"EMEA": 1.0, "North America": 1.08, "APAC": 0.93}
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "KPIs"
    ws.append(["Month", "Team", "Metric", "Value"])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    rows = []
    for team, scale in teams.items():
        active = np.concatenate(
            [
                np.full(n_pre, np.nan),
                np.clip(ramp(n_post, 86, 4) + rng.normal(0, 2.0, n_post), 0, 100),
            ]
        )
        aht_pre = 14.2 * scale + rng.normal(0, 0.35, n_pre)
        aht_post = 14.2 * scale * (1 - ramp(n_post, 0.245, 5)) + rng.normal(0, 0.35, n_post)
        tickets = (
            310 * scale
            + 6 * np.sin(np.arange(len(periods)) / 12 * 2 * np.pi)
            + rng.normal(0, 7, len(periods))
        )
        csat = 4.12 + rng.normal(0, 0.04, len(periods))
        attrition = np.concatenate(
            [
                2.0 + rng.normal(0, 0.12, n_pre),
                2.0 + ramp(n_post, 0.5, 6) + rng.normal(0, 0.12, n_post),
            ]
        )
        for i, period in enumerate(periods):
            if not np.isnan(active[i]):
                rows.append((period, team, "active_agents_pct", round(float(active[i]), 1)))
            rows.append(
                (
                    period,
                    team,
                    "handle_time_min",
                    round(float(aht_pre[i] if i < n_pre else aht_post[i - n_pre]), 2),
                )
            )
            rows.append((period, team, "tickets_per_agent", round(float(tickets[i]))))
            rows.append((period, team, "csat", round(float(csat[i]), 2)))
            rows.append((period, team, "agent_attrition_pct", round(float(attrition[i]), 2)))
    rows.sort(key=lambda r: (r[0], r[1], r[2]))
    for period, team, metric, value in rows:
        ws.append([month_end(period), team, metric, value])
        ws.cell(ws.max_row, 1).number_format = "yyyy-mm-dd"
    ws.column_dimensions["A"].width = 12
    ws.column_dimensions["C"].width = 22
    notes = wb.create_sheet("Notes")
    notes.append(["Source: WFM and QA exports, monthly close. Values are team monthly averages."])
    save_workbook(wb, folder / "data" / "kpis.xlsx")
    lines = ["period,cost_per_ticket"]
    cost = 9.20 + rng.normal(0, 0.16, len(periods))
    for i, period in enumerate(periods):
        lines.append(f"{period:%Y-%m},{cost[i]:.2f}")
    (folder / "data" / "finance.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")


def erp_finance_close(rng: np.random.Generator) -> None:
    """ERP: finance close gets faster and invoices per FTE rise, but DSO does not move.

    DSO has a year-end rhythm (a Q4 collections push, a Q1 backlog): its Q4 looks four days
    better every year, which the effect must carry forward rather than credit to the ERP.
    """
    folder = ROOT / "erp_finance_close"
    (folder / "data").mkdir(parents=True, exist_ok=True)
    quarters = [(y, q) for y in range(2022, 2026) for q in range(1, 5)]  # 2022Q1..2025Q4
    go_index = quarters.index((2024, 3))
    n = len(quarters)
    post = np.arange(n) >= go_index
    n_post = int(post.sum())
    users = np.concatenate([np.full(go_index, np.nan), [58, 84, 91, 95, 96, 97][:n_post]])
    days = np.where(
        post, 9.1 - np.concatenate([np.zeros(go_index), ramp(n_post, 4.2, 3)]), 9.1
    ) + rng.normal(0, 0.3, n)
    invoices = 1800 + 12 * np.arange(n) + np.where(post, 280, 0) + rng.normal(0, 35, n)
    dso_season = {1: 2.5, 2: 0.0, 3: 1.5, 4: -4.0}
    dso = 52 + np.array([dso_season[q] for _, q in quarters]) + rng.normal(0, 1.4, n)
    overtime = 11.5 + rng.normal(0, 0.8, n)
    lines = ["Quarter;KPI;Value"]
    for i, (y, q) in enumerate(quarters):
        label = f"{y}-Q{q}"
        if not np.isnan(users[i]):
            lines.append(f"{label};users_on_erp_pct;{users[i]:.0f}".replace(".", ","))
        lines.append(f"{label};days_to_close;{days[i]:.1f}".replace(".", ","))
        lines.append(f"{label};invoices_per_fte;{invoices[i]:,.0f}".replace(",", "."))
        lines.append(f"{label};dso_days;{dso[i]:.1f}".replace(".", ","))
        lines.append(f"{label};overtime_hours_per_fte;{overtime[i]:.1f}".replace(".", ","))
    (folder / "data" / "finance_kpis.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")


def crm_sales(rng: np.random.Generator) -> None:
    """CRM: value realized, but part of the revenue gain is the market (control region)."""
    folder = ROOT / "crm_sales_emea"
    (folder / "data").mkdir(parents=True, exist_ok=True)
    periods = months(dt.date(2024, 1, 1), 24)
    go = dt.date(2025, 1, 1)
    n_pre = sum(p < go for p in periods)
    n_post = len(periods) - n_pre
    market = 1 + np.concatenate([np.zeros(n_pre), ramp(n_post, 0.12, 6)])
    regions = {"DACH": True, "Nordics": True, "Iberia": False}
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Regional KPIs"
    ws.append(
        [
            "Month",
            "Region",
            "CRM weekly active %",
            "Admin hours per rep",
            "Opportunities per rep",
            "NPS",
            "Revenue per rep (kEUR)",
            "Average discount %",
        ]
    )
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for region, treated in regions.items():
        t_post = (
            np.concatenate([np.zeros(n_pre), np.ones(n_post)])
            if treated
            else np.zeros(len(periods))
        )
        ramped = (
            np.concatenate([np.zeros(n_pre), ramp(n_post, 1.0, 5)])
            if treated
            else np.zeros(len(periods))
        )
        active = np.where(t_post > 0, 88 * ramped + rng.normal(0, 2.5, len(periods)), 0.0)
        admin = 10.4 * (1 - 0.33 * ramped) + rng.normal(0, 0.3, len(periods))
        opps = 21.0 * (1 + 0.19 * ramped) + rng.normal(0, 0.5, len(periods))
        nps = 31 + 7 * ramped + rng.normal(0, 1.2, len(periods))
        revenue = 142 * market + rng.normal(0, 2.2, len(periods))  # the market, not the CRM
        discount = 8.2 + rng.normal(0, 0.35, len(periods))
        for i, period in enumerate(periods):
            ws.append(
                [
                    period,
                    region,
                    round(float(max(active[i], 0.0)), 1),
                    round(float(admin[i]), 1),
                    round(float(opps[i]), 1),
                    round(float(nps[i])),
                    round(float(revenue[i]), 1),
                    round(float(discount[i]), 2),
                ]
            )
            ws.cell(ws.max_row, 1).number_format = "mmm yyyy"
    save_workbook(wb, folder / "data" / "regional_kpis.xlsx")


def manager_training(rng: np.random.Generator) -> None:
    """Training: too early to judge outcomes; a guardrail is already breached."""
    folder = ROOT / "manager_training"
    (folder / "data").mkdir(parents=True, exist_ok=True)
    quarters = [(y, q) for y in range(2023, 2027) for q in range(1, 5)][:13]  # 2023Q1..2026Q1
    go_index = quarters.index((2025, 3))
    n = len(quarters)
    post = np.arange(n) >= go_index
    trained = [np.nan] * go_index + [41.0, 76.0, 91.0][: n - go_index]
    engagement = 68 + np.where(post, 1.5, 0) + rng.normal(0, 1.1, n)
    on_time = 72 + rng.normal(0, 2.0, n)
    overtime_cost = 415 + rng.normal(0, 12, n)
    sick = (
        2.1
        + np.where(post, np.array([0] * go_index + [0.4, 0.6, 0.7][: n - go_index]), 0)
        + rng.normal(0, 0.06, n)
    )
    lines = [
        "Quarterly people & delivery dashboard (export)",
        "",
        "Quarter,managers_trained_pct,engagement_index,projects_on_time_pct,overtime_cost,sick_days_per_fte",
    ]
    for i, (y, q) in enumerate(quarters):
        cells = [
            f"{y}Q{q}",
            "" if np.isnan(trained[i]) else f"{trained[i]:.0f}%",
            f"{engagement[i]:.1f}",
            f"{on_time[i]:.1f}%",
            f'"{overtime_cost[i] * 1000:,.0f}"',
            f"{sick[i]:.2f}",
        ]
        lines.append(",".join(cells))
    text = "\n".join(lines) + "\n"
    (folder / "data" / "people_dashboard.csv").write_bytes(
        b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8")
    )


def invoice_automation(rng: np.random.Generator) -> None:
    """Process automation: the bots went live, but AP clerks kept keying invoices by hand."""
    folder = ROOT / "invoice_automation"
    (folder / "data").mkdir(parents=True, exist_ok=True)
    periods = months(dt.date(2024, 7, 1), 21)  # 2024-07 .. 2026-03
    go = dt.date(2025, 3, 1)
    n_pre = sum(p < go for p in periods)
    n = len(periods)
    touchless = 18 + rng.normal(0, 2.2, n)
    cost = 6.4 + rng.normal(0, 0.2, n)
    cycle = 11.8 + rng.normal(0, 0.6, n)
    late_fees = 23000 + rng.normal(0, 2500, n)
    lines = ["period,kpi,value"]
    for i, period in enumerate(periods):
        lines.append(f"{period:%Y-%m},touchless_invoice_pct,{touchless[i]:.1f}%")
        lines.append(f"{period:%Y-%m},cost_per_invoice,${cost[i]:.2f}")
        lines.append(f"{period:%Y-%m},invoice_cycle_days,{cycle[i]:.1f}")
        lines.append(f'{period:%Y-%m},late_payment_fees,"${late_fees[i]:,.0f}"')
    (folder / "data" / "ap_kpis.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    del n_pre


#: The contact centre's teams: 18 of them, named the way the rota names them.
CONTACT_TEAMS = tuple(
    f"{site} {shift}"
    for site in ("Leeds", "Porto", "Krakow", "Manila", "Austin", "Cape Town")
    for shift in ("Early", "Day", "Late")
)


def contact_centre_teams(rng: np.random.Generator) -> None:
    """Teams that adopted more got faster; teams that got faster did not resolve more.

    The truth, per team: adoption ramps over three months to a team-specific level between 35%
    and 95%; handle time falls by 4 minutes × that level (a converting adoption→productivity
    link); tickets resolved per agent do not change at all, whatever the team saved (a
    non-converting productivity→throughput link).
    """
    folder = ROOT / "contact_centre_teams"
    (folder / "data").mkdir(parents=True, exist_ok=True)
    periods = months(dt.date(2024, 1, 1), 27)  # 2024-01 .. 2026-03
    go = dt.date(2025, 4, 1)
    n_pre = sum(p < go for p in periods)
    n_post = len(periods) - n_pre
    lines = ["Month,Team,KPI,Value"]
    for team in CONTACT_TEAMS:
        adoption_level = rng.uniform(35, 95)
        adoption = np.concatenate(
            [np.zeros(n_pre), ramp(n_post, adoption_level, 3) + rng.normal(0, 2.0, n_post)]
        )
        handle = rng.uniform(10.5, 13.5) + rng.normal(0, 0.35, len(periods))
        handle[n_pre:] -= 4.0 * adoption[n_pre:] / 100.0
        tickets = rng.uniform(360, 440) + rng.normal(0, 12, len(periods))
        for i, period in enumerate(periods):
            lines.append(f"{period:%Y-%m},{team},copilot_users_pct,{max(adoption[i], 0):.1f}")
            lines.append(f"{period:%Y-%m},{team},handle_time_min,{handle[i]:.2f}")
            lines.append(f"{period:%Y-%m},{team},tickets_per_agent,{tickets[i]:.0f}")
    (folder / "data" / "team_kpis.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")


#: One seed per sample, so that changing one sample never reshuffles another's noise.
SEEDS = {
    support_copilot: 20260401,
    erp_finance_close: 20260402,
    crm_sales: 20260403,
    manager_training: 20260404,
    invoice_automation: 20260406,
    contact_centre_teams: 20260407,
}


def main() -> None:
    for make, seed in SEEDS.items():
        make(np.random.default_rng(seed))


if __name__ == "__main__":
    main()
