"""%%architect and %architect: the notebook shell over archnb.api.architect.

The magic parses its own options, calls the core, and shows the result; no planning logic
lives here. Loading it must stay near-instant, so this module imports only IPython and
traitlets (already loaded in any IPython session); pydantic, the engines, litellm and
ipywidgets load inside the magic functions, on first use.
"""

from __future__ import annotations

import difflib
import keyword
import os
import re
import shlex
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from IPython.core import magic_arguments as ma
from IPython.core.error import UsageError
from IPython.core.magic import Magics, line_cell_magic, magics_class
from traitlets import Bool, Enum, Float, Int, List, Unicode, validate

ENGINES = ("auto", "offline", "llm")
EXPORT_FORMATS = ("files", "speckit", "kiro", "adr")
SUBCOMMANDS = {
    "help": "this help",
    "skills": "the skills archnb can use, by area",
    "models": "the engine and model a run would use, and which provider keys are set",
    "config": "show settings, or change them: config key=value ...",
    "history": "plans of this session and of the notebook file, with ids and parents",
    "show": "show ID: display a plan again",
    "diff": "diff A B: what changed between two plans",
    "export": "export ID DIR [--format files|speckit|kiro|adr]: write a plan's files",
    "view": "view ID: the interactive viewer for a plan",
}
_ANSWER_LINE = re.compile(r"^\s*(Q\d+)\s*[:=]\s*(.*?)\s*$", re.IGNORECASE)
_BRACES = re.compile(
    r"\{\{(?P<escaped>[^{}\n]*)\}\}|(?P<open>\{\{)|\{(?P<name>[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)\}"
)


class ArchitectFailed(Exception):
    """A run that made no plan. IPython shows `_render_traceback_` instead of a traceback."""

    def _render_traceback_(self) -> list[str]:
        return [f"\x1b[0;31marchnb:\x1b[0m {self}"]


@dataclass
class SessionPlan:
    """One plan of this session: made by a cell or the viewer, or shown with `show`."""

    plan: Any  # TechnicalPlan; the imports stay lazy
    result: Any = None  # the ArchitectResult, when this session made the plan
    created_at: str | None = None
    execution_count: int | None = None
    name: str | None = None
    origin: str = "cell"  # cell | viewer | shown


def interpolate(text: str, namespace: dict) -> str:
    """Return `text` with `{name}` and `{name.attr}` replaced from `namespace`.

    Braces that are not a known variable stay as written (`{"a": 1}`, `{undefined}`);
    `{{` gives `{` and `{{name}}` gives `{name}`, for writing a variable's name literally.
    """

    def replace(match: re.Match) -> str:
        if match.group("escaped") is not None:
            return "{" + match.group("escaped") + "}"
        if match.group("open"):
            return "{"
        root, *attrs = match.group("name").split(".")
        if root not in namespace:
            return match.group(0)
        value = namespace[root]
        for attr in attrs:
            try:
                value = getattr(value, attr)
            except Exception:  # a property may raise anything; then leave the text alone
                return match.group(0)
        return str(value)

    return _BRACES.sub(replace, text)


def split_answers(text: str) -> tuple[str, dict[str, str]]:
    """Return the text without its `Q1: answer` lines, and those answers by question id.

    A line still holding the `<...>` placeholder of the answer template counts as unanswered.
    """
    kept, answers = [], {}
    for line in text.splitlines():
        match = _ANSWER_LINE.match(line)
        if not match:
            kept.append(line)
            continue
        answer = match.group(2)
        if answer and not (answer.startswith("<") and answer.endswith(">")):
            answers[match.group(1).upper()] = answer
    return "\n".join(kept).strip(), answers


def split_words(line: str) -> list[str]:
    """Split an option line like a POSIX shell, but keep backslashes (Windows paths)."""
    lexer = shlex.shlex(line, posix=True)
    lexer.whitespace_split = True
    lexer.escape = ""
    lexer.commenters = ""
    try:
        return list(lexer)
    except ValueError as err:
        raise UsageError(f"cannot read the options: {err} (check the quotes)") from None


def redact(text: str) -> str:
    """Return `text` with keys, tokens and URL passwords replaced by [redacted]."""
    from archnb.env import redact as redact_secrets

    return redact_secrets(text)


