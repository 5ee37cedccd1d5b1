"""The image a hospital builds (issue 18): runs as a user without privileges behind tini, probes /ready, serves the
checked server, and installs exactly the locked versions by hash; the lock agrees with requirements.txt.
(No image is built here: the machine has no registry for base images; these read the files that decide it.)"""

from __future__ import annotations

import re

from tests.support.files import ROOT

DOCKERFILE = (ROOT / "Dockerfile").read_text()
INSTRUCTIONS = [line.strip() for line in re.sub(r"\\\n", " ", DOCKERFILE).splitlines() if line.strip()[:1].isalpha()]


def last(keyword: str) -> str:
    return [i for i in INSTRUCTIONS if i.split()[0] == keyword][-1]


def test_the_container_runs_the_checked_server_as_an_unprivileged_user_under_tini():
    user = last("USER").split()[1]
    assert user not in ("root", "0")
    assert last("ENTRYPOINT") == 'ENTRYPOINT ["tini", "--"]'
    assert '"shell/server.py"' in last("CMD")
    assert "/ready" in last("HEALTHCHECK")
    assert "fonts-liberation" in DOCKERFILE and "tini" in DOCKERFILE


def test_the_image_installs_the_lock_by_hash():
    assert any("pip install" in i and "--require-hashes -r requirements.lock" in i for i in INSTRUCTIONS)


def test_the_lock_pins_every_runtime_requirement_at_its_version_with_hashes():
    wanted = dict(
        re.match(r"([A-Za-z0-9_.-]+)==(\S+)", line).groups()
        for line in (ROOT / "requirements.txt").read_text().splitlines()
        if line and not line.startswith("#")
    )
    lock = (ROOT / "requirements.lock").read_text()
    pinned = dict(re.findall(r"^([A-Za-z0-9_.-]+)==(\S+) \\", lock, flags=re.MULTILINE))
    normal = {k.lower().replace("_", "-"): v for k, v in pinned.items()}
    assert {k.lower().replace("_", "-"): v for k, v in wanted.items()}.items() <= normal.items()
    blocks = re.split(r"\n(?=\S)", lock.split("\n\n", 1)[-1] if lock.startswith("#") else lock)
    assert all("--hash=sha256:" in b for b in blocks if re.match(r"[A-Za-z0-9_.-]+==", b))


def test_the_kubernetes_manifest_probes_the_routes_the_server_answers_and_keeps_sessions_on_one_replica():
    manifest = (ROOT / "deploy" / "kubernetes" / "nelm.yaml").read_text()
    readiness = manifest.split("readinessProbe:")[1].split("livenessProbe:")[0]
    assert "path: /ready" in readiness  # shell/server.py's route, outside the base path
    assert "path: /nelm/_stcore/health" in manifest.split("livenessProbe:")[1]
    assert "runAsNonRoot: true" in manifest and "allowPrivilegeEscalation: false" in manifest
    assert "nginx.ingress.kubernetes.io/affinity: cookie" in manifest
    assert "--server.baseUrlPath=nelm" in manifest
