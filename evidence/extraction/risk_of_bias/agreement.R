# Agreement of the two risk-of-bias assessments (base R, no package): Rscript evidence/extraction/risk_of_bias/agreement.R
r <- read.csv("evidence/extraction/risk_of_bias/reconciliation.csv")
lv <- c("low","moderate","high")
k <- function(a,b){t <- table(factor(a, lv), factor(b, lv)); n<-sum(t); po<-sum(diag(t))/n; pe<-sum(rowSums(t)*colSums(t))/n^2; c(sum(diag(t)), n, po, (po-pe)/(1-pe))}
for (d in unique(r$domain)) { s <- r[r$domain==d,]; x <- k(s$first, s$second); cat(sprintf("%s %d/%d %.3f kappa %.3f\n", d, x[1], x[2], x[3], x[4])) }
x <- k(r$first, r$second); cat(sprintf("all %d/%d %.4f kappa %.4f\n", x[1], x[2], x[3], x[4]))
print(table(factor(r$first, lv), factor(r$second, lv)))