def suggest(word: str, choices: Any) -> str:
    """Return ' (did you mean X?)' for a close match among `choices`, else ''."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _usage(message: str, hint: str = "%architect help lists the options") -> UsageError:
    return UsageError(f"{message}; {hint}" if hint else message)



def _documented(doc: str) -> Any:
    """Give a function its docstring (magic_arguments turns it into the help's description)."""

    def apply(func: Any) -> Any:
        func.__doc__ = doc
        return func

    return apply


@dataclass
class PlanRecord:
    """A plan found by reference: from a variable, this session, or the notebook file."""

    plan: Any  # TechnicalPlan
    result: Any = None  # the ArchitectResult when this session made it
    created_at: str | None = None
    where: str = ""

    @property
    def plan_id(self) -> str:
        return self.plan.plan_id


CELL_DOC = """Plan a backend for the brief in the cell body; `%architect SUBCOMMAND` does the rest.

Write the options on the %%architect line and the brief below it. `{name}` in the brief is
replaced by that variable's value; other braces stay as written, and `{{` gives `{`.
Settings that apply to every cell: `%architect config key=value` or `%config ArchitectMagics`.

Subcommands, as `%architect SUBCOMMAND`:
  help                   this help
  skills                 the skills archnb can use, by area
  models                 the engine and model a run would use; which provider keys are set
  config [key=value ...] show the settings, or change them
  history                plans of this session and of the notebook file, with ids and parents
  show ID                display a plan again (it becomes part of the notebook's record)
  diff A B               what changed between two plans
  export ID DIR [--format files|speckit|kiro|adr]
                         write a plan's files into DIR
  view ID                the interactive viewer for a plan
  --refine REF [options] a new version of a plan that keeps its brief (one line, no body)
ID is a plan id or a unique prefix of one, a variable holding a result or plan, or `last`.
"""


@magics_class
class ArchitectMagics(Magics):
    """%%architect (a plan from the brief in the cell) and %architect SUBCOMMAND."""

    engine = Enum(
        list(ENGINES), "auto", help="offline (deterministic, no key), llm, or auto: llm when a model is set"
    ).tag(config=True)
    model = Unicode(
        None, allow_none=True, help="litellm model name, e.g. openai/gpt-4o-mini (default: $ARCHNB_MODEL)"
    ).tag(config=True)
    api_base = Unicode(
        None, allow_none=True, help="OpenAI-compatible base URL, e.g. a LiteLLM proxy (default: $ARCHNB_API_BASE)"
    ).tag(config=True)
    attempts = Int(3, help="tries to get a valid plan, 1 to 10").tag(config=True)
    skills = List(Unicode(), help="use exactly these skills (empty: chosen from the brief)").tag(config=True)
    areas = List(Unicode(), help="use every skill of these areas, e.g. API, Database").tag(config=True)
    mcp = Unicode(None, allow_none=True, help="path of an mcpServers JSON file (llm engine)").tag(config=True)
    principles = Unicode(None, allow_none=True, help="path of a principles.toml to check plans against").tag(
        config=True
    )
    timeout = Float(120.0, help="seconds to wait for each model call").tag(config=True)
    temperature = Float(None, allow_none=True, help="model temperature, 0 to 2 (default: the model's)").tag(
        config=True
    )
    svg = Bool(False, help="also show both diagrams as static SVG images (needs mermaidx)").tag(config=True)
    widget = Bool(False, help="also open the interactive viewer after each plan").tag(config=True)
    verbose = Bool(False, help="print each step, the run's status and warnings").tag(config=True)
    interpolate = Bool(True, help="replace {name} in briefs with the variable's value").tag(config=True)
    notebook = Unicode(
        None, allow_none=True, help="the notebook file whose plans history lists (default: detected)"
    ).tag(config=True)

    def __init__(self, shell: Any = None, **kwargs: Any) -> None:
        super().__init__(shell=shell, **kwargs)
        self.history: list[SessionPlan] = []

    @validate("attempts")
    def _check_attempts(self, proposal: Any) -> int:
        from traitlets import TraitError

        if not 1 <= proposal["value"] <= 10:
            raise TraitError(f"attempts must be between 1 and 10, not {proposal['value']}")
        return proposal["value"]

    @ma.magic_arguments(name="%architect")
    @ma.argument("--engine", metavar="ENGINE", help="offline, llm or auto (default: the engine setting)")
    @ma.argument("-m", "--model", metavar="MODEL", help="litellm model name, e.g. openai/gpt-4o-mini")
    @ma.argument("--api-base", metavar="URL", help="OpenAI-compatible base URL (a LiteLLM proxy, Ollama)")
    @ma.argument("--skills", metavar="NAMES", help="use exactly these skills (%%architect skills lists them)")
    @ma.argument("--areas", metavar="AREAS", help="use every skill of these areas, e.g. API,Database")
    @ma.argument("--attempts", metavar="N", help="tries to get a valid plan, 1 to 10 (default 3)")
    @ma.argument("--mcp", metavar="FILE", help="mcpServers JSON file: live tools for the model")
    @ma.argument("--principles", metavar="FILE", help="principles.toml the plan is checked against")
    @ma.argument("--name", metavar="VAR", help="bind the result (an ArchitectResult) to this variable")
    @ma.argument(
        "--refine",
        metavar="REF",
        help="make a new version of an earlier plan (a variable, a plan id, or last); the cell "
        "body is added to its brief, `Q1: answer` lines answer its open questions, and the "
        "diff against it is shown",
    )
    @ma.argument("--answers", metavar="FILE", help="YAML or JSON mapping question ids to answers (Q1: ...)")
    @ma.argument("--clarify", action="store_true", help="show the plan's open questions, ready to answer")
    @ma.argument(
        "--review",
        action="store_true",
        help="the cell is your own design (Mermaid erDiagram, DDL, components, endpoints) to review",
    )
    @ma.argument("--export", metavar="DIR", help="also write the plan's six files into DIR")
    @ma.argument(
        "--svg",
        action="store_true",
        help="also show the diagrams as static SVG images, for VS Code, GitHub and nbviewer "
        "(with --export, also write architecture.svg and erd.svg)",
    )
    @ma.argument("--widget", action="store_true", help="also open the interactive viewer (ipywidgets)")
    @ma.argument("--no-interpolate", action="store_true", help="keep {name} in the brief as written")
    @ma.argument("-v", "--verbose", action="store_true", help="print each step, the status and warnings")
    @line_cell_magic
    @_documented(CELL_DOC)
    def architect(self, line: str = "", cell: str | None = None) -> None:
        if cell is None:
            self._subcommand(line)
        else:
            self._plan(line, cell)

    # --- %%architect -----------------------------------------------------------------

    def _plan(self, line: str, cell: str) -> None:
        """Run one %%architect cell: parse, plan, remember, show, then export and view."""
        args = self._parse_cell_line(line)
        verbose = args.verbose or self.verbose
        options = self._options(args)
        brief = cell
        if self.interpolate and not args.no_interpolate:
            brief = interpolate(brief, self.shell.user_ns)
        parent = None
        if args.refine:
            parent = self._find(args.refine, "--refine").plan
            brief = self._refinement(brief, parent, options)
        result, progress = self._run(brief, options, verbose)
        self._remember(result, args.name)
        svgs = self._show(result, progress, args, parent)
        self._report(result, verbose)
        if args.export:
            self._export(result, args.export, "files", svgs)
        if args.widget or self.widget:
            self._open_viewer(result)

    def _parse_cell_line(self, line: str) -> Any:
        parser = self.architect.parser
        parser.allow_abbrev = False  # `--mod` must not silently mean --model
        try:
            args, extra = parser.parse_known_args(split_words(line))
        except UsageError as err:
            raise _usage(f"%%architect: {err}") from None
        if extra:
            word = extra[0]
            if word.startswith("-"):
                known = [s for a in parser._actions for s in a.option_strings]
                raise _usage(f"unknown option {word!r}{suggest(word, known)}")
            raise _usage(
                f"unexpected {word!r} on the %%architect line",
                "the brief goes in the cell body, below the %%architect line",
            )
        if args.name is not None and (not args.name.isidentifier() or keyword.iskeyword(args.name)):
            raise _usage(f"--name {args.name!r} is not a Python variable name", "use e.g. --name plan_v1")
        return args

    def _options(self, args: Any) -> dict[str, Any]:
        engine = args.engine or self.engine
        if engine not in ENGINES:
            raise _usage(f"--engine {engine!r} is not an engine{suggest(engine, ENGINES)}", "use offline, llm or auto")
        options: dict[str, Any] = {
            "engine": engine,
            "model": args.model or self.model,
            "api_base": args.api_base or self.api_base,
            "skills": args.skills if args.skills is not None else list(self.skills),
            "areas": args.areas if args.areas is not None else list(self.areas),
            "attempts": _attempts(args.attempts) if args.attempts is not None else self.attempts,
            "mcp": _existing_file(args.mcp or self.mcp, "--mcp"),
            "principles": _existing_file(args.principles or self.principles, "--principles"),
            "timeout": self.timeout,
            "temperature": self.temperature,
            "review": args.review,
            "first_line": 2 if args.review else None,  # line 1 of the cell is %%architect
        }
        if args.answers:
            options["answers"] = load_answers(args.answers)
        return {k: v for k, v in options.items() if v is not None}

    def _refinement(self, brief: str, parent: Any, options: dict[str, Any]) -> str:
        """Return the brief of a new version of `parent`; put answers and parent in `options`."""
        addition, answers = split_answers(brief)
        answers = {**options.get("answers", {}), **answers}
        asked = [q.id for q in parent.open_questions]
        for qid in answers:
            if qid not in asked:
                listed = ", ".join(asked) or "none"
                raise _usage(
                    f"{qid} is not an open question of plan {parent.plan_id}{suggest(qid, asked)}",
                    f"it asks: {listed}",
                )
        options["answers"] = answers
        options["parent"] = parent
        return f"{parent.brief}\n\n{addition}".strip() if addition else parent.brief

    def _run(self, brief: str, options: dict[str, Any], verbose: bool) -> tuple[Any, Any]:
        from archnb.api import architect
        from archnb.errors import ArchnbError, UsageProblem
        from archnb.progress import ProgressLine, detect_mode

        progress = ProgressLine(detect_mode(self.shell, verbose=verbose))
        try:
            return architect(brief, progress=progress, **options), progress
        except UsageProblem as err:
            progress.clear()
            raise UsageError(redact(str(err))) from None
        except ArchnbError as err:
            progress.clear()
            raise ArchitectFailed(redact(str(err))) from None
        except KeyboardInterrupt:
            progress.clear()
            raise ArchitectFailed("interrupted: no plan was made; earlier outputs are unchanged") from None

    def _remember(self, result: Any, name: str | None, origin: str = "cell") -> None:
        count = getattr(self.shell, "execution_count", None) if origin == "cell" else None
        created = result.envelope.created_at
        self.history.append(SessionPlan(result.plan, result, created, count, name, origin))
        if name:
            self.shell.user_ns[name] = result

    def _show(self, result: Any, progress: Any, args: Any, parent: Any) -> list[tuple[dict, dict]]:
        """Display the record and what the options add to it; return the SVG outputs shown."""
        from IPython.display import display

        from archnb.display import META_KEY, bundle, questions_bundle

        svgs = []
        if args.svg or self.svg:
            progress("rendering the diagrams as SVG")
            svgs = self._svgs(result.plan)
        data, metadata = bundle(result)
        if args.name:
            metadata[META_KEY]["name"] = args.name  # notebook.read_plans finds it by name too
        if not progress.replace(data, metadata):
            display(data, metadata=metadata, raw=True)
        for svg_data, svg_meta in svgs:
            display(svg_data, metadata=svg_meta, raw=True)
        if parent is not None:
            self._show_diff(parent, result.plan)
        if args.clarify:
            questions, meta = questions_bundle(result.plan)
            display(questions, metadata=meta, raw=True)
        return svgs

    def _svgs(self, plan: Any) -> list[tuple[dict, dict]]:
        from archnb.display import svg_bundles

        try:
            return svg_bundles(plan)
        except ImportError as err:
            print(f"archnb: no SVG: {err}", file=sys.stderr)
        except RuntimeError as err:  # mermaidx reports a diagram it cannot draw this way
            print(f"archnb: no SVG: {redact(str(err)).splitlines()[0]}", file=sys.stderr)
        except KeyboardInterrupt:  # the plan is made; show it without the pictures
            print("archnb: SVG rendering interrupted; the plan is shown without SVGs", file=sys.stderr)
        return []

    def _show_diff(self, old: Any, new: Any) -> None:
        from IPython.display import display

        from archnb.diff import diff_plans
        from archnb.display import text_bundle

        diff = diff_plans(old, new)
        data, meta = text_bundle(diff.to_markdown(), diff.to_text(), "diff", a=old.plan_id, b=new.plan_id)
        display(data, metadata=meta, raw=True)

    def _report(self, result: Any, verbose: bool) -> None:
        envelope, plan = result.envelope, result.plan
        if not verbose:
            if result.warnings:
                count = len(result.warnings)
                print(f"archnb: {count} warning(s) while loading skills; -v shows them", file=sys.stderr)
            return
        seconds = (envelope.duration_ms or 0) / 1000
        skills = ", ".join(plan.metadata.skills_used) or "none"
        print(
            f"archnb: {envelope.status}: plan {plan.plan_id} by the {plan.metadata.engine} engine "
            f"in {seconds:.1f} s, {plan.metadata.attempts} attempt(s); skills: {skills}"
        )
        for problem in envelope.errors:
            print(f"archnb: error: {redact(problem)}", file=sys.stderr)
        for warning in result.warnings:
            print(f"archnb: warning: {warning}", file=sys.stderr)
        if envelope.next_action:
            print(f"archnb: next: {envelope.next_action}")

    def _export(self, source: Any, folder: str, fmt: str, svgs: list | None = None) -> list[str]:
        """Write the plan's files (and any SVGs shown) into `folder`; print what was written."""
        from archnb.errors import ArchnbError, UsageProblem
        from archnb.export import export_plan, write_files

        plan = getattr(source, "plan", source)
        findings = getattr(source, "findings", None)
        parent = self._parent_of(plan)
        target = Path(folder).expanduser()
        try:
            written = export_plan(plan, target, format=fmt, findings=findings, parent=parent)
            if svgs:
                pictures = {f"{m['archnb']['figure']}.svg": d["image/svg+xml"] for d, m in svgs}
                written += write_files(target, pictures)
        except UsageProblem as err:
            raise UsageError(redact(str(err))) from None
        except ArchnbError as err:
            raise ArchitectFailed(redact(str(err))) from None
        except OSError as err:
            raise ArchitectFailed(f"cannot write into {folder}: {err.strerror or err}") from None
        print(f"archnb: wrote {len(written)} file(s) of plan {plan.plan_id} to {folder}")
        return written

    def _parent_of(self, plan: Any) -> Any:
        """Return the plan `plan` refines when this session or notebook knows it (ADRs use it)."""
        parent_id = plan.metadata.parent_id
        if not parent_id:
            return None
        return next((r.plan for r in self._known_plans() if r.plan_id == parent_id), None)

    def _open_viewer(self, source: Any) -> None:
        from IPython.display import display

        from archnb.widgets import PlanViewer

        viewer = PlanViewer(source, options=self._viewer_options(), remember=self._remember_from_viewer)
        display(viewer)

    def _viewer_options(self) -> dict[str, Any]:
        keys = ("engine", "model", "api_base", "attempts", "timeout", "temperature", "mcp", "principles")
        options = {k: getattr(self, k) for k in keys}
        return {k: v for k, v in options.items() if v is not None}

    def _remember_from_viewer(self, result: Any) -> None:
        self._remember(result, None, origin="viewer")

    # --- %architect SUBCOMMAND -------------------------------------------------------

    def _subcommand(self, line: str) -> None:
        words = split_words(line)
        if not words:
            words = ["help"]
        name, rest = words[0], words[1:]
        if name.startswith("-"):
            self._line_plan(line)
            return
        if name not in SUBCOMMANDS:
            raise _usage(f"unknown subcommand {name!r}{suggest(name, SUBCOMMANDS)}", "%architect help lists them")
        getattr(self, f"_cmd_{name}")(rest)

    def _line_plan(self, line: str) -> None:
        """`%architect --refine REF [options]`: a new version that keeps the parent's brief.

        IPython refuses a %%architect cell with an empty body, so a refinement that only
        answers questions from a file, or only changes options, is written on one line.
        """
        args = self._parse_cell_line(line)
        if not args.refine:
            raise _usage(
                "a new plan needs a brief",
                "write %%architect with the options on its line and the brief below it "
                "(one-line %architect with options is for --refine)",
            )
        self._plan(line, "")

    def _cmd_help(self, words: list[str]) -> None:
        _no_more(words, "help")
        print(self.architect.__doc__)

    def _cmd_skills(self, words: list[str]) -> None:
        from archnb.display import table_bundle
        from archnb.skills import load_skills

        _no_more(words, "skills")
        skillset = load_skills()
        rows = []
        for area, skills in skillset.by_area().items():
            rows += [[s.name, area, s.source, _first_sentence(s.description)] for s in skills]
        title = f"{len(rows)} skills (use them with --skills a,b or --areas {', '.join(_areas(skillset))})"
        _display(table_bundle(title, ["skill", "area", "source", "use it for"], rows, "skills"))
        for warning in skillset.warnings:
            print(f"archnb: warning: {warning}", file=sys.stderr)

    def _cmd_models(self, words: list[str]) -> None:
        import importlib.util

        from archnb.display import table_bundle

        _no_more(words, "models")
        model = self.model or os.environ.get("ARCHNB_MODEL") or None
        api_base = self.api_base or os.environ.get("ARCHNB_API_BASE") or None
        engine = self.engine if self.engine != "auto" else ("llm" if model else "offline")
        keys = _key_names()
        has_litellm = importlib.util.find_spec("litellm") is not None
        rows = [
            ["engine", engine + (" (auto)" if self.engine == "auto" else "")],
            ["model", model or _no_model(engine)],
            ["api base", redact(api_base) if api_base else "the provider's default"],
            ["litellm", "installed" if has_litellm else "not installed: pip install 'archnb[llm]'"],
            ["provider keys set", ", ".join(keys) or "none"],
        ]
        _display(table_bundle("What a %%architect run would use", ["what", "value"], rows, "models"))
        print(
            "Models are litellm names: openai/gpt-4o-mini, anthropic/claude-sonnet-4-5, "
            "ollama/llama3.1 (with --api-base http://localhost:11434), or openai/NAME with "
            "--api-base pointing at a LiteLLM proxy."
        )

    def _cmd_config(self, words: list[str]) -> None:
        traits = self.traits(config=True)
        if not words:
            self._show_settings(sorted(traits))
            return
        for word in words:
            key, eq, raw = word.partition("=")
            key = key.strip().replace("-", "_")
            if key not in traits:
                raise _usage(f"unknown setting {key!r}{suggest(key, traits)}", "%architect config lists them")
            if not eq:
                self._show_settings([key])
                continue
            value = _convert(key, traits[key], raw.strip())
            try:
                setattr(self, key, value)
            except Exception as err:  # traitlets raises TraitError with a long message
                raise _usage(str(err).splitlines()[0], "") from None
            print(f"archnb: {key} = {redact(repr(getattr(self, key)))}")

    def _show_settings(self, names: list[str]) -> None:
        from archnb.display import table_bundle

        traits = self.traits(config=True)
        rows = [[n, redact(repr(getattr(self, n))), traits[n].help] for n in names]
        _display(table_bundle("archnb settings (%architect config key=value)", ["setting", "value", "meaning"], rows, "config"))

    def _cmd_history(self, words: list[str]) -> None:
        from archnb.display import table_bundle

        _no_more(words, "history")
        records = self._known_plans()
        if not records:
            print("archnb: no plans yet in this session or notebook; run a %%architect cell")
            return
        by_id = {r.plan_id: r for r in records}
        rows = [
            [
                r.plan_id,
                r.plan.metadata.parent_id or "",
                f"v{_version(r.plan, by_id)}",
                r.created_at or "",
                r.plan.metadata.model or r.plan.metadata.engine,
                r.plan.title,
                r.where,
            ]
            for r in records
        ]
        headers = ["id", "parent", "version", "created", "engine", "title", "where"]
        _display(table_bundle(f"{len(rows)} plan(s)", headers, rows, "history"))

    def _cmd_show(self, words: list[str]) -> None:
        from archnb.display import bundle

        record = self._find(_one(words, "show ID"), "show")
        data, metadata = bundle(record.result or record.plan)
        for meta in metadata.values():
            meta["created_at"] = meta.get("created_at") or record.created_at
        _display((data, metadata))
        if all(entry.plan.plan_id != record.plan_id for entry in self.history):
            count = getattr(self.shell, "execution_count", None)
            entry = SessionPlan(record.plan, record.result, record.created_at, count, None, "shown")
            self.history.append(entry)  # now in the notebook, so --refine ID must find it

    def _cmd_diff(self, words: list[str]) -> None:
        if len(words) != 2:
            raise _usage("diff takes two plans: %architect diff A B", "A and B are plan ids or variables")
        old, new = (self._find(w, "diff") for w in words)
        self._show_diff(old.plan, new.plan)

    def _cmd_export(self, words: list[str]) -> None:
        fmt = "files"
        if "--format" in words:
            at = words.index("--format")
            if at + 1 >= len(words):
                raise _usage("--format needs a value", f"one of {', '.join(EXPORT_FORMATS)}")
            fmt = words[at + 1]
            words = words[:at] + words[at + 2 :]
        if fmt not in EXPORT_FORMATS:
            raise _usage(f"unknown format {fmt!r}{suggest(fmt, EXPORT_FORMATS)}", f"use {', '.join(EXPORT_FORMATS)}")
        if len(words) != 2 or words[0].startswith("-") or words[1].startswith("-"):
            raise _usage("export takes a plan and a folder: %architect export ID DIR [--format F]", "")
        record = self._find(words[0], "export")
        self._export(record.result or record.plan, words[1], fmt)

    def _cmd_view(self, words: list[str]) -> None:
        record = self._find(_one(words, "view ID"), "view")
        self._open_viewer(record.result or record.plan)

    # --- finding plans -----------------------------------------------------------------

    def _find(self, ref: str, what: str) -> PlanRecord:
        """Return the plan `ref` names: a variable, `last`, or a plan id (or unique prefix)."""
        from archnb.plan import TechnicalPlan

        if ref.isidentifier() and ref in self.shell.user_ns:
            value = self.shell.user_ns[ref]
            plan = getattr(value, "plan", value)
            if isinstance(plan, TechnicalPlan):
                return PlanRecord(plan, value if plan is not value else None, where=f"variable {ref}")
            if ref != "last":
                kind = type(value).__name__
                raise _usage(f"{what}: variable {ref!r} holds a {kind}, not a plan", "give a plan id or a result")
        records = self._known_plans()
        if ref == "last":
            if not records:
                raise _usage(f"{what}: no plans yet", "run a %%architect cell first")
            return self._session_records()[-1] if self.history else records[-1]
        matches = {r.plan_id: r for r in records if r.plan_id == ref}
        if not matches and len(ref) >= 4:
            matches = {r.plan_id: r for r in records if r.plan_id.startswith(ref)}
        if len(matches) == 1:
            return next(iter(matches.values()))
        if matches:
            raise _usage(f"{what}: {ref!r} matches plans {', '.join(sorted(matches))}", "give more characters")
        ids = [r.plan_id for r in records]
        raise _usage(f"{what}: no plan {ref!r} in this session or notebook{suggest(ref, ids)}", "%architect history lists them")

    def _session_records(self) -> list[PlanRecord]:
        records = []
        for entry in self.history:
            where = f"In [{entry.execution_count}]" if entry.execution_count else entry.origin
            if entry.origin == "shown":
                where += " (shown)"
            if entry.name:
                where += f" as {entry.name}"
            records.append(PlanRecord(entry.plan, entry.result, entry.created_at, f"session {where}"))
        return records

    def _known_plans(self) -> list[PlanRecord]:
        """Return this session's plans, then the notebook file's plans not made in this session."""
        records = self._session_records()
        seen = {r.plan_id for r in records}
        for record in self._notebook_records():
            if record.plan_id not in seen:
                seen.add(record.plan_id)
                records.append(record)
        return records

    def _notebook_records(self) -> list[PlanRecord]:
        path = self.notebook_path()
        if path is None:
            return []
        from archnb.errors import ArchnbError

        try:
            from archnb.notebook import read_plans

            found = read_plans(path)
        except (ImportError, ArchnbError, OSError, ValueError) as err:
            print(f"archnb: cannot read the plans of {path.name}: {redact(str(err))}", file=sys.stderr)
            return []
        return [
            PlanRecord(
                item.plan,
                None,
                getattr(item, "created_at", None),
                f"{path.name} cell {getattr(item, 'cell_index', '?')}",
            )
            for item in found
        ]

    def notebook_path(self) -> Path | None:
        """Return the notebook file this kernel runs, when it can be known."""
        ns = self.shell.user_ns
        for candidate in (
            self.notebook,
            ns.get("__vsc_ipynb_file__"),
            ns.get("__session__"),
            os.environ.get("JPY_SESSION_NAME"),
        ):
            if isinstance(candidate, (str, Path)) and str(candidate).endswith(".ipynb"):
                path = Path(candidate).expanduser()
                if path.is_file():
                    return path
        return None


# --- helpers the magic uses ---------------------------------------------------------------


def load_answers(path: str) -> dict[str, str]:
    """Return the answers in a YAML or JSON file mapping question ids (Q1, ...) to answers."""
    import json

    import yaml

    file = Path(path).expanduser()
    if not file.is_file():
        raise _usage(f"--answers: no file {path!r}", "give a YAML or JSON file like `Q1: PostgreSQL`")
    text = file.read_text(encoding="utf-8")
    try:
        # BaseLoader keeps every value a string: YAML 1.1 would turn `Q1: yes` into True.
        data = json.loads(text) if text.lstrip().startswith("{") else yaml.load(text, Loader=yaml.BaseLoader)
    except (ValueError, yaml.YAMLError) as err:
        mark = getattr(err, "problem_mark", None) or getattr(err, "lineno", None)
        line = getattr(mark, "line", None)
        at = f" line {line + 1}" if isinstance(line, int) else (f" line {mark}" if isinstance(mark, int) else "")
        raise _usage(f"--answers {path}{at}: not valid YAML or JSON", "write one `Q1: answer` per line") from None
    if not isinstance(data, dict):
        raise _usage(f"--answers {path}: expected a mapping of question ids to answers", "write `Q1: answer`")
    answers = {}
    for key, value in data.items():
        qid = str(key).strip().upper()
        if not re.fullmatch(r"Q\d+", qid):
            raise _usage(f"--answers {path}: {key!r} is not a question id", "ids look like Q1, Q2")
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value)
        if value is None or isinstance(value, dict) or not str(value).strip():
            raise _usage(f"--answers {path}: {qid} has no answer", "write the answer after the colon")
        answers[qid] = str(value).strip()
    return answers


