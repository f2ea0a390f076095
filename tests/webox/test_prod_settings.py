"""Production settings: secrets required, `check --deploy` clean, static files hashed and compressed.

Each test starts a fresh Python process with only the environment a server
would have, as production settings are read once at start-up.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

PROD_ENV = {
    "DJANGO_SETTINGS_MODULE": "webox.settings.prod",
    "SECRET_KEY": "prod-test-" + "k9Xv2pQ7rT4wZ8mB1nC6dF3gH5jL0sA" * 2,
    "ALLOWED_HOSTS": "webox.example,testserver",
    "DATABASE_URL": "postgres://u@127.0.0.1:5432/x",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}
# Collecting these two large vendor folders adds ~35 s of compression and proves nothing more.
COLLECT_IGNORE = ["--ignore", "drf_spectacular_sidecar", "--ignore", "rest_framework"]


def run(args: list[str], **env: str) -> subprocess.CompletedProcess:
    """Run ``python <args>`` in the project folder with a minimal environment plus ``env``."""
    kept = {key: os.environ[key] for key in ("PATH", "HOME", "LANG", "TMPDIR") if key in os.environ}
    return subprocess.run(
        [sys.executable, *args],
        cwd=settings.BASE_DIR,
        env={**kept, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def defined_in_dot_env(name: str) -> bool:
    """Tell whether the checkout's .env file (read by the settings when present) defines ``name``."""
    dot_env = Path(settings.BASE_DIR) / ".env"
    return dot_env.exists() and any(line.strip().startswith(f"{name}=") for line in dot_env.read_text().splitlines())


def test_prod_settings_refuse_to_start_without_a_secret_key():
    if defined_in_dot_env("SECRET_KEY"):
        pytest.skip("this checkout's .env defines SECRET_KEY")
    env = {key: value for key, value in PROD_ENV.items() if key != "SECRET_KEY"}
    result = run(["manage.py", "check"], **env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr


def test_prod_settings_refuse_an_empty_secret_key():
    result = run(["manage.py", "check"], **{**PROD_ENV, "SECRET_KEY": " "})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr


def test_prod_settings_refuse_to_start_without_a_database_url():
    if defined_in_dot_env("DATABASE_URL"):
        pytest.skip("this checkout's .env defines DATABASE_URL")
    env = {key: value for key, value in PROD_ENV.items() if key != "DATABASE_URL"}
    result = run(["manage.py", "check"], **env)
    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr


def test_prod_settings_pass_the_deployment_checklist():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **PROD_ENV)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


SERVE_SCRIPT = """
import json, sys
from wsgiref.util import setup_testing_defaults
from webox.wsgi import application

def fetch(path, https=True):
    environ = {"PATH_INFO": path, "HTTP_HOST": "webox.example", "HTTP_ACCEPT_ENCODING": "gzip, br"}
    if https:
        environ["HTTP_X_FORWARDED_PROTO"] = "https"
    setup_testing_defaults(environ)
    seen = {}
    def start_response(status, headers, exc_info=None):
        seen["status"], seen["headers"] = int(status.split()[0]), dict(headers)
    body = b"".join(application(environ, start_response))
    return {**seen, "length": len(body)}

print(json.dumps({path: fetch(path) for path in sys.argv[1:]} | {"http:/": fetch("/", https=False)}))
"""


def test_static_files_are_hashed_compressed_and_served_with_brotli_and_long_cache(tmp_path):
    static_root = tmp_path / "static"
    env = {**PROD_ENV, "STATIC_ROOT": str(static_root)}
    collect = run(["manage.py", "collectstatic", "--noinput", "-v0", *COLLECT_IGNORE], **env)
    assert collect.returncode == 0, collect.stderr

    manifest = json.loads((static_root / "staticfiles.json").read_text())["paths"]
    own_css, admin_css = manifest["css/webox.css"], manifest["admin/css/base.css"]
    assert own_css != "css/webox.css" and own_css.endswith(".css")
    assert (static_root / own_css).exists()
    assert Path(static_root / f"{admin_css}.br").exists()
    assert Path(static_root / f"{admin_css}.gz").exists()

    served = run(["-c", SERVE_SCRIPT, f"/static/{own_css}", f"/static/{admin_css}"], **env)
    assert served.returncode == 0, served.stderr
    responses = json.loads(served.stdout.strip().splitlines()[-1])
    for path in (f"/static/{own_css}", f"/static/{admin_css}"):
        assert responses[path]["status"] == 200
        directives = dict(
            part.strip().partition("=")[::2] for part in responses[path]["headers"]["Cache-Control"].split(",")
        )
        assert int(directives["max-age"]) >= 365 * 24 * 60 * 60
        assert "immutable" in directives
    compressed = responses[f"/static/{admin_css}"]
    assert compressed["headers"]["Content-Encoding"] == "br"
    assert compressed["length"] < (static_root / admin_css).stat().st_size
    assert responses["http:/"]["status"] == 301
    assert responses["http:/"]["headers"]["Location"] == "https://webox.example/"
