"""pytest-playwright's fixtures, pointed at the simulator.

Registered by the plugin in ``pytest_configure`` (only where pytest-playwright
is installed), after every entry-point plugin, so these definitions win over
pytest-playwright's and pytest-base-url's whatever order those loaded in.
"""

from __future__ import annotations

import pytest

from ..testing import CHROMIUM_ARGS, chromium_env, chromium_executable
from . import password
from .sim import password_header


@pytest.fixture(scope="session")
def base_url(request: pytest.FixtureRequest) -> str:
    """The simulator's address, unless ``--base-url`` or the ini's ``base_url`` names
    one: then that server is used and none is started."""
    config = request.config
    return config.getoption("base_url", None) or config.getini("base_url") or request.getfixturevalue("sim_server").url


@pytest.fixture(scope="session", autouse=True)
def _verify_url(request: pytest.FixtureRequest) -> None:
    # pytest-base-url's check of the same name is autouse and asks for
    # base_url, which would start a simulator for every session, also one
    # without browser tests. Ask only when verifying (starting it verifies).
    if request.config.getoption("verify_base_url", False):
        request.getfixturevalue("base_url")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict, browser_name: str, playwright) -> dict:
    if browser_name != "chromium":
        return browser_type_launch_args
    args = {"env": chromium_env(), **browser_type_launch_args, "args": [*browser_type_launch_args.get("args", []), *CHROMIUM_ARGS]}
    if not {"channel", "executable_path"} & args.keys() and (executable := chromium_executable(playwright)):
        args["executable_path"] = executable
    return args


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict, pytestconfig: pytest.Config) -> dict:
    """A Norwegian browser, as the portal's users have: the file picker's own
    button and dates the browser formats then read as they would for them.

    With a password (``--sim-password``, else ``PORTAL_PASSWORD`` in the
    environment: a simulator behind a password, the plugin's own or one given
    by ``--base-url``) every request carries it in the ``X-Portal-Password``
    header, as ``sim``'s calls do: no login page."""
    args = {"locale": "nb-NO", "timezone_id": "Europe/Oslo", **browser_context_args}
    if secret := password(pytestconfig):
        args["extra_http_headers"] = {**password_header(secret), **args.get("extra_http_headers", {})}
    return args
