"""One adapter for OpenAI and every OpenAI-compatible server (Ollama, vLLM, llama.cpp, LM Studio)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import openai

from interviewer.errors import BackendUnavailableError
from interviewer.llm.base import Prompt


class OpenAIChatBackend:
    """Streams chat completions from `base_url` (None means api.openai.com)."""

    uses_model = True
    free_wording = True

    def __init__(
        self,
        *,
        name: str,
        model: str,
        api_key: str,
        base_url: str | None,
        timeout: float,
        max_retries: int,
        token_param: str = "max_tokens",
    ) -> None:
        self.name = name
        self.model = model
        self._base_url = base_url
        self._token_param = token_param
        # The client opens no connection until the first request.
        self._client = openai.OpenAI(
            api_key=api_key, base_url=base_url, timeout=timeout, max_retries=max_retries
        )

    def _where(self) -> str:
        return self._base_url or "api.openai.com"

    def stream(self, prompt: Prompt) -> Iterator[str]:
        """Yield content deltas; any transport or server failure becomes BackendUnavailableError."""
        request: dict[str, Any] = {
            "model": self.model,
            "messages": [{"role": m.role, "content": m.content} for m in prompt.messages],
            "temperature": prompt.temperature,
            "stream": True,
            self._token_param: prompt.max_tokens,
        }
        if prompt.stop:
            request["stop"] = list(prompt.stop)
        try:
            for chunk in self._client.chat.completions.create(**request):
                if not chunk.choices:
                    continue
                delta = chunk.choices[0].delta
                if delta is not None and delta.content:
                    yield delta.content
        except openai.APITimeoutError as exc:
            raise BackendUnavailableError(
                f"The model server at {self._where()} did not answer in time. Retry, or raise"
                " INTERVIEWER_TIMEOUT_SECONDS."
            ) from exc
        except openai.APIConnectionError as exc:
            raise BackendUnavailableError(
                f"Cannot reach the model server at {self._where()}. Check that it is running and"
                " that INTERVIEWER_BASE_URL is right, then retry."
            ) from exc
        except openai.AuthenticationError as exc:
            raise BackendUnavailableError(
                f"The model server at {self._where()} rejected the API key. Check OPENAI_API_KEY"
                " or INTERVIEWER_API_KEY."
            ) from exc
        except openai.NotFoundError as exc:
            raise BackendUnavailableError(
                f"The model server at {self._where()} does not know model {self.model!r}. Set"
                " INTERVIEWER_MODEL (or INTERVIEWER_OPENAI_MODEL) to a model it serves."
            ) from exc
        except openai.APIStatusError as exc:
            raise BackendUnavailableError(
                f"The model server at {self._where()} answered with HTTP {exc.status_code}. Retry"
                " in a moment; if it persists, check the server's logs."
            ) from exc
        except (openai.APIError, ValueError, KeyError, TypeError) as exc:
            raise BackendUnavailableError(
                f"The model server at {self._where()} sent a reply we could not read ({exc})."
                " Check that it speaks the OpenAI chat-completions API."
            ) from exc
