# Regenerates the reference numbers embedded in tests/stats (R 4.2, metafor 3.8-1, survival 3.x).
# Run from the project root:  Rscript tests/reference/make_reference.R > /tmp/reference.txt
# It rewrites the CSV files in tests/reference/ and prints the scalar expectations as Python
# literals, which are pasted into tests/stats/test_*.py under the R call that produced them.
# CI never runs this: the tests only read what it wrote.
# msurv_reference.csv is the exception: metaSurvival 0.1.0 is not installable here, so its published
# R/msurv.R was run from a scratch copy (outside the project) on msurv_example.csv; see that file's header.
# clasp_dersimonian2007.csv is not written here either: it is the CLASP data as typed in metafor's own
# tests/testthat/test_analysis_example_dersimonian2007.r, whose published results the tests quote.

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

# ---- pooled survival at one time (arcsine scale, metaSurvival's continuity correction) --------
os5 <- data.frame(study = c("S1", "S2", "S3", "S4", "S5"), s = c(0.74, 0.61, 0.52, 0.80, 0.66),
                  n = c(120, 45, 60, 200, 85), n_risk = c(70, 20, 25, 130, 40))
header_csv(os5, "os5_landmarks.csv", "five cohorts' 5-year overall survival (constructed), cohort size n and number at risk at 5 y")
sin2 <- function(x) sin(x)^2
for (m in c("REML", "DL")) {
  yi <- with(os5, asin(sqrt((n * s + 0.25) / (n + 0.5)))); vi <- with(os5, 1 / (4 * (n + 0.5)))
  res <- rma(yi, vi, method = m); p <- predict(res, transf = sin2)
  cat(sprintf('# yi <- asin(sqrt((n*s + 0.25)/(n + 0.5))); vi <- 1/(4*(n + 0.5)); res <- rma(yi, vi, method="%s"); predict(res, transf=function(x) sin(x)^2)\nOS5_%s = dict(estimate=%s, ci_lower=%s, ci_upper=%s, pi_lower=%s, pi_upper=%s, tau2=%s, i2=%s)\n',
              m, m, num(p$pred), num(p$ci.lb), num(p$ci.ub), num(p$pi.lb), num(p$pi.ub), num(res$tau2), num(res$I2)))
}
neff <- with(os5, n_risk / s)
yi <- asin(sqrt((neff * os5$s + 0.25) / (neff + 0.5))); vi <- 1 / (4 * (neff + 0.5))
res <- rma(yi, vi, method = "REML"); p <- predict(res, transf = sin2)
cat(sprintf('# neff <- n_risk/s (Peto); yi <- asin(sqrt((neff*s + 0.25)/(neff + 0.5))); vi <- 1/(4*(neff + 0.5)); res <- rma(yi, vi, method="REML"); predict(res, transf=function(x) sin(x)^2)\nOS5_PETO = dict(estimate=%s, ci_lower=%s, ci_upper=%s, tau2=%s)\n',
            num(p$pred), num(p$ci.lb), num(p$ci.ub), num(res$tau2)))

# ---- lifelines helpers against R survival on its aml data --------------------------------------
header_csv(data.frame(time = aml$time, status = aml$status, x = as.character(aml$x)), "aml.csv", "survival::aml")
lr <- survdiff(Surv(time, status) ~ x, data = aml)
cx <- coxph(Surv(time, status) ~ I(x == "Maintained"), data = aml)  # ties = "efron" (default)
km <- survfit(Surv(time, status) ~ 1, data = aml[aml$x == "Maintained", ])
cat(sprintf('# survdiff(Surv(time, status) ~ x, data=aml)$chisq\nAML_LOGRANK_CHISQ = %s\n', num(lr$chisq)))
cat(sprintf('# coxph(Surv(time, status) ~ I(x == "Maintained"), data=aml): coef, se(coef), exp(coef) 95%% CI\nAML_COX = dict(log_hr=%s, se=%s, ci_lower=%s, ci_upper=%s)\n',
            num(coef(cx)), num(sqrt(vcov(cx)[1, 1])), num(summary(cx)$conf.int[3]), num(summary(cx)$conf.int[4])))
cat(sprintf('# survfit(Surv(time, status) ~ 1, data=aml[aml$x == "Maintained", ]): surv at times 9, 13, 18, 23, 31; median\nAML_KM = dict(surv=[%s], median=%s)\n',
            paste(num(summary(km, times = c(9, 13, 18, 23, 31))$surv), collapse = ", "), num(summary(km)$table["median"])))

# ---- derived log hazard ratios (Tierney 2007 formulas evaluated in R) ---------------------------
cat(sprintf('# (log(9.2) - log(1.7)) / (2 * qnorm(0.975))\nSE_FROM_95_CI = %s\n', num((log(9.2) - log(1.7)) / (2 * qnorm(0.975)))))
cat(sprintf('# (log(2.4) - log(1.1)) / (2 * qnorm(0.95))\nSE_FROM_90_CI = %s\n', num((log(2.4) - log(1.1)) / (2 * qnorm(0.95)))))
cat(sprintf('# 2 * pnorm(-abs(log(15.63)) / ((log(56.8) - log(4.30)) / (2 * qnorm(0.975))))\nIMPLIED_P = %s\n', num(2 * pnorm(-abs(log(15.63)) / ((log(56.8) - log(4.30)) / (2 * qnorm(0.975)))))))
V <- 120 * 70 * 50 / 120^2
cat(sprintf('# V <- 120*70*50/120^2; c(-qnorm(1 - 0.03/2)/sqrt(V), 1/sqrt(V))\nFROM_P_UNEQUAL = dict(log_hr=%s, se=%s)\n', num(-qnorm(1 - 0.03 / 2) / sqrt(V)), num(1 / sqrt(V))))
cat(sprintf('# V <- 100/4; c(qnorm(1 - 0.05/2)/sqrt(V), 1/sqrt(V))\nFROM_P_EQUAL = dict(log_hr=%s, se=%s)\n', num(qnorm(1 - 0.05 / 2) / 5), num(1 / 5)))
cat(sprintf('# V <- 100/4; qnorm(1 - 0.05)/sqrt(V)   (one-sided p)\nFROM_P_ONE_SIDED = %s\n', num(qnorm(1 - 0.05) / 5)))
s1 <- 0.6; s2 <- 0.45; n1 <- 80; n2 <- 90
cat(sprintf('# log(log(0.6)/log(0.45)); sqrt((1-s1)/(n1*s1*log(s1)^2) + (1-s2)/(n2*s2*log(s2)^2)) with n1=80, n2=90\nFROM_SURVIVAL = dict(log_hr=%s, se=%s)\n',
            num(log(log(s1) / log(s2))), num(sqrt((1 - s1) / (n1 * s1 * log(s1)^2) + (1 - s2) / (n2 * s2 * log(s2)^2)))))

# ---- REML where Fisher scoring oscillates: metafor's default stops with an error ---------------
osc <- data.frame(yi = c(0, 0, 0, 0, -1, -1, 0, 0, 0, 1), vi = c(1, 1, 1, 1, 1, 1, 1, 0.5, 1, 0.25))
res <- rma(yi, vi, data = osc, method = "REML", control = list(stepadj = 0.5, threshold = 1e-10, maxiter = 1000))
cat(sprintf('# rma(yi, vi, method="REML") -> "Fisher scoring algorithm did not converge"; with\n# rma(yi, vi, method="REML", control=list(stepadj=0.5, threshold=1e-10, maxiter=1000)):\nOSCILLATING = dict(tau2=%s, estimate=%s, se=%s)\n', num(res$tau2), num(res$beta), num(res$se)))
