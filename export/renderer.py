"""Figures as PNG or SVG through Kaleido 1.x and the system Chromium.

Starting Chromium costs about 1.5 s, so one browser is kept alive in a background thread and reused by every export
in the process (a render then takes about 0.2 s). Pure: no streamlit; a page turns ``ExportUnavailable`` into words.
"""

from __future__ import annotations

import asyncio
import atexit
import os
import shutil
import threading
from pathlib import Path

DEFAULT_CHROMIUM = "/usr/bin/chromium"
INSTALL_HINT = (
    "Install it with `apt-get install -y chromium` (Debian), or set BROWSER_PATH to a Chrome/Chromium binary."
)
START_TIMEOUT_S = 60
RENDER_TIMEOUT_S = 60


class ExportUnavailable(RuntimeError):
    """Figure export cannot run here; the message says what is missing and how to fix it."""


def figure_png(fig, width: int = 1280, height: int = 720, scale: float = 2) -> bytes:
    """PNG of a Plotly figure, ``width * scale`` by ``height * scale`` pixels.

    For the PDF summary, 960 x 540 at scale 2 keeps the figure's text legible at A4 width.
    Raises ``ExportUnavailable`` when Kaleido or Chromium is missing or fails.
    """
    return _RENDERER.render(fig, {"format": "png", "width": width, "height": height, "scale": scale})


def figure_svg(fig, width: int = 1280, height: int = 720) -> bytes:
    """SVG (UTF-8 bytes) of a Plotly figure; its text stays text. Raises ``ExportUnavailable`` like ``figure_png``."""
    return _RENDERER.render(fig, {"format": "svg", "width": width, "height": height, "scale": 1})


def chromium_path() -> str | None:
    """The browser Kaleido will use: $BROWSER_PATH (choreographer's own override), else Debian's Chromium."""
    candidates = [
        os.environ.get("BROWSER_PATH"),
        DEFAULT_CHROMIUM,
        shutil.which("chromium"),
        shutil.which("chromium-browser"),
    ]
    return next((c for c in candidates if c and Path(c).is_file() and os.access(c, os.X_OK)), None)


def close_renderer() -> None:
    """Stop the kept-alive Chromium (tests, shutdown). The next export starts a new one."""
    _RENDERER.close()


class _Renderer:
    """One Kaleido browser on its own event loop thread, shared by all callers.

    Every call gets its own future, so concurrent Streamlit sessions never receive each other's image (kaleido's
    global sync server shares one result queue between callers, which is why it is not used here).
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._kaleido = None

    def render(self, fig, opts: dict) -> bytes:
        try:
            return self._render_once(fig, opts)
        except ExportUnavailable:
            raise
        except Exception:  # noqa: BLE001 - a crashed or wedged browser: start a fresh one and try once more
            self.close()
        try:
            return self._render_once(fig, opts)
        except ExportUnavailable:
            raise
        except Exception as error:  # noqa: BLE001
            self.close()
            raise ExportUnavailable(f"Figure export failed in Chromium ({_short(error)}). {INSTALL_HINT}") from error

    def _render_once(self, fig, opts: dict) -> bytes:
        kaleido, loop = self._ensure_open()
        future = asyncio.run_coroutine_threadsafe(kaleido.calc_fig(fig, opts=opts), loop)
        return bytes(future.result(timeout=RENDER_TIMEOUT_S))

    def _ensure_open(self):
        with self._lock:
            if self._kaleido is None:
                self._loop = _start_loop_thread()
                try:
                    self._kaleido = _open_kaleido(self._loop)
                except BaseException:
                    _stop_loop(self._loop)
                    self._loop = None
                    raise
            return self._kaleido, self._loop

    def close(self) -> None:
        with self._lock:
            kaleido, loop = self._kaleido, self._loop
            self._kaleido, self._loop = None, None
        if loop is None:
            return
        if kaleido is not None:
            try:
                asyncio.run_coroutine_threadsafe(kaleido.close(), loop).result(timeout=20)
            except Exception:  # noqa: BLE001 - closing a dead browser may fail; the loop still stops
                pass
        _stop_loop(loop)


def _open_kaleido(loop: asyncio.AbstractEventLoop):
    try:
        import kaleido
    except ImportError as error:
        raise ExportUnavailable(
            "Figure export needs the Python package kaleido: pip install kaleido==1.5.0 (it is in requirements.txt)."
        ) from error
    path = chromium_path()
    if path is None:
        raise ExportUnavailable(
            f"Figure export needs Chromium, and none was found at {DEFAULT_CHROMIUM}. {INSTALL_HINT}"
        )

    async def start():
        # mathjax=False: Kaleido would otherwise fetch MathJax from a CDN; no figure here uses LaTeX.
        # The sandbox is off by default in choreographer (--no-sandbox), which Chromium needs when run as root.
        k = kaleido.Kaleido(path=path, mathjax=False, n=1, timeout=RENDER_TIMEOUT_S)
        await k.open()
        return k

    try:
        return asyncio.run_coroutine_threadsafe(start(), loop).result(timeout=START_TIMEOUT_S)
    except Exception as error:  # noqa: BLE001
        raise ExportUnavailable(
            f"Chromium at {path} did not start for figure export ({_short(error)}). {INSTALL_HINT}"
        ) from error


def _start_loop_thread() -> asyncio.AbstractEventLoop:
    loop = asyncio.new_event_loop()
    threading.Thread(target=loop.run_forever, name="figure-export", daemon=True).start()
    return loop


def _stop_loop(loop: asyncio.AbstractEventLoop) -> None:
    loop.call_soon_threadsafe(loop.stop)


def _short(error: BaseException) -> str:
    text = str(error).strip().splitlines()[0] if str(error).strip() else ""
    return f"{type(error).__name__}: {text[:200]}" if text else type(error).__name__


_RENDERER = _Renderer()
atexit.register(close_renderer)
