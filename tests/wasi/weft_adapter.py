"""Runtime adapter for WebAssembly/wasi-testsuite's runner (run-tests -r).

    WEFT=/path/to/weft python3 <suite>/run-tests -r tests/wasi/weft_adapter.py

weft runs preview-1 command modules with wasmtime's flags: --env K=V and
--dir HOST::GUEST (the suite's root directory is preopened as "/")."""
import os
import shlex
import subprocess
from typing import Dict, List, Optional, Tuple

WEFT = shlex.split(os.getenv("WEFT", "weft"))


def get_name() -> str:
    return "weft"


def get_version() -> str:
    # weft has no --version yet; make sure the binary at least starts.
    subprocess.run(WEFT[0:1] + ["help"], capture_output=True, check=True)
    return "0.1.0"


def get_wasi_versions() -> List[str]:
    return ["wasm32-wasip1"]


def get_wasi_worlds() -> List[str]:
    return ["wasi:cli/command"]


def compute_argv(test_path: str,
                 args_env_root: Tuple[List[str], Dict[str, str], Optional[str]],
                 proposals: List[str],
                 wasi_world: str,
                 wasi_version: str) -> List[str]:
    args, env, root = args_env_root
    argv = WEFT + ["run"]
    for k, v in env.items():
        argv += ["--env", f"{k}={v}"]
    if root:
        argv += ["--dir", f"{root}::/"]
    argv += [test_path]
    argv += args
    return argv
