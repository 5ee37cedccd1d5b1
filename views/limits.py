"""The limits of this evidence, in the words every page, the footer and the minutes print."""

LIMITS = (
    "All series are retrospective and observational: patients selected for surgery differ from those who were not, "
    "so differences in survival are not effects of surgery. Evidence, not advice."
)