def _attempts(raw: str) -> int:
    try:
        value = int(raw)
    except ValueError:
        raise _usage(f"--attempts {raw!r} is not a number", "use a whole number from 1 to 10") from None
    if not 1 <= value <= 10:
        raise _usage(f"--attempts {value} is out of range", "use a whole number from 1 to 10")
    return value


def _existing_file(path: str | None, option: str) -> str | None:
    if path and not Path(path).expanduser().is_file():
        raise _usage(f"{option}: no file {path!r}", "check the path (relative to the notebook's folder)")
    return path


_TRUE = {"true", "yes", "on", "1"}
_FALSE = {"false", "no", "off", "0"}


def _convert(key: str, trait: Any, raw: str) -> Any:
    """Return the config value `raw` as the type of `trait`, or raise a UsageError."""
    if isinstance(trait, Bool):
        if raw.lower() in _TRUE | _FALSE:
            return raw.lower() in _TRUE
        raise _usage(f"{key} takes true or false, not {raw!r}", "")
    if isinstance(trait, List):
        return [part.strip() for part in raw.split(",") if part.strip()]
    if getattr(trait, "allow_none", False) and raw.lower() in ("", "none", "null"):
        return None
    if isinstance(trait, Enum) and raw not in trait.values:
        raise _usage(f"{key} {raw!r} is not one of {', '.join(trait.values)}{suggest(raw, trait.values)}", "")
    if isinstance(trait, (Int, Float)):
        try:
            return int(raw) if isinstance(trait, Int) else float(raw)
        except ValueError:
            raise _usage(f"{key} takes a number, not {raw!r}", "") from None
    return raw


