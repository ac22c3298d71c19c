"""How the e2e suite launches Chromium: shared by e2e/conftest.py and
scripts/ensure_browser.py, so the browser that is chosen is launched the same
way it was tested."""

# The choice file's word for Playwright's own Chromium (no executable_path).
MANAGED = "playwright"
SYSTEM_CHROMIUMS = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
# Headless as root on a closed network: no sandbox, and none of the background
# connections Chromium would otherwise open (and have refused) at every start.
CHROMIUM_FLAGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
)
