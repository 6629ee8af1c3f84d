"""Running `citetrace` in a child process under the conditions a test needs: file permissions that apply (root
gives up its override first) or a disk that fills up (a file size limit, as a full disk fails a write)."""
from __future__ import annotations

import ctypes
import os
import resource
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PR_CAPBSET_DROP = 24
CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH = 1, 2


def _drop_permission_override() -> None:
    """In the child, before exec: give up root's right to ignore file permissions (its capability bounding set)."""
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH):
        if libc.prctl(PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def _file_size_limit(limit: int) -> Callable[[], None]:
    def limit_writes() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return limit_writes


def _run(args: tuple[str, ...], cwd: Path, preexec: Callable[[], None] | None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "citetrace", *args], cwd=cwd, capture_output=True, text=True, preexec_fn=preexec,
        env={**os.environ, "PYTHONPATH": str(ROOT), "XDG_CACHE_HOME": str(cwd / "cache")},
    )


def run_unprivileged(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """`citetrace ARGS` as a process that file permissions apply to."""
    return _run(args, cwd, _drop_permission_override if os.geteuid() == 0 else None)


def run_with_full_disk(*args: str, cwd: Path, free_bytes: int) -> subprocess.CompletedProcess:
    """`citetrace ARGS` where no file may grow past `free_bytes` (writes beyond fail with EFBIG)."""
    return _run(args, cwd, _file_size_limit(free_bytes))
