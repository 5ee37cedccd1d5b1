# Regenerates the reference numbers embedded in tests/stats (R 4.2, metafor 3.8-1, survival 3.x).
# Run from the project root:  Rscript tests/reference/make_reference.R > /tmp/reference.txt
# It rewrites the CSV files in tests/reference/ and prints the scalar expectations as Python
# literals, which are pasted into tests/stats/test_*.py under the R call that produced them.
# CI never runs this: the tests only read what it wrote.

suppressPackageStartupMessages({ library(metafor); library(survival) })
ref <- "tests/reference"
num <- function(x) sprintf("%.10g", x)
header_csv <- function(df, file, call) {
  con <- file(file.path(ref, file), "w")
  writeLines(paste0("# R: ", call), con)
  write.csv(df, con, row.names = FALSE)
  close(con)
}

# ---- data --------------------------------------------------------------------------------
bcg <- escalc(measure = "RR", ai = tpos, bi = tneg, ci = cpos, di = cneg, data = dat.bcg)
header_csv(data.frame(trial = bcg$trial, author = bcg$author, year = bcg$year, alloc = bcg$alloc,
                      yi = as.numeric(bcg$yi), vi = as.numeric(bcg$vi)),
           "dat_bcg_rr.csv", 'escalc(measure="RR", ai=tpos, bi=tneg, ci=cpos, di=cneg, data=dat.bcg)')

# Six hazard ratios with 95% CIs, as papers print them; yi and sei derived in R.
hr <- data.frame(study = c("A", "B", "C", "D", "E", "F"),
                 hr = c(3.9, 1.2, 2.1, 5.6, 0.9, 3.6), lo = c(1.7, 0.7, 1.3, 2.9, 0.5, 1.1),
                 hi = c(9.2, 2.1, 3.5, 10.8, 1.6, 11.1), year = c(2004, 2009, 2011, 2013, 2016, 2019),
                 group = c("liver-only", "extra", "liver-only", "liver-only", "extra", "extra"))
hr$yi <- log(hr$hr)
hr$sei <- (log(hr$hi) - log(hr$lo)) / (2 * qnorm(0.975))
header_csv(hr, "hr_six.csv", "yi <- log(hr); sei <- (log(hi) - log(lo)) / (2 * qnorm(0.975))")

# ---- one row per fit: every number random_effects returns ------------------------------
fit_row <- function(label, call, res) {
  p <- predict(res)
  ci <- if (res$method == "FE") c(NA, NA) else confint(res)$random["tau^2", 2:3]
  ci_tight <- if (res$method == "FE") c(NA, NA) else confint(res, control = list(tol = 1e-12))$random["tau^2", 2:3]
  data.frame(label = label, r_call = call, estimate = as.numeric(res$beta), se = res$se, ci_lb = res$ci.lb,
             ci_ub = res$ci.ub, zval = res$zval, pval = res$pval, tau2 = res$tau2, I2 = res$I2, H2 = res$H2,
             QE = res$QE, QEp = res$QEp, pi_lb = if (is.null(p$pi.lb)) NA else p$pi.lb,
             pi_ub = if (is.null(p$pi.ub)) NA else p$pi.ub, tau2_ci_lb = ci[1], tau2_ci_ub = ci[2],
             tau2_ci_lb_tight = ci_tight[1], tau2_ci_ub_tight = ci_tight[2])
}
rows <- list(); weights_rows <- list()
for (m in c("FE", "DL", "REML", "PM")) for (t in c("z", "knha")) {
  if (m == "FE" && t == "knha") next
  call <- sprintf('rma(yi, vi, data=bcg, method="%s", test="%s")', m, t)
  res <- rma(yi, vi, data = bcg, method = m, test = t)
  rows[[length(rows) + 1]] <- fit_row(paste("bcg", m, t), call, res)
  weights_rows[[length(weights_rows) + 1]] <- data.frame(label = paste("bcg", m, t), study = seq_along(bcg$yi), weight = as.numeric(weights(res)))
  call <- sprintf('rma(yi, sei=sei, data=hr, method="%s", test="%s")', m, t)
  res <- rma(yi, sei = sei, data = hr, method = m, test = t)
  rows[[length(rows) + 1]] <- fit_row(paste("hr", m, t), call, res)
  weights_rows[[length(weights_rows) + 1]] <- data.frame(label = paste("hr", m, t), study = seq_along(hr$yi), weight = as.numeric(weights(res)))
}
# metafor's PM solves Q(tau2) = k - 1 with uniroot(tol = .Machine$double.eps^0.25); tightened, it agrees to 1e-10.
for (t in c("z", "knha")) {
  res <- rma(yi, vi, data = bcg, method = "PM", test = t, control = list(tol = 1e-12))
  rows[[length(rows) + 1]] <- fit_row(paste("bcg PM-tight", t), sprintf('rma(yi, vi, data=bcg, method="PM", test="%s", control=list(tol=1e-12))', t), res)
}
# Edge cases: a single study; two studies; near-identical studies (tau2 = 0, Q-profile CI pinned at 0).
res <- suppressWarnings(rma(yi = 0.5, vi = 0.04, method = "REML"))
p <- predict(res)
rows[[length(rows) + 1]] <- data.frame(label = "one REML z", r_call = 'rma(yi=0.5, vi=0.04, method="REML")', estimate = as.numeric(res$beta),
  se = res$se, ci_lb = res$ci.lb, ci_ub = res$ci.ub, zval = res$zval, pval = res$pval, tau2 = res$tau2, I2 = res$I2, H2 = res$H2,
  QE = res$QE, QEp = res$QEp, pi_lb = p$pi.lb, pi_ub = p$pi.ub, tau2_ci_lb = NA, tau2_ci_ub = NA, tau2_ci_lb_tight = NA, tau2_ci_ub_tight = NA)
