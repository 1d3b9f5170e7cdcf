"""The HTML report in a real browser (headless Chromium): it fetches nothing, and its
pictures and tables fit the window, with run labels as long as real ones.

Chromium is Debian's ``chromium`` package (``.ci/run`` installs it). Without it the test
is skipped, unless ``HOMOG_REQUIRE_BROWSER=1`` (CI), where a missing browser fails.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import struct
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from homog_bench.report.html import to_html
from homog_bench.report.leaderboard import Leaderboard, build

CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
)
LONG = (
    "anthropic/claude-3-5-haiku-20241022 -T seed=1 -T n=40 -T max_tokens=300 "
    "-T temperature=1.3 -T prompts=person,nurse,ceo,scientist,teacher,pilot"
)
# after the page has loaded: where each table and picture ends, what the page fetched
MEASURE = """<script>
window.addEventListener("load", () => {
  const out = {
    viewport: document.documentElement.clientWidth,
    scroll: document.documentElement.scrollWidth,
    boxes: [...document.querySelectorAll("table, img")].map(e => {
      const r = e.getBoundingClientRect();
      return [e.tagName, Math.round(r.left), Math.round(r.right), e.naturalWidth || null];
    }),
    fetched: performance.getEntriesByType("resource").map(e => e.name),
  };
  const pre = document.createElement("pre");
  pre.id = "measure";
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
});
</script>"""


def chromium() -> str:
    found = shutil.which("chromium")
    if found is None:
        if os.environ.get("HOMOG_REQUIRE_BROWSER") == "1":
            pytest.fail("chromium is not installed (apt-get install -y chromium)")
        pytest.skip("chromium is not installed")
    return found


def browse(page: Path, tmp: Path, width: int, *args: str) -> str:
    """Run headless Chromium on ``page`` with a fresh profile; its stdout."""
    profile = tmp / f"profile-{width}-{len(args)}"
    command = [
        chromium(),
        *CHROMIUM_FLAGS,
        f"--user-data-dir={profile}",
        f"--window-size={width},900",
        "--virtual-time-budget=5000",
        *args,
        page.as_uri(),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def long_labels(board: Leaderboard) -> Leaderboard:
    """The same leaderboard with run labels as long as real ones (each still distinct)."""
    for block in board.blocks:
        block.runs = [replace(r, label=f"{LONG} -M tag={r.model}") for r in block.runs]
    return board


@pytest.mark.slow  # about 10 s of browser runs besides the shared log fixtures
@pytest.mark.parametrize("width", [1024, 800])
def test_report_fits_the_window_and_fetches_nothing(
    embedded_logs: Path, tmp_path: Path, width: int
) -> None:
    board = long_labels(build(str(embedded_logs), examples=True))
    html = to_html(board)
    # no external resource: every picture is a data URI, no stylesheet, font or script URL
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", html)
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", html)
    assert html.count('src="data:image/png;base64,') == 3
    page = tmp_path / "report.html"
    page.write_text(html.replace("</body>", MEASURE + "</body>"), encoding="utf-8")
    dom = browse(page, tmp_path, width, "--dump-dom")
    found = re.search(r'<pre id="measure">(.*?)</pre>', dom, re.S)
    assert found is not None, "the measuring script did not run"
    measure = json.loads(found.group(1).replace("&quot;", '"').replace("&amp;", "&"))
    assert measure["fetched"] == []
    viewport = measure["viewport"]
    assert viewport == width
    boxes = measure["boxes"]
    assert sum(1 for b in boxes if b[0] == "IMG") == 3
    assert all(b[3] for b in boxes if b[0] == "IMG"), "a picture did not load"
    assert sum(1 for b in boxes if b[0] == "TABLE") >= 4
    wide = [b for b in boxes if b[1] < 0 or b[2] > viewport]
    assert wide == [], f"wider than the {viewport}px window: {wide}"
    assert measure["scroll"] <= viewport
    # a screenshot of the page as a reader sees it
    shot = tmp_path / f"report-{width}.png"
    browse(page, tmp_path, width, f"--screenshot={shot}")
    assert png_size(shot) == (width, 900)
