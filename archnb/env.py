"""The environment around a model call: `.env` files, provider key variables, secret redaction.

No python-dotenv: the format archnb reads is small (KEY=VALUE, optional `export`, quotes,
comments) and a dependency for it is not worth its weight. Nothing here imports litellm,
so `%architect models` stays instant.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from pathlib import Path

# Providers' usual key variables, by litellm provider prefix. None: no key is needed.
PROVIDER_KEYS: dict[str, str | None] = {
    "openai": "OPENAI_API_KEY",
    "text-completion-openai": "OPENAI_API_KEY",
    "anthropic": "ANTHROPIC_API_KEY",
    "gemini": "GEMINI_API_KEY",
    "mistral": "MISTRAL_API_KEY",
    "groq": "GROQ_API_KEY",
    "deepseek": "DEEPSEEK_API_KEY",
    "openrouter": "OPENROUTER_API_KEY",
    "xai": "XAI_API_KEY",
    "together_ai": "TOGETHERAI_API_KEY",
    "fireworks_ai": "FIREWORKS_AI_API_KEY",
    "cohere": "COHERE_API_KEY",
    "perplexity": "PERPLEXITYAI_API_KEY",
    "azure": "AZURE_API_KEY",
    "huggingface": "HF_TOKEN",
    "ollama": None,
    "ollama_chat": None,
    "lm_studio": None,
    "hosted_vllm": None,
    "llamafile": None,
}

# Bare model names litellm routes without a prefix.
_BARE_PREFIXES = (
    ("gpt-", "openai"),
    ("o1", "openai"),
    ("o3", "openai"),
    ("o4", "openai"),
    ("chatgpt-", "openai"),
    ("claude-", "anthropic"),
)

_SECRET_NAME = re.compile(r"(_KEY|_TOKEN|_SECRET|_PASSWORD|API_KEY)$", re.IGNORECASE)
_SECRET_PATTERNS = [
    # OpenAI, Anthropic and most OpenAI-style keys
    (re.compile(r"\bsk-[A-Za-z0-9_\-]{6,}"), "sk-[redacted]"),
    (re.compile(r"(?i)\b(bearer\s+)[A-Za-z0-9._~+/\-]{8,}=*"), r"\1[redacted]"),
    (
        re.compile(r"(?i)((?:api[_-]?key|access[_-]?token|token|secret|password)[\"']?\s*[:=]\s*[\"']?)[^\s\"',;&]{6,}"),
        r"\1[redacted]",
    ),
    (re.compile(r"(?i)\b(https?://)[^/\s:@]+:[^/\s@]+@"), r"\1[redacted]@"),  # user:password@host
    (re.compile(r"\bAKIA[0-9A-Z]{16}\b"), "[redacted]"),  # AWS access key id
    (re.compile(r"\bAIza[0-9A-Za-z_\-]{30,}"), "[redacted]"),  # Google API key
    (re.compile(r"\b(?:ghp|gho|github_pat|xox[abp])_?[A-Za-z0-9_\-]{16,}"), "[redacted]"),
]


def provider_of(model: str) -> str | None:
    """Return the litellm provider a model string names (its prefix), or None if unknown."""
    if "/" in model:
        return model.split("/", 1)[0].lower()
    lowered = model.lower()
    for prefix, provider in _BARE_PREFIXES:
        if lowered.startswith(prefix):
            return provider
    return None


def key_var_for(model: str) -> str | None:
    """Return the environment variable that holds the key for `model`, or None if none is known."""
    provider = provider_of(model)
    return PROVIDER_KEYS.get(provider) if provider else None


def key_variables() -> list[str]:
    """Return the distinct provider key variable names, in table order."""
    return list(dict.fromkeys(v for v in PROVIDER_KEYS.values() if v))


# --- .env ------------------------------------------------------------------------------

_LINE = re.compile(r"^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$")


def parse_dotenv(text: str) -> dict[str, str]:
    """Return the KEY=VALUE pairs of a .env text; malformed lines are skipped."""
    values: dict[str, str] = {}
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = _LINE.match(line)
        if match:
            values[match.group(1)] = _unquote(match.group(2))
    return values


def _unquote(raw: str) -> str:
    if raw[:1] in ("'", '"'):
        quote = raw[0]
        end = raw.find(quote, 1)
        if end > 0:
            inner = raw[1:end]
            if quote == '"':
                inner = inner.replace("\\n", "\n").replace('\\"', '"')
            return inner
    # An unquoted value ends at a comment that follows whitespace.
    return re.split(r"\s+#", raw, maxsplit=1)[0].strip()


def dotenv_path(cwd: Path | str | None = None) -> Path | None:
    """Return the .env file of the working folder, or None when there is none."""
    path = Path(cwd or Path.cwd()) / ".env"
    return path if path.is_file() else None


def load_dotenv(cwd: Path | str | None = None, environ: dict[str, str] | None = None) -> list[str]:
    """Load `.env` from `cwd` into the environment without overriding set variables.

    Returns the names that were set (never their values).
    """
    environ = os.environ if environ is None else environ
    path = dotenv_path(cwd)
    if path is None:
        return []
    try:
        pairs = parse_dotenv(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return []  # an unreadable .env is the same as none; the key check will say what is missing
    loaded = []
    for name, value in pairs.items():
        if name not in environ:
            environ[name] = value
            loaded.append(name)
    return loaded


# --- redaction -------------------------------------------------------------------------


def secret_values(environ: Mapping[str, str] | None = None) -> list[str]:
    """Return the values of secret-looking variables (names ending in _KEY, _TOKEN, ...)."""
    environ = os.environ if environ is None else environ
    found = {v for k, v in environ.items() if _SECRET_NAME.search(k) and len(v) >= 6}
    return sorted(found, key=len, reverse=True)


def redact(text: str, extra: Iterable[str] = (), environ: Mapping[str, str] | None = None) -> str:
    """Return `text` with keys and tokens replaced by [redacted].

    Covers the values of secret-looking environment variables, `extra` values (such as MCP
    header values), and common key shapes (sk-..., Bearer ..., api_key=...).
    """
    if not text:
        return text
    for value in [*sorted((e for e in extra if e and len(e) >= 6), key=len, reverse=True),
                  *secret_values(environ)]:
        text = text.replace(value, "[redacted]")
    for pattern, replacement in _SECRET_PATTERNS:
        text = pattern.sub(replacement, text)
    return text