def _version(plan: Any, by_id: dict[str, PlanRecord]) -> int:
    """Return 1 for an original plan, 2 for its refinement, and so on along the parents."""
    depth, parent, seen = 1, plan.metadata.parent_id, set()
    while parent and parent not in seen:
        seen.add(parent)
        depth += 1
        record = by_id.get(parent)
        parent = record.plan.metadata.parent_id if record else None
    return depth


def _key_names() -> list[str]:
    """Return the provider key variables set here or in ./.env (names only, never values)."""
    from archnb.env import dotenv_path, key_variables, parse_dotenv

    names = {k for k, v in os.environ.items() if v and (k.endswith("_API_KEY") or k in key_variables())}
    path = dotenv_path()
    if path is not None:
        try:
            in_file = parse_dotenv(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            in_file = {}
        names |= {f"{k} (.env)" for k, v in in_file.items() if v and k in key_variables() and k not in names}
    return sorted(names)


def _no_model(engine: str) -> str:
    if engine == "llm":
        return "none set: the llm engine needs one (--model or ARCHNB_MODEL)"
    return "none: the offline engine plans without a model"


def _first_sentence(text: str, limit: int = 110) -> str:
    sentence = text.split(". ")[0].rstrip(".")
    return sentence if len(sentence) <= limit else sentence[: limit - 1].rstrip() + "…"


def _areas(skillset: Any) -> list[str]:
    return list(skillset.by_area())


def _no_more(words: list[str], name: str) -> None:
    if words:
        raise _usage(f"{name} takes no arguments, got {' '.join(words)!r}", "")


def _one(words: list[str], usage: str) -> str:
    if len(words) != 1:
        raise _usage(f"expected %architect {usage}", "ID is a plan id, a variable, or last")
    return words[0]


def _display(data_and_metadata: tuple[dict, dict]) -> None:
    from IPython.display import display

    data, metadata = data_and_metadata
    display(data, metadata=metadata, raw=True)


# --- loading -------------------------------------------------------------------------------


def register(ipython: Any) -> ArchitectMagics:
    """Register %%architect / %architect with `ipython`; loading twice keeps the first."""
    existing = ipython.magics_manager.registry.get(ArchitectMagics.__name__)
    if isinstance(existing, ArchitectMagics):
        return existing
    magics = ArchitectMagics(shell=ipython)  # appends itself to ipython.configurables
    ipython.register_magics(magics)
    return magics


def unregister(ipython: Any) -> None:
    """Remove the magics and their settings from `ipython` (`%unload_ext archnb`)."""
    manager = ipython.magics_manager
    magics = manager.registry.pop(ArchitectMagics.__name__, None)
    for kind in ("line", "cell"):
        table = manager.magics[kind]
        bound = table.get("architect")
        if bound is not None and getattr(bound, "__self__", None) is magics:
            del table["architect"]
    if magics in ipython.configurables:
        ipython.configurables.remove(magics)
