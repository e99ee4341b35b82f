"""How the dashboard is served: Streamlit on loopback, headless, sending no usage statistics."""

import subprocess
import sys
from pathlib import Path

APP = Path(__file__).with_name("dashboard.py")


def streamlit_command(config_file: Path, port: int) -> list[str]:
    """The command that serves the dashboard of the analysis `config_file` on http://127.0.0.1:<port>."""
    return [
        sys.executable, "-m", "streamlit", "run", str(APP),
        "--server.headless", "true",
        "--server.address", "127.0.0.1",
        "--server.port", str(port),
        "--browser.gatherUsageStats", "false",
        "--client.toolbarMode", "minimal",
        "--", "--config", str(config_file),
    ]  # fmt: skip


def serve(config_file: Path, port: int) -> int:
    """Serve until interrupted (Ctrl-C)."""
    print(f"The dashboard of {config_file}: http://127.0.0.1:{port} (Ctrl-C to stop)", flush=True)
    try:
        return subprocess.call(streamlit_command(config_file, port))
    except KeyboardInterrupt:
        return 0
