# Reference values for a unit's own series (issue 19), from R survival on the shipped synthetic example.
# Run from the repository root: Rscript tests/reference/make_local_reference.R
library(survival)
d <- read.csv("local_series/synthetic_example_unit.csv", stringsAsFactors = FALSE)
d$years <- d$time_months / 12
fit <- survfit(Surv(years, event) ~ 1, data = d, conf.type = "log-log")
s <- summary(fit, times = c(1, 3, 5, 10))
km <- data.frame(quantity = "km", years = s$time, surv = s$surv, lower = s$lower, upper = s$upper, n_risk = s$n.risk)
follow <- survfit(Surv(years, 1 - event) ~ 1, data = d)
med <- data.frame(
  quantity = c("median_survival", "median_follow_up"), years = NA,
  surv = c(summary(fit)$table["median"], summary(follow)$table["median"]), lower = NA, upper = NA, n_risk = NA
)
big <- d[d$primary_site %in% names(which(table(d$primary_site) >= 10)), ]
sd <- survdiff(Surv(years, event) ~ primary_site, data = big)
lr <- data.frame(quantity = "logrank_primary_site", years = NA, surv = sd$chisq, lower = length(sd$n) - 1,
                 upper = pchisq(sd$chisq, length(sd$n) - 1, lower.tail = FALSE), n_risk = NA)
g <- d[d$extrahepatic %in% c("yes", "no"), ]
sd2 <- survdiff(Surv(years, event) ~ extrahepatic, data = g)
lr2 <- data.frame(quantity = "logrank_extrahepatic", years = NA, surv = sd2$chisq, lower = 1,
                  upper = pchisq(sd2$chisq, 1, lower.tail = FALSE), n_risk = NA)
# the standard error of S(t) (Greenwood), for the unit's effective size on the funnel plot: S(1 - S) / se^2
se <- data.frame(quantity = "std_err", years = s$time, surv = s$std.err, lower = NA, upper = NA, n_risk = NA)
# the board's patients like this one: small bowel, G2, liver-only
like <- d[d$primary_site == "small_bowel" & d$grade == "g2" & d$extrahepatic == "no", ]
sl <- summary(survfit(Surv(years, event) ~ 1, data = like, conf.type = "log-log"), times = c(5, 10))
board <- data.frame(quantity = "board_small_bowel_g2_liver_only", years = sl$time, surv = sl$surv, lower = sl$lower,
                    upper = sl$upper, n_risk = sl$n.risk)
write.csv(rbind(km, med, lr, lr2, se, board), "tests/reference/local_km_reference.csv", row.names = FALSE)
