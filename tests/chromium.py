"""How the browser tests start Debian's Chromium (never a browser downloaded by a test tool).

Without the background-networking flags Chromium tries to reach Google's
services at start-up, which this offline setting refuses.
"""

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SCREENSHOTS = ROOT / "_build" / "screenshots"
