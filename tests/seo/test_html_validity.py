"""The main public pages are valid HTML for the Nu HTML Checker (vnu-jar from npm, run with Java).

`make test` and .ci/run install vnu-jar with `npm ci`; without Java or node_modules the test is skipped.
All pages are checked by one run of the checker (one JVM start).
"""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from tests.blog.factories import PostFactory

VNU_JAR = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
PAGES = {
    "home": "/",
    "catalogue": "/shop/",
    "category": "/shop/c/maison/",
    "product": "/shop/p/lampe/",
    "post": "/blog/bienvenue/",
    "faq": "/help/",
    "home-en": "/en/",
    "product-en": "/en/shop/p/lampe/",
}

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(shutil.which("java") is None, reason="Java is not installed: the Nu HTML Checker needs it"),
    pytest.mark.skipif(not VNU_JAR.exists(), reason=f"{VNU_JAR} is missing: run `npm ci` (make test does)"),
]


def _vnu_errors(files: list[Path]) -> list[dict]:
    """Run the checker once on ``files`` and return its error messages."""
    command = ["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", "--stdout", *map(str, files)]
    completed = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    return [message for message in json.loads(completed.stdout)["messages"] if message["type"] == "error"]


def test_main_public_pages_pass_the_nu_html_checker(client, catalogue, tmp_path):
    """Home, listings, product, post and FAQ pages have no error for the Nu HTML Checker."""
    PostFactory(
        slug="bienvenue", title="Bienvenue", body="## Un titre\n\nDu *texte* et un [lien](https://example.com)."
    )
    files = []
    for name, url in PAGES.items():
        response = client.get(url)
        assert response.status_code == 200, url
        files.append(tmp_path / f"{name}.html")
        files[-1].write_bytes(response.content)
    errors = _vnu_errors(files)
    report = [f"{Path(error['url']).name}:{error.get('lastLine')}: {error['message']}" for error in errors]
    assert report == [], "\n".join(report)