two <- data.frame(yi = c(-0.3, 0.4), vi = c(0.02, 0.05))
for (t in c("z", "knha")) rows[[length(rows) + 1]] <- fit_row(paste("two REML", t), sprintf('rma(yi=c(-0.3, 0.4), vi=c(0.02, 0.05), method="REML", test="%s")', t),
                                                        rma(yi, vi, data = two, method = "REML", test = t))
same <- data.frame(yi = c(0.10, 0.12, 0.11), vi = c(0.04, 0.05, 0.06))
rows[[length(rows) + 1]] <- fit_row("same REML z", 'rma(yi=c(0.10, 0.12, 0.11), vi=c(0.04, 0.05, 0.06), method="REML")', rma(yi, vi, data = same, method = "REML"))
header_csv(do.call(rbind, rows), "metafor_fits.csv", "see column r_call; predict(res) for pi_lb/pi_ub; confint(res) and confint(res, control=list(tol=1e-12)) for the tau2 CI")
header_csv(do.call(rbind, weights_rows), "metafor_weights.csv", "weights(res) for each fit in metafor_fits.csv (percent)")

# ---- leave-one-out and cumulative ----------------------------------------------------------
l1o <- function(res) { x <- leave1out(res); data.frame(estimate = x$estimate, se = x$se, stat = if (is.null(x$zval)) x$tval else x$zval, pval = x$pval, ci_lb = x$ci.lb, ci_ub = x$ci.ub, Q = x$Q, Qp = x$Qp, tau2 = x$tau2, I2 = x$I2, H2 = x$H2) }
header_csv(l1o(rma(yi, vi, data = bcg, method = "REML")), "loo_bcg_reml.csv", 'leave1out(rma(yi, vi, data=bcg, method="REML"))')
header_csv(l1o(rma(yi, vi, data = bcg, method = "DL", test = "knha")), "loo_bcg_dl_knha.csv", 'leave1out(rma(yi, vi, data=bcg, method="DL", test="knha"))')
cml <- function(res, order) { x <- cumul(res, order = order); data.frame(estimate = x$estimate, se = x$se, stat = if (is.null(x$zval)) x$tval else x$zval, pval = x$pval, ci_lb = x$ci.lb, ci_ub = x$ci.ub, Q = x$Q, Qp = x$Qp, tau2 = x$tau2, I2 = x$I2, H2 = x$H2) }
header_csv(cml(rma(yi, vi, data = bcg, method = "REML"), bcg$year), "cumul_bcg_reml_year.csv", 'cumul(rma(yi, vi, data=bcg, method="REML"), order=bcg$year)')
header_csv(cml(rma(yi, sei = sei, data = hr, method = "DL"), hr$year), "cumul_hr_dl_year.csv", 'cumul(rma(yi, sei=sei, data=hr, method="DL"), order=hr$year)')

