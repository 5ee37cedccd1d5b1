# The dashboard on the shipped evidence, as a hospital runs it: non-root, tini as PID 1, exact dependency versions
# checked by hash, the evidence checked before the server listens, /ready for the orchestrator's probes.
FROM python:3.11-slim-bookworm

# Chromium renders figures for PNG/SVG/PDF export (Kaleido); Liberation Sans has Arial's metrics, which the figures'
# font stack names; DejaVu is the PDF's fallback type; tini reaps Chromium's children and forwards signals.
RUN apt-get update \
 && apt-get install -y --no-install-recommends chromium fonts-liberation fonts-dejavu-core tini \
 && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 10001 --shell /usr/sbin/nologin nelm
WORKDIR /app
COPY requirements.lock ./
RUN pip install --no-cache-dir --require-hashes -r requirements.lock
COPY --chown=root:root . .
# Fail the build, not the first user, on evidence that does not pass its check.
RUN python -m evidence check

USER nelm
ENV PYTHONDONTWRITEBYTECODE=1 \
    NELM_LOG_FORMAT=json \
    STREAMLIT_BROWSER_GATHER_USAGE_STATS=false \
    STREAMLIT_SERVER_FILE_WATCHER_TYPE=none
EXPOSE 8501
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8501/ready', timeout=2)"
ENTRYPOINT ["tini", "--"]
CMD ["streamlit", "run", "shell/server.py", "--server.address=0.0.0.0", "--server.port=8501", "--server.headless=true"]
