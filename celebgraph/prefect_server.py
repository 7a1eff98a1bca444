"""The run's temporary Prefect server, started so that it never outlives the run.

Without `PREFECT_API_URL` Prefect starts a temporary API server (uvicorn, ~230 MB) in a child process
and stops it at exit. A run killed by SIGKILL or SIGTERM never reaches that exit, so the server was
left behind with parent 1; and Ctrl-C, sent by the terminal to the whole process group, killed the
server while the run went on without it. So the CLI starts that server itself, from the main thread,
through `celebgraph.server_guard`, which asks the kernel to SIGKILL it when the run dies (Linux
PR_SET_PDEATHSIG, which holds for any death, SIGKILL included) and gives it its own session so that the
terminal's Ctrl-C reaches only the run, which then stops the server itself. Prefect's own code then
finds this server already running and uses it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

import prefect
from prefect.server.api.server import SubprocessASGIServer
from prefect.settings import get_current_settings


class RunBoundServer(SubprocessASGIServer):
    """Prefect's temporary server, started through the guard (same command and settings as Prefect's)."""

    def _run_uvicorn_command(self) -> subprocess.Popen[Any]:
        command = [sys.executable, "-m", "uvicorn", "--app-dir", str(prefect.__module_path__.parent),
                   "--factory", "prefect.server.api.server:create_app", "--host", "127.0.0.1",
                   "--port", str(self.port), "--log-level", "error", "--lifespan", "on"]
        env = {**os.environ, "PREFECT_UI_ENABLED": "0", "PREFECT__SERVER_EPHEMERAL": "1",
               "PREFECT__SERVER_FINAL": "1",
               **get_current_settings().to_environment_variables(exclude_unset=True)}
        guard = [sys.executable, "-m", "celebgraph.server_guard", str(os.getpid()), "--", *command]
        return subprocess.Popen(guard, env=env, start_new_session=True)


def start_run_bound_server() -> RunBoundServer | None:
    """Start the temporary server unless a Prefect API is configured; Prefect then uses this one."""
    if get_current_settings().api.url:
        return None
    # Prefect keeps one temporary server per process, keyed by port (None: any free port); registering
    # ours under that key first makes every `SubprocessASGIServer()` of Prefect's return it
    server = RunBoundServer()
    server.start()
    return server
