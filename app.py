"""NELM evidence dashboard: routes pages and frames them (shell.frame: sidebar, notices, error boundary, footer)."""

from shell import frame

frame.run()
