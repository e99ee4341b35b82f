"""First paint of the dashboard, measured in a real browser: `python -m tooling.dashboard_bench --config FILE`.

Starts the dashboard of the analysis (its snapshot must exist), then in headless Chromium times from navigation to
the headline's first figure on the page: once with the server fresh (the snapshot read from disk), then again in
new pages (the frames cached until the snapshot changes). BENCHMARKS.md records what it printed.
"""

import argparse
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

from presenting.dashboard_server import streamlit_command
from presenting.report import chromium


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def first_paints(config: Path, pages: int) -> list[tuple[float, float]]:
    """(seconds from navigation to the first headline figure, to the whole headline view drawn, its chart too) for
    the first page and `pages` - 1 more, one after another as one analyst would open them."""
    from playwright.sync_api import sync_playwright

    port = _free_port()
    server = subprocess.Popen(streamlit_command(config, port), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(240):
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1):
                    break
            except OSError:
                time.sleep(0.25)
        timings = []
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium(), args=["--no-sandbox", "--disable-gpu"])
            for _ in range(pages):
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                started = time.perf_counter()
                page.goto(url)
                page.wait_for_selector("[data-testid=stMetricValue]", timeout=120_000)
                painted = time.perf_counter() - started
                page.locator("svg[role=img]").first.wait_for(timeout=120_000)  # the headline's chart drawn
                page.wait_for_function(  # Streamlit's "running" indicator gone: the script has drawn the view
                    "() => !document.querySelector('[data-testid=stStatusWidget]')", timeout=120_000
                )
                timings.append((painted, time.perf_counter() - started))
                page.close()
            browser.close()
        return timings
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", type=Path, required=True)
    parser.add_argument("--pages", type=int, default=5)
    args = parser.parse_args()
    timings = first_paints(args.config, args.pages)
    print("first paint / the headline view drawn, s: " + ", ".join(f"{a:.2f} / {b:.2f}" for a, b in timings)
          + " (the first with the server fresh)")  # fmt: skip


if __name__ == "__main__":
    main()
