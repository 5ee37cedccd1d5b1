"""Export for the tumour-board minutes, pure (no streamlit): figures as PNG/SVG (renderer), the summary model
(summary), its one-page A4 PDF (pdf, fonts), and the board view reshaped into a summary (board_summary)."""

from .pdf import summary_pdf
from .renderer import ExportUnavailable, chromium_path, close_renderer, figure_png, figure_svg
from .summary import BoardSummary, NumberRow, generated_at_text, nothing_to_export_reason

__all__ = [
    "BoardSummary",
    "ExportUnavailable",
    "NumberRow",
    "chromium_path",
    "close_renderer",
    "figure_png",
    "figure_svg",
    "generated_at_text",
    "nothing_to_export_reason",
    "summary_pdf",
]
