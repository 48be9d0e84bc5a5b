"""Stopping a process group started for a test (a server, the job workers)."""
from __future__ import annotations

import os
import signal
import subprocess


def kill_group(process: subprocess.Popen | None) -> None:
    """kill -9 the whole group: no chance to clean up."""
    if process is not None and process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def stop_group(process: subprocess.Popen | None, timeout: float) -> None:
    """SIGTERM to the group, then kill -9 if it has not ended within ``timeout`` seconds."""
    if process is not None and process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            kill_group(process)
