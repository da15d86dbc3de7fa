"""How often valaudit's effect says "moved" on noise, and how often it finds a real step.

Usage:  python bench/calibration.py                 (1,000 KPIs per cell, statsmodels reference)
        python bench/calibration.py --kpis 300      (a quicker look while iterating)
        python bench/calibration.py --no-reference  (valaudit only)
        python bench/calibration.py --jobs 2        (cells spread over two processes)

Every cell simulates KPIs of one noise shape on one design (pre × post periods), once
without an effect and once with a step of 2 noise standard deviations from go-live on (the
same noise both times), and calls valaudit's effect estimator in-process on each:

- **false movement**: share of the no-effect KPIs whose effect says moved (good or bad);
- **indicative**: share of the no-effect KPIs whose effect is marked indicative;
- **detection**: share of the step KPIs whose effect moved the right way.

Noise shapes (sd = the standard deviation of the stochastic part, always 1):
white; AR(1) with ρ 0.3, 0.5, 0.7 (stationary, marginal sd 1); seasonal (a yearly sine
wave of amplitude 1 sd with a random phase, plus white noise); seasonal + AR(0.5); trend
0.1 and 0.5 sd per period (plus white noise); trend 0.1 sd per period + AR(0.5).

The statsmodels reference fits the textbook segmented regression (intercept, time, step,
post slope; the effect is the step plus the post slope at the mean post time) on the same
series: OLS with Newey–West (HAC) errors and GLS with AR(1) errors (GLSAR, iterated),
each without and with period-of-year dummies (dummies only when the pre period holds two
full years). It needs the ``bench`` extra: pip install -e '.[bench]'.

Seeded: the same command prints the same table. Two standard errors of a share near 5%
over 1,000 KPIs are about 1.4 points; near 80%, about 2.5 points.
"""

from __future__ import annotations

import argparse
import inspect
import math
import time
import warnings
import zlib
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

import numpy as np

from valaudit.analyse.effect import estimate_effect

CONFIDENCE = 0.95
STEP_SD = 2.0


@dataclass(frozen=True)
class Design:
    name: str
    pre: int
    post: int
    granularity: str
    season: int
    """Periods per year."""
    first_position: int
    """Period counter of the first period (valaudit's ``period_index``)."""


DESIGNS = (
    Design("24x12 M", 24, 12, "M", 12, 2020 * 12),
    Design("36x12 M", 36, 12, "M", 12, 2019 * 12),
    Design("8x4 Q", 8, 4, "Q", 4, 2020 * 4),
)


@dataclass(frozen=True)
class Noise:
    name: str
    ar: float = 0.0
    seasonal: float = 0.0
    """Amplitude of the yearly sine wave, in noise sd."""
    trend: float = 0.0
    """Slope in noise sd per period."""


NOISES = (
    Noise("white"),
    Noise("AR 0.3", ar=0.3),
    Noise("AR 0.5", ar=0.5),
    Noise("AR 0.7", ar=0.7),
    Noise("seasonal", seasonal=1.0),
    Noise("seasonal+AR 0.5", ar=0.5, seasonal=1.0),
    Noise("trend 0.1", trend=0.1),
    Noise("trend 0.5", trend=0.5),
    Noise("trend 0.1+AR 0.5", ar=0.5, trend=0.1),
)


def simulate(noise: Noise, design: Design, count: int, rng: np.random.Generator) -> np.ndarray:
    """``count`` noise-only series (rows) of ``pre + post`` periods."""
    n = design.pre + design.post
    shocks = rng.normal(0.0, 1.0, (count, n))
    if noise.ar:
        series = np.empty_like(shocks)
        series[:, 0] = shocks[:, 0]
        scale = math.sqrt(1.0 - noise.ar**2)
        for i in range(1, n):
            series[:, i] = noise.ar * series[:, i - 1] + scale * shocks[:, i]
    else:
        series = shocks
    t = np.arange(n, dtype=float)
    phase = rng.uniform(0.0, 2.0 * math.pi, (count, 1))
    positions = design.first_position + t
    series = series + noise.seasonal * np.sin(2.0 * math.pi * positions / design.season + phase)
    return series + noise.trend * t