# ---- subgroups ------------------------------------------------------------------------------
sub <- function(data, groups, method, vname) {
  out <- list()
  for (g in unique(groups)) {
    res <- if (vname == "vi") rma(yi, vi, data = data, subset = groups == g, method = method) else rma(yi, sei = sei, data = data, subset = groups == g, method = method)
    out[[g]] <- data.frame(group = g, k = res$k, estimate = as.numeric(res$beta), se = res$se, ci_lb = res$ci.lb, ci_ub = res$ci.ub, tau2 = res$tau2, I2 = res$I2, QE = res$QE)
  }
  do.call(rbind, out)
}
bcg_sub <- sub(bcg, bcg$alloc, "REML", "vi")
header_csv(bcg_sub, "subgroups_bcg_alloc_reml.csv", 'for each g: rma(yi, vi, data=bcg, subset=alloc==g, method="REML")')
hr_sub <- sub(hr, hr$group, "DL", "sei")
header_csv(hr_sub, "subgroups_hr_group_dl.csv", 'for each g: rma(yi, sei=sei, data=hr, subset=group==g, method="DL")')

cat("# ---- scalar expectations (paste into tests) ----\n")
# confint() caps the tau2 search at tau2.max = 100 and prints ">100" for two studies; the root itself:
gq <- function(t, y, v) sum((y - weighted.mean(y, 1 / (v + t)))^2 / (v + t))
root <- uniroot(function(t) gq(t, c(-0.3, 0.4), c(0.02, 0.05)) - qchisq(0.025, 1), c(0, 1e4), tol = 1e-12)$root
cat(sprintf('# gq <- function(t, y, v) sum((y - weighted.mean(y, 1/(v + t)))^2/(v + t))\n# uniroot(function(t) gq(t, c(-0.3, 0.4), c(0.02, 0.05)) - qchisq(0.025, 1), c(0, 1e4), tol=1e-12)$root\nTWO_STUDY_TAU2_CI_UPPER = %s\n', num(root)))
sep <- rma(estimate, sei = se, data = bcg_sub, method = "FE")
cat(sprintf('# rma(estimate, sei=se, data=<per-alloc REML fits>, method="FE"): QE, QEp  (separate tau2 per subgroup)\nBCG_SEPARATE = dict(q_between=%s, p=%s)\n', num(sep$QE), num(sep$QEp)))
common <- rma(yi, vi, mods = ~ factor(alloc), data = bcg, method = "REML")
cat(sprintf('# rma(yi, vi, mods=~factor(alloc), data=bcg, method="REML"): QM, QMp, tau2  (common tau2)\nBCG_COMMON = dict(q_between=%s, p=%s, tau2=%s)\n', num(common$QM), num(common$QMp), num(common$tau2)))
common_k <- rma(yi, vi, mods = ~ factor(alloc), data = bcg, method = "REML", test = "knha")
cat(sprintf('# rma(yi, vi, mods=~factor(alloc), data=bcg, method="REML", test="knha"): QM (an F statistic), QMp, QMdf\nBCG_COMMON_KNHA = dict(f=%s, p=%s, df1=%s, df2=%s)\n', num(common_k$QM), num(common_k$QMp), num(common_k$QMdf[1]), num(common_k$QMdf[2])))
sep <- rma(estimate, sei = se, data = hr_sub, method = "FE")
cat(sprintf('# rma(estimate, sei=se, data=<per-group DL fits>, method="FE"): QE, QEp\nHR_SEPARATE = dict(q_between=%s, p=%s)\n', num(sep$QE), num(sep$QEp)))
common <- rma(yi, sei = sei, mods = ~ factor(group), data = hr, method = "DL")
cat(sprintf('# rma(yi, sei=sei, mods=~factor(group), data=hr, method="DL"): QM, QMp, tau2\nHR_COMMON = dict(q_between=%s, p=%s, tau2=%s)\n', num(common$QM), num(common$QMp), num(common$tau2)))
common <- rma(yi, sei = sei, mods = ~ factor(group), data = hr, method = "PM")
cat(sprintf('# rma(yi, sei=sei, mods=~factor(group), data=hr, method="PM"): QM, QMp, tau2\nHR_COMMON_PM = dict(q_between=%s, p=%s, tau2=%s)\n', num(common$QM), num(common$QMp), num(common$tau2)))
common <- rma(yi, sei = sei, mods = ~ factor(group), data = hr, method = "PM", control = list(tol = 1e-12))
cat(sprintf('# rma(yi, sei=sei, mods=~factor(group), data=hr, method="PM", control=list(tol=1e-12)): QM, QMp, tau2\nHR_COMMON_PM_TIGHT = dict(q_between=%s, p=%s, tau2=%s)\n', num(common$QM), num(common$QMp), num(common$tau2)))
