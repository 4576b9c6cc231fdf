"""Time from saving a record to the reloaded page in the browser, with ``privacy serve``.

Copies the real records (and the site configuration) into a temporary
project, starts ``privacy serve --port 0`` there, opens the English page that
shows the recruitment activity's name in headless Chromium (Playwright, Debian's
``/usr/bin/chromium``), then saves a changed name several times and measures,
for each save, the time until the open page has reloaded by itself and shows
the new name. Prints the runs and the best and median times; the README's
number comes from here (``.venv/bin/python benchmarks/bench_preview.py``).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parents[1]
PRIVACY = Path(sys.executable).with_name("privacy")
RECORD = Path("records/activities/recruitment.yaml")
RUNS = 5


def copy_project(dest: Path) -> None:
    shutil.copytree(REPO / "records", dest / "records")
    shutil.copytree(REPO / "overrides", dest / "overrides")
    for name in ("mkdocs.yml", "mkdocs.en.yml"):
        shutil.copy2(REPO / name, dest / name)


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="bench-preview-") as tmp:
        root = Path(tmp)
        copy_project(root)
        serve = subprocess.Popen([str(PRIVACY), "serve", "--port", "0"], cwd=root,
                                 stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                 env={**os.environ, "PYTHONUNBUFFERED": "1"})
        assert serve.stdout is not None
        url = None
        for line in serve.stdout:
            match = re.search(r"serve: (http://127\.0\.0\.1:\d+/)", line)
            if match:
                url = match.group(1)
                break
        if url is None:
            print("serve did not start", file=sys.stderr)
            return 1
        # Keep reading serve's output (a full pipe would block it), echoing its progress.
        threading.Thread(target=lambda: [print("  " + line.rstrip()) for line in serve.stdout
                                         if line.startswith("serve:")], daemon=True).start()
        text = (root / RECORD).read_text("utf-8")
        name = re.search(r'^  en: "?([^"\n]+)"?$', text[text.index("\nname:"):], re.MULTILINE)
        assert name, "recruitment.yaml: no English name"
        page = next(p for p in sorted((root / "site" / "en").rglob("*.html"))
                    if "guide" not in p.parts and name.group(1) in p.read_text("utf-8"))
        times = []
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path="/usr/bin/chromium")
                tab = browser.new_page()
                tab.goto(url + page.relative_to(root / "site").as_posix())
                current = name.group(1)
                for run in range(1, RUNS + 1):
                    new = f"{name.group(1)} (edit {run})"
                    tab.wait_for_timeout(1000)  # the editor's next save, not a burst
                    saved = time.perf_counter()
                    (root / RECORD).write_text(text.replace(current, new, 1), "utf-8")
                    text = (root / RECORD).read_text("utf-8")
                    current = new
                    tab.wait_for_function("t => document.body.innerText.includes(t)", arg=new,
                                          timeout=120_000)
                    times.append(time.perf_counter() - saved)
                    print(f"save {run}: page reloaded with the new text after {times[-1]:.2f} s")
                browser.close()
        finally:
            serve.send_signal(signal.SIGINT)
            serve.wait(timeout=30)
    print(f"save -> reloaded page, real records ({len(times)} saves): best {min(times):.2f} s, "
          f"median {statistics.median(times):.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