def _estimator_keywords(design: Design) -> dict[str, object]:
    """Keyword arguments for ``estimate_effect``; newer versions also take the granularity."""
    parameters = inspect.signature(estimate_effect).parameters
    keywords: dict[str, object] = {
        "direction": "up",
        "confidence": CONFIDENCE,
        "stated_baseline": None,
        "min_post_periods": 3,
    }
    if "granularity" in parameters:
        keywords["granularity"] = design.granularity
    return keywords


@dataclass
class Tally:
    false_moved: int = 0
    indicative: int = 0
    detected: int = 0
    count: int = 0

    def shares(self) -> tuple[float, float, float]:
        return (
            self.false_moved / self.count,
            self.indicative / self.count,
            self.detected / self.count,
        )


def valaudit_cell(noise: Noise, design: Design, series: np.ndarray) -> Tally:
    positions = design.first_position + np.arange(design.pre + design.post, dtype=float)
    go_live = float(design.first_position + design.pre)
    post = positions >= go_live
    keywords = _estimator_keywords(design)
    step = STEP_SD * post
    tally = Tally()
    for values in series:
        null = estimate_effect(positions, values + 100.0, post, go_live, **keywords)  # type: ignore[arg-type]
        moved = estimate_effect(positions, values + 100.0 + step, post, go_live, **keywords)  # type: ignore[arg-type]
        tally.count += 1
        tally.false_moved += null.moved != "none"
        tally.indicative += null.indicative
        tally.detected += moved.moved == "good"
    return tally


# --- the statsmodels reference -------------------------------------------------------------


def reference_design(design: Design, dummies: bool) -> tuple[np.ndarray, np.ndarray]:
    """(design matrix, effect contrast) of the textbook segmented regression."""
    n = design.pre + design.post
    t = np.arange(n, dtype=float) - design.pre
    post = (t >= 0).astype(float)
    columns = [np.ones(n), t, post, t * post]
    if dummies:
        season = (design.first_position + np.arange(n)) % design.season
        columns += [(season == s).astype(float) for s in range(1, design.season)]
    matrix = np.column_stack(columns)
    contrast = np.zeros(matrix.shape[1])
    contrast[2] = 1.0
    contrast[3] = float(t[post == 1].mean())
    return matrix, contrast


REFERENCES = ("OLS+HAC", "GLS-AR(1)", "OLS+HAC+dummies", "GLS-AR(1)+dummies")


def reference_cell(design: Design, series: np.ndarray) -> dict[str, tuple[float, float]]:
    """(false movement, detection) of each reference model."""
    import statsmodels.api as sm

    step = STEP_SD * (np.arange(design.pre + design.post) >= design.pre)
    results: dict[str, tuple[float, float]] = {}
    seasonal_ok = design.pre >= 2 * design.season
    for name in REFERENCES:
        dummies = name.endswith("dummies")
        if dummies and not seasonal_ok:
            continue
        matrix, contrast = reference_design(design, dummies)
        n, k = matrix.shape
        maxlags = max(1, int(4 * (n / 100) ** (2 / 9)))
        false_moved = detected = 0
        for values in series:
            for shifted, is_step in ((values, False), (values + step, True)):
                with warnings.catch_warnings():
                    # GLSAR on a near-unit-root draw warns of a rank-deficient whitened design.
                    warnings.simplefilter("ignore")
                    if name.startswith("OLS"):
                        fit = sm.OLS(shifted, matrix).fit(
                            cov_type="HAC", cov_kwds={"maxlags": maxlags, "use_correction": True}
                        )
                        variance = float(contrast @ fit.cov_params() @ contrast)
                    else:
                        fit = sm.GLSAR(shifted, matrix, rho=1).iterative_fit(maxiter=20)
                        variance = float(contrast @ fit.cov_params() @ contrast)
                estimate = float(contrast @ fit.params)
                half = _t_quantile(n - k) * math.sqrt(max(variance, 0.0))
                low, high = estimate - half, estimate + half
                if is_step:
                    detected += low > 0
                else:
                    false_moved += low > 0 or high < 0
        results[name] = (false_moved / len(series), detected / len(series))
    return results


