"""The sitemap.xml script in docs/api.md#sitemap works: run with Node against a live CMS, it
writes a valid sitemap with one `<url>` per sitemap item and its `hreflang` alternates."""

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from wagtail.models import Page

from cluster.models import NewsItem

DOCS = Path(__file__).resolve().parent.parent.parent / "docs" / "api.md"
NAMESPACES = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "x": "http://www.w3.org/1999/xhtml",
}


def documented_script():
    section = DOCS.read_text().split("## Sitemap", 1)[1].split("\n## ", 1)[0]
    [script] = re.findall(r"```js\n(.*?)```", section, flags=re.DOTALL)
    return script


@pytest.mark.skipif(shutil.which("node") is None, reason="needs Node")
def test_the_documented_script_writes_a_sitemap(live_server, settings, tmp_path, db):
    settings.FRONTEND_BASE_URL = "https://cities.example.org"
    script = tmp_path / "sitemap.mjs"
    script.write_text(documented_script())
    result = subprocess.run(
        ["node", str(script), live_server.url], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    urls = ET.fromstring(result.stdout).findall("s:url", NAMESPACES)
    pages = Page.objects.live().filter(depth__gt=1).count()
    assert len(urls) == pages + NewsItem.objects.filter(live=True).count()
    first = urls[0]
    assert first.find("s:loc", NAMESPACES).text == "https://cities.example.org/en/"
    alternates = [link.attrib["hreflang"] for link in first.findall("x:link", NAMESPACES)]
    assert alternates == ["en", "zh-Hans", "es"]
