"""`python -m celebgraph.server_guard PARENT_PID -- COMMAND...`: exec COMMAND so it dies with PARENT_PID.

Between fork and exec nothing else runs, so this is the safe place (unlike `preexec_fn` in a process
with threads) to ask the kernel for a death signal; it survives the exec. Linux only: elsewhere the
command just runs, and Prefect's exit handler stops it on a normal exit.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def main(argv: list[str]) -> None:
    parent, separator, *command = argv
    if separator != "--" or not command:
        raise SystemExit("usage: python -m celebgraph.server_guard PARENT_PID -- COMMAND...")
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_SET_PDEATHSIG) failed")
    if os.getppid() != int(parent):  # the run died before the death signal was armed
        raise SystemExit(1)
    os.execv(command[0], command)


if __name__ == "__main__":
    main(sys.argv[1:])