def _t_quantile(df: int) -> float:
    from scipy import stats

    return float(stats.t.ppf(0.5 + CONFIDENCE / 2, df))


# --- running and printing ------------------------------------------------------------------


@dataclass(frozen=True)
class CellResult:
    noise: str
    design: str
    valaudit: tuple[float, float, float]
    reference: dict[str, tuple[float, float]]
    seconds: float


def run_cell(job: tuple[Noise, Design, int, int, bool]) -> CellResult:
    noise, design, count, seed, with_reference = job
    key = zlib.crc32(f"{noise.name}|{design.name}".encode())
    rng = np.random.default_rng([seed, key])
    series = simulate(noise, design, count, rng)
    started = time.perf_counter()
    tally = valaudit_cell(noise, design, series)
    seconds = time.perf_counter() - started
    reference = reference_cell(design, series) if with_reference else {}
    return CellResult(noise.name, design.name, tally.shares(), reference, seconds)


def _percent(share: float) -> str:
    return f"{100 * share:5.1f}%"


def print_tables(results: Iterable[CellResult], count: int, seed: int) -> None:
    results = list(results)
    print(
        f"valaudit effect calibration: {count:,} KPIs per cell, seed {seed}, confidence "
        f"{CONFIDENCE:.0%}, step {STEP_SD:g} sd"
    )
    print()
    header = (
        f"{'noise':<18} {'design':<8} {'false moved':>11} {'indicative':>10} "
        f"{'detected':>9} {'ms/KPI':>7}"
    )
    print(header)
    print("-" * len(header))
    for result in results:
        false_moved, indicative, detected = result.valaudit
        per_kpi = 1000 * result.seconds / (2 * count)
        print(
            f"{result.noise:<18} {result.design:<8} {_percent(false_moved):>11} "
            f"{_percent(indicative):>10} {_percent(detected):>9} {per_kpi:>7.2f}"
        )
    if not any(result.reference for result in results):
        return
    print()
    print("statsmodels reference (segmented regression), false moved / detected:")
    header = f"{'noise':<18} {'design':<8}" + "".join(f" {name:>19}" for name in REFERENCES)
    print(header)
    print("-" * len(header))
    for result in results:
        cells = []
        for name in REFERENCES:
            if name in result.reference:
                false_moved, detected = result.reference[name]
                cells.append(f" {_percent(false_moved):>9} {_percent(detected):>9}")
            else:
                cells.append(f" {'—':>9} {'—':>9}")
        print(f"{result.noise:<18} {result.design:<8}" + "".join(cells))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--kpis", type=int, default=1000, help="KPIs per cell (default 1000)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--no-reference", action="store_true", help="skip statsmodels")
    parser.add_argument("--jobs", type=int, default=1, help="processes (default 1)")
    parser.add_argument("--noise", action="append", help="only these noise shapes (repeatable)")
    parser.add_argument("--design", action="append", help="only these designs (repeatable)")
    options = parser.parse_args(argv)
    noises = [n for n in NOISES if not options.noise or n.name in options.noise]
    designs = [d for d in DESIGNS if not options.design or d.name in options.design]
    jobs = [
        (noise, design, options.kpis, options.seed, not options.no_reference)
        for noise in noises
        for design in designs
    ]
    run: Callable[[tuple[Noise, Design, int, int, bool]], CellResult] = run_cell
    if options.jobs > 1:
        with ProcessPoolExecutor(options.jobs) as pool:
            results = list(pool.map(run, jobs))
    else:
        results = [run(job) for job in jobs]
    print_tables(results, options.kpis, options.seed)


if __name__ == "__main__":
    main()
