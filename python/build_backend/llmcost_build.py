"""The PEP 517 build backend of the llmcost Python package: CMake builds the extension, the
standard library writes the wheel.

In-tree (pyproject.toml's backend-path) and dependency-free, so that
``python3 -m pip install --no-build-isolation .`` works offline for any CPython >= 3.11 that
has pip: no setuptools, wheel or scikit-build is needed, only what building llmcost needs
(g++, CMake, Debian's pybind11-dev, the Python headers). The CMake build directory is
``build/python/<interpreter>/`` and is reused, so a second install only recompiles changes.
config_settings: ``build-dir`` overrides that directory; ``jobs`` the parallel build jobs
(default: $CMAKE_BUILD_PARALLEL_LEVEL, else 2).
"""

import base64
import hashlib
import os
import re
import subprocess
import sys
import sysconfig
import tomllib
import zipfile
from pathlib import Path

ROOT = Path.cwd()
PACKAGE = ROOT / "python" / "llmcost"


def _project():
    with open(ROOT / "pyproject.toml", "rb") as f:
        project = tomllib.load(f)["project"]
    # One version for the C++ tool and the package: CMakeLists.txt's project() line.
    cmake = (ROOT / "CMakeLists.txt").read_text()
    project["version"] = re.search(r"project\(llmcost VERSION ([0-9.]+)", cmake).group(1)
    return project


def _tag():
    impl = sys.implementation
    if impl.name != "cpython":
        raise RuntimeError("llmcost's extension is built for CPython only")
    python = f"cp{sys.version_info.major}{sys.version_info.minor}"
    platform = sysconfig.get_platform().replace("-", "_").replace(".", "_")
    return f"{python}-{python}{sys.abiflags}-{platform}"


def _build_extension(config_settings):
    settings = config_settings or {}
    key = hashlib.sha1(sys.executable.encode()).hexdigest()[:10]
    build_dir = Path(settings.get("build-dir") or ROOT / "build" / "python" / key)
    out = build_dir / "package"
    jobs = str(settings.get("jobs") or os.environ.get("CMAKE_BUILD_PARALLEL_LEVEL") or 2)
    subprocess.run(["cmake", "-S", str(ROOT), "-B", str(build_dir), "-DCMAKE_BUILD_TYPE=Release",
                    "-DLLMCOST_BUILD_PYTHON=ON", f"-DPython_EXECUTABLE={sys.executable}",
                    f"-DLLMCOST_PYTHON_OUTPUT_DIR={out}"], check=True, stdout=sys.stderr)
    subprocess.run(["cmake", "--build", str(build_dir), "--target", "_llmcost", "-j", jobs],
                   check=True, stdout=sys.stderr)
    suffix = sysconfig.get_config_var("EXT_SUFFIX")
    module = out / f"_llmcost{suffix}"
    if not module.exists():
        raise RuntimeError(f"CMake built no {module.name} in {out}")
    return module


def _metadata(project):
    lines = [
        "Metadata-Version: 2.1",
        f"Name: {project['name']}",
        f"Version: {project['version']}",
        f"Summary: {project['description']}",
        f"Requires-Python: {project['requires-python']}",
    ]
    readme = ROOT / project.get("readme", "README.md")
    body = readme.read_text(encoding="utf-8") if readme.exists() else ""
    return "\n".join(lines) + "\nDescription-Content-Type: text/markdown\n\n" + body


def _record_line(name, data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def get_requires_for_build_wheel(config_settings=None):
    return []


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    project = _project()
    module = _build_extension(config_settings)
    name, version, tag = project["name"], project["version"], _tag()
    dist_info = f"{name}-{version}.dist-info"
    files = {}
    for path in sorted(PACKAGE.iterdir()):
        if path.suffix in (".py", ".pyi") or path.name == "py.typed":
            files[f"llmcost/{path.name}"] = path.read_bytes()
    files[f"llmcost/{module.name}"] = module.read_bytes()
    files[f"{dist_info}/METADATA"] = _metadata(project).encode()
    files[f"{dist_info}/WHEEL"] = (
        "Wheel-Version: 1.0\nGenerator: llmcost_build\nRoot-Is-Purelib: false\n"
        f"Tag: {tag}\n").encode()
    files[f"{dist_info}/top_level.txt"] = b"llmcost\n"
    record = [_record_line(n, d) for n, d in files.items()] + [f"{dist_info}/RECORD,,"]
    files[f"{dist_info}/RECORD"] = ("\n".join(record) + "\n").encode()
    wheel_name = f"{name}-{version}-{tag}.whl"
    with zipfile.ZipFile(Path(wheel_directory) / wheel_name, "w", zipfile.ZIP_DEFLATED) as whl:
        for n, data in files.items():
            info = zipfile.ZipInfo(n, date_time=(2020, 1, 1, 0, 0, 0))
            info.external_attr = (0o755 if n.endswith(".so") else 0o644) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            whl.writestr(info, data)
    return wheel_name
