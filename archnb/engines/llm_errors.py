"""Provider failures, as archnb explains them: one line that says what happened and how to fix it.

litellm raises OpenAI-style exception classes for every provider; this module maps them to
archnb.errors.ModelError, decides which are worth retrying (rate limits, overload), and
redacts anything key-like from the provider's own text before it reaches a message.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from archnb.env import key_var_for, provider_of, redact
from archnb.errors import ModelError

RETRYABLE_STATUS = (429, 503, 529)
_CONNECTION = re.compile(r"connection error|connection refused|connecterror|failed to establish|name or service not known|nodename nor servname", re.I)
_MISSING_KEY = re.compile(r"missing credentials|missing .*api key|api_key client option must be set|no api key|api key not (set|found)", re.I)
_UNKNOWN_MODEL = re.compile(r"llm provider not provided|model[_ ]not[_ ]found|does not exist|unknown model|invalid model|no such model", re.I)


@dataclass
class CallContext:
    """What a message needs to be specific: the model, where it was called, the time limit."""

    model: str
    api_base: str | None
    timeout: float

    def where(self) -> str:
        if self.api_base:
            return redact(self.api_base)
        provider = provider_of(self.model)
        return f"the {provider} API" if provider else "the provider's API"


def status_of(err: BaseException) -> int | None:
    """Return the HTTP status a litellm exception carries, if any."""
    status = getattr(err, "status_code", None)
    return status if isinstance(status, int) else None


def is_retryable(err: BaseException) -> bool:
    """True for rate limits and overload, which a short wait usually cures."""
    name = type(err).__name__
    if name in ("RateLimitError", "ServiceUnavailableError"):
        return not _CONNECTION.search(str(err))
    return status_of(err) in RETRYABLE_STATUS


def retry_after(err: BaseException) -> float | None:
    """Return the provider's Retry-After in seconds, when it sent a number."""
    response = getattr(err, "response", None)
    headers = getattr(response, "headers", None)
    value = headers.get("retry-after") if headers is not None else None
    try:
        return max(0.0, float(value)) if value is not None else None
    except ValueError:
        return None


_PREFIX = re.compile(r"^\s*(?:litellm\.)?(?:[A-Z]\w*)?(?:Error|Exception|Timeout)\s*[:\-]\s*")


def provider_detail(err: BaseException) -> str:
    """Return the provider's message, first line, without litellm's prefixes or any key."""
    text = str(getattr(err, "message", "") or err)
    while (stripped := _PREFIX.sub("", text, count=1)) != text:
        text = stripped
    text = text.strip()
    line = text.splitlines()[0] if text else type(err).__name__
    return redact(line)[:200]


def model_error(err: BaseException, ctx: CallContext, tries: int = 1) -> ModelError:
    """Return the ModelError that explains a failed model call."""
    name = type(err).__name__
    detail = provider_detail(err)
    status = status_of(err)
    if name == "Timeout" or isinstance(err, TimeoutError) or status == 408:
        return ModelError(
            f"{ctx.model} did not answer within {ctx.timeout:g} s",
            hint="raise the timeout (timeout=..., --timeout) or choose a faster model",
        )
    if _CONNECTION.search(detail) or name == "APIConnectionError":
        return ModelError(
            f"cannot connect to the model server at {ctx.where()}",
            hint="start the server, or fix --api-base / ARCHNB_API_BASE",
        )
    if name == "AuthenticationError" or status == 401 or _MISSING_KEY.search(detail):
        return _key_error(ctx)
    if name == "PermissionDeniedError" or status == 403:
        var = key_var_for(ctx.model) or "the provider's key variable"
        return ModelError(
            f"the API key has no access to {ctx.model}",
            hint=f"check {var} and which models your account may use",
        )
    if name == "NotFoundError" or status == 404 or (name == "BadRequestError" and _UNKNOWN_MODEL.search(detail)):
        return _unknown_model(ctx)
    if name == "RateLimitError" or status == 429:
        return ModelError(
            f"{ctx.model} is rate-limited by the provider (HTTP 429) after {tries} tries",
            hint="wait a minute and rerun, or use another key or model",
        )
    if name == "ContextWindowExceededError":
        return ModelError(
            f"the prompt is longer than {ctx.model} accepts",
            hint="choose fewer skills (--skills) or a model with a larger context window",
        )
    if name == "ContentPolicyViolationError":
        return ModelError("the provider refused the request on content-policy grounds", hint=detail)
    if name == "BadRequestError" or status == 400:
        return ModelError(
            f"the provider refused the request for {ctx.model}: {detail}",
            hint="check the model name and options such as temperature",
        )
    if status is not None and status >= 500:
        return ModelError(
            f"the model server at {ctx.where()} failed (HTTP {status}): {detail}",
            hint="retry later; if it keeps failing, check the server's logs or try another model",
        )
    return ModelError(f"calling {ctx.model} failed: {detail}", hint="rerun; `%architect models` shows the setup")


def _key_error(ctx: CallContext) -> ModelError:
    var = key_var_for(ctx.model) or _litellm_key_var(ctx.model)
    if var is None:
        return ModelError(
            f"the provider refused the credentials for {ctx.model}",
            hint="set the provider's API key variable (see `%architect models`)",
        )
    if os.environ.get(var):
        return ModelError(
            f"the provider rejected the API key in {var} for {ctx.model}",
            hint=f"check {var} (it is set, but was refused), e.g. in .env",
        )
    return ModelError(
        f"no API key for {ctx.model}",
        hint=f"set {var} in the environment or in a .env file in the working folder",
    )


def _litellm_key_var(model: str) -> str | None:
    """Ask litellm which key variable a model needs (only called once litellm is loaded)."""
    try:
        import litellm

        missing = litellm.validate_environment(model).get("missing_keys") or []
    except Exception:  # noqa: BLE001 - an unknown model has no answer here
        return None
    return missing[0] if missing else None


def _unknown_model(ctx: CallContext) -> ModelError:
    hint = "`%architect models` (or `archnb models`) lists examples such as openai/gpt-4o-mini"
    if ctx.api_base:
        hint += f"; also check --api-base {ctx.api_base} (OpenAI-compatible servers usually end in /v1)"
    return ModelError(f"unknown model {ctx.model!r}", hint=hint)
