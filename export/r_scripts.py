"""Self-contained R scripts that reproduce a pooled estimate with metafor, the software reviewers trust: the data as
the app pooled them (each value with its study), the `rma()` call, and the same estimate, CI, prediction interval,
τ² and I² printed, one `name = value` line each, so that a reader (or a test) can set them beside the app's.

The app's choices are written out, not hidden: survival on the arcsine-square-root scale with the continuity
correction of Combescure et al. 2014; the prediction interval from t(k − 2), not metafor's normal one."""

from __future__ import annotations

from collections.abc import Sequence

# metafor stops REML when τ² changes by less than 1e-5 (and PM at tol 1e-5); the app iterates to convergence, so that
# a small τ² (and I² with it) agrees beyond the fourth decimal
TIGHT = "tight <- list(threshold = 1e-12, tol = 1e-12, maxiter = 1000)  # converge fully, as the app does"
METAFOR_METHOD = {"REML": "REML", "DL": "DL", "PM": "PM", "FE": "FE"}


def _model(method: str) -> str:
    return "fixed-effect" if method == "FE" else f"random-effects ({method})"


def _r_string(text: str) -> str:
    return '"' + str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def _r_vector(values: Sequence, strings: bool = False) -> str:
    return "c(" + ", ".join(_r_string(v) if strings else repr(float(v)) for v in values) + ")"


def _header(title: str, provenance: Sequence[str]) -> str:
    lines = [
        f"# {title}",
        "# Made by the NELM evidence dashboard; run with R and the metafor package:",
        "#   Rscript this_file.R",
    ]
    lines += [f"# {' '.join(str(p).split())}" for p in provenance]  # one line each: a line break would end the comment
    return "\n".join(lines) + "\nsuppressPackageStartupMessages(library(metafor))\n"


def _printer(prefix: str) -> str:
    return f"""
prefix <- {_r_string(prefix)}
show <- function(name, value) cat(sprintf("%s%s = %.10f\\n", prefix, name, value))
"""


def survival_pool_script(
    time_years: float,
    studies: Sequence[str],
    survival: Sequence[float],
    sizes: Sequence[int],
    method: str,
    provenance: Sequence[str] = (),
) -> str:
    """One pooled survival value: each study's reported S(t) and cohort n, pooled as the app does."""
    return (
        _header(
            f"Pooled survival at {time_years:g} years (derived: {_model(method)} pool of {len(studies)} studies)",
            provenance,
        )
        + _printer(f"{time_years:g}y.")
        + f"""
dat <- data.frame(
  study = {_r_vector(studies, strings=True)},
  survival = {_r_vector(survival)},  # as reported
  n = {_r_vector(sizes)}  # cohort size (censoring ignored, as in the app)
)
# arcsine square root with the continuity correction of Combescure et al. 2014 (metaSurvival)
dat$yi <- asin(sqrt((dat$n * dat$survival + 0.25) / (dat$n + 0.5)))
dat$vi <- 1 / (4 * (dat$n + 0.5))
{TIGHT}
fit <- rma(yi, vi, data = dat, method = {_r_string(METAFOR_METHOD[method])}, test = "z", control = tight)
back <- function(x) sin(pmin(pmax(x, 0), pi / 2))^2
# 95% prediction interval on t(k - 2), as the app (metafor's predict() uses the normal quantile)
half <- qt(0.975, fit$k - 2) * sqrt(fit$se^2 + fit$tau2)
show("estimate", back(fit$b[1]))
show("ci_lower", back(fit$ci.lb))
show("ci_upper", back(fit$ci.ub))
if (fit$k >= 3) {{
  show("pi_lower", back(fit$b[1] - half))
  show("pi_upper", back(fit$b[1] + half))
}}
show("tau2", fit$tau2)  # on the arcsine scale
show("I2", fit$I2)
"""
    )


def ratio_pool_script(
    measure: str,
    studies: Sequence[str],
    log_estimates: Sequence[float],
    standard_errors: Sequence[float],
    method: str,
    hartung_knapp: bool,
    provenance: Sequence[str] = (),
) -> str:
    """A pooled ratio (HR, OR) from each study's log ratio and its standard error (reported CI or derived)."""
    test = "knha" if hartung_knapp else "z"
    return (
        _header(f"Pooled {measure} (derived: {_model(method)} pool of {len(studies)} studies)", provenance)
        + _printer("")
        + f"""
dat <- data.frame(
  study = {_r_vector(studies, strings=True)},
  yi = {_r_vector(log_estimates)},  # log {measure}
  sei = {_r_vector(standard_errors)}  # its standard error: from the reported 95% CI, or as the app's table says
)
{TIGHT}
fit <- rma(yi, sei = sei, data = dat, method = {_r_string(METAFOR_METHOD[method])}, test = {_r_string(test)}, control = tight)
# 95% prediction interval on t(k - 2), as the app (metafor's predict() uses the normal quantile)
half <- qt(0.975, fit$k - 2) * sqrt(fit$se^2 + fit$tau2)
show("estimate", exp(fit$b[1]))
show("ci_lower", exp(fit$ci.lb))
show("ci_upper", exp(fit$ci.ub))
if (fit$k >= 3 && {str(method != "FE").upper()}) {{
  show("pi_lower", exp(fit$b[1] - half))
  show("pi_upper", exp(fit$b[1] + half))
}}
show("tau2", fit$tau2)  # on the log scale
show("I2", fit$I2)
"""
    )


def survival_view_script(view, labels, evidence_version: str, link: str, method: str) -> str:
    """Every pooled survival value of a Survival view in one script, one block per time; `method` is the τ² estimator
    the view was pooled with (views.survival.survival_view)."""
    blocks = []
    for point in view.pooled:
        provenance = [
            f"Evidence table version {evidence_version}; the view: {link}",
            *(
                f"{labels.study(s)}: {100 * v:.1f}% at {point.time_years:g} y, n = {n} (reported)"
                for s, v, n in zip(point.studies, point.values, point.sizes, strict=True)
            ),
        ]
        blocks.append(
            survival_pool_script(
                point.time_years,
                [labels.study(s) for s in point.studies],
                point.values,
                point.sizes,
                method,
                provenance,
            )
        )
    return "\n\n".join(blocks)
