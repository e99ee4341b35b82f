"""Browser tests' tools: a page whose console errors and requests off the machine are collected, screenshots for a
person to look at (screenshots/ at the project's root, git-ignored), and a free port on loopback for a server."""

import socket
from pathlib import Path
from urllib.parse import urlparse

from tests.helpers import ROOT

SCREENSHOTS = ROOT / "screenshots"
LOCAL_HOSTS = {"127.0.0.1", "localhost"}


class Watched:
    """A page whose console errors and requests to other machines are collected as it is used."""

    def __init__(self, browser):
        self.page = browser.new_page(viewport={"width": 1400, "height": 1000})
        self.errors: list[str] = []
        self.outside: list[str] = []
        self.page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("request", lambda request: self._request(request.url))
        self.page.on("websocket", lambda socket: self._request(socket.url))

    def _request(self, url: str) -> None:
        parsed = urlparse(url)
        if parsed.scheme not in {"file", "data", "blob", "about"} and parsed.hostname not in LOCAL_HOSTS:
            self.outside.append(url)

    def screenshot(self, name: str) -> Path:
        SCREENSHOTS.mkdir(exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        self.page.screenshot(path=path, full_page=True)
        return path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
