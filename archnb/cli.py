"""The `archnb` command: a thin shell over the library.

Each command parses its arguments, calls archnb's functions and prints their result.
archnb's errors become one line on stderr (`archnb: error: ...`) and an exit code:
2 for a usage problem (bad option, missing file), 1 when planning or a check failed.
Modules load on first use so that `archnb --help` starts quickly.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import sys
from pathlib import Path
from typing import Any

from archnb import __version__
from archnb.errors import ArchnbError, SourceError, UsageProblem

PROG = "archnb"
FORMATS = ("files", "speckit", "kiro", "adr")
EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130

DESCRIPTION = """\
Design backends from a brief: archnb turns a product description into a checked
Technical Plan (architecture and ER diagrams, PostgreSQL DDL, OpenAPI 3.1, stack,
decisions, steps) and keeps plans as versioned records in notebooks."""

EPILOG = """\
examples:
  archnb demo                              try it: plan the quickstart brief offline
  archnb plan brief.md -o plan/            plan a brief, write the six files
  archnb plan - --json < brief.md          read stdin, print the envelope and plan
  archnb plans design.ipynb                list the plan versions in a notebook
  archnb diff design.ipynb                 what the last refinement changed
  archnb export design.ipynb -o spec/ --format speckit
  archnb lint plan/plan.json

exit codes: 0 ok, 1 failed (or different, for diff), 2 usage error, 130 interrupted.
Run `archnb COMMAND -h` for a command's options."""


class Parser(argparse.ArgumentParser):
    """argparse with 'did you mean' for a misspelled command or choice."""

    def error(self, message: str) -> None:  # type: ignore[override]
        if "invalid choice:" in message:
            word = message.split("invalid choice:", 1)[1].split("(", 1)[0].strip(" '")
            options = [a for action in self._actions for a in (action.choices or [])]
            close = difflib.get_close_matches(word, [str(o) for o in options], n=1)
            if close:
                message += f"; did you mean {close[0]!r}?"
        super().error(message)


def _command(subparsers: Any, name: str, summary: str, examples: str) -> argparse.ArgumentParser:
    return subparsers.add_parser(
        name,
        help=summary,
        description=summary[0].upper() + summary[1:] + ".",
        epilog="examples:\n" + examples,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )


def build_parser() -> argparse.ArgumentParser:
    """Return the parser for every command."""
    parser = Parser(
        prog=PROG,
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"archnb {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    _add_plan(sub)
    _add_export(sub)
    _add_plans(sub)
    _add_show(sub)
    _add_diff(sub)
    _add_lint(sub)
    _add_skills(sub)
    _add_models(sub)
    _add_mcp(sub)
    _add_demo(sub)
    return parser


def _add_plan(sub: Any) -> None:
    p = _command(
        sub,
        "plan",
        "plan a backend from a brief and print or write the plan",
        "  archnb plan brief.md                      print a summary\n"
        "  archnb plan brief.md -o plan/             write plan.json, PLAN.md, architecture.mmd,\n"
        "                                            erd.mmd, schema.sql, openapi.yaml\n"
        "  archnb plan --text 'A clinic books appointments for 3 doctors' --json\n"
        "  archnb plan brief.md --model openai/gpt-4o-mini --mcp mcp.json\n"
        "  archnb plan more.md --refine plan/plan.json --answers answers.yaml -o plan-v2/\n\n"
        "exit codes: 0 success; 1 no valid plan, or the plan still has error findings\n"
        "(status partial: the files are written all the same); 2 usage error.",
    )
    p.add_argument("brief", nargs="?", metavar="BRIEF", help="brief file, or - to read stdin")
    p.add_argument("--text", metavar="TEXT", help="the brief itself, instead of a file")
    p.add_argument("-o", "--output", metavar="DIR", help="write the plan's files into DIR")
    p.add_argument("--format", choices=FORMATS, default="files", help="files to write with -o (default: files)")
    p.add_argument("--json", action="store_true", help="print the envelope and the plan as one JSON object")
    p.add_argument("--engine", choices=("auto", "offline", "llm"), help="default: llm when a model is set, else offline")
    p.add_argument("-m", "--model", metavar="M", help="litellm model name, e.g. openai/gpt-4o-mini (or ARCHNB_MODEL)")
    p.add_argument("--api-base", metavar="URL", help="OpenAI-compatible base URL (or ARCHNB_API_BASE)")
    p.add_argument("--mcp", metavar="FILE", help="mcpServers JSON: live tools for the model")
    p.add_argument("--skills", metavar="A,B", help="use exactly these skills (see `archnb skills`)")
    p.add_argument("--areas", metavar="A,B", help="use every skill of these areas, e.g. API,Database")
    p.add_argument("--attempts", type=int, metavar="N", help="tries to get a valid plan, 1 to 10 (default 3)")
    p.add_argument("--refine", metavar="SOURCE", help="plan a new version of this plan (plan.json or notebook[#ID])")
    p.add_argument("--answers", metavar="FILE", help="YAML/JSON answers to open questions: `Q1: answer`")
    p.add_argument("--principles", metavar="FILE", help="principles.toml the plan is checked against")
    p.add_argument("--review", action="store_true", help="the brief is your own design, to review")
    p.set_defaults(run=cmd_plan)


def _add_export(sub: Any) -> None:
    p = _command(
        sub,
        "export",
        "write a plan from a notebook or plan.json as files, spec-kit, Kiro or ADRs",
        "  archnb export design.ipynb -o plan/                 the last plan's six files\n"
        "  archnb export design.ipynb 3fa2 -o spec/ --format speckit\n"
        "  archnb export plan.json -o .kiro/specs/shop --format kiro\n"
        "  archnb export design.ipynb -o docs/decisions --format adr\n"
        "  archnb export v2/plan.json --parent v1/plan.json -o docs/decisions --format adr\n\n"
        "Formats: files (plan.json, PLAN.md, architecture.mmd, erd.mmd, schema.sql,\n"
        "openapi.yaml); speckit (plan.md, research.md, data-model.md, contracts/,\n"
        "quickstart.md, tasks.md); kiro (requirements.md, design.md, tasks.md);\n"
        "adr (one MADR 4.0 record per decision; a refined decision supersedes its parent's).\n"
        "Files are written atomically and only inside DIR.",
    )
    p.add_argument("source", metavar="SOURCE", help="a notebook (.ipynb), nb.ipynb#ID, or a plan.json")
    p.add_argument("id", nargs="?", metavar="ID", help="plan id or unique prefix (default: the last plan)")
    p.add_argument("-o", "--output", metavar="DIR", required=True, help="folder to write into (created if missing)")
    p.add_argument("--format", choices=FORMATS, default="files", help="default: files")
    p.add_argument("--parent", metavar="SOURCE", help="the plan this one refines (default: its parent in the notebook)")
    p.add_argument("--date", metavar="YYYY-MM-DD", help="date for ADRs and plan.md (default: the notebook output's date, else none)")
    p.add_argument("--json", action="store_true", help="print the envelope (status, files_changed, ...) as JSON")
    p.set_defaults(run=cmd_export)


def _add_plans(sub: Any) -> None:
    p = _command(
        sub,
        "plans",
        "list the plan versions in a notebook, each refinement under its parent",
        "  archnb plans design.ipynb\n  archnb plans design.ipynb --json",
    )
    p.add_argument("notebook", metavar="NOTEBOOK")
    p.add_argument("--json", action="store_true", help="print the versions as JSON")
    p.set_defaults(run=cmd_plans)


def _add_show(sub: Any) -> None:
    p = _command(
        sub,
        "show",
        "print one plan of a notebook or plan.json as Markdown, JSON or text",
        "  archnb show design.ipynb                  the last plan's report (Markdown)\n"
        "  archnb show design.ipynb 3fa2 --format json\n"
        "  archnb show --textconv design.ipynb       every cell and plan as diffable text\n\n"
        "--textconv is for git: see docs/git.md for the .gitattributes recipe.",
    )
    p.add_argument("source", metavar="SOURCE", help="a notebook, nb.ipynb#ID, or a plan.json")
    p.add_argument("id", nargs="?", metavar="ID", help="plan id or unique prefix (default: the last plan)")
    p.add_argument("--format", choices=("markdown", "json", "text"), default="markdown")
    p.add_argument("--textconv", action="store_true", help="print the whole notebook as readable text for `git diff`")
    p.set_defaults(run=cmd_show)


def _add_diff(sub: Any) -> None:
    p = _command(
        sub,
        "diff",
        "show what changed between two plans: entities, attributes, endpoints, decisions, ...",
        "  archnb diff v1/plan.json v2/plan.json\n"
        "  archnb diff design.ipynb#3fa2 design.ipynb#9c1e\n"
        "  archnb diff design.ipynb 3fa2 9c1e        two ids in one notebook\n"
        "  archnb diff design.ipynb 3fa2             that plan against the notebook's last plan\n"
        "  archnb diff design.ipynb                  the last plan against its parent\n\n"
        "exit codes, like diff: 0 equal, 1 different, 2 bad input.",
    )
    p.add_argument("plans", nargs="+", metavar="PLAN", help="plan.json, nb.ipynb, nb.ipynb#ID, or ids within the first notebook")
    p.add_argument("--format", choices=("text", "markdown", "json"), default="text")
    p.set_defaults(run=cmd_diff)


def _add_lint(sub: Any) -> None:
    p = _command(
        sub,
        "lint",
        "check a plan for design and consistency problems",
        "  archnb lint plan/plan.json\n  archnb lint design.ipynb 3fa2 --json\n"
        "  archnb lint plan.json --principles .archnb/principles.toml\n\n"
        "exit codes: 0 no error or critical findings, 1 some, 2 bad input.",
    )
    p.add_argument("source", metavar="PLAN_OR_NOTEBOOK")
    p.add_argument("id", nargs="?", metavar="ID", help="plan id in a notebook (default: the last plan)")
    p.add_argument("--principles", metavar="FILE", help="principles.toml to check against")
    p.add_argument("--json", action="store_true", help="print the findings as JSON")
    p.set_defaults(run=cmd_lint)


def _add_skills(sub: Any) -> None:
    p = _command(
        sub,
        "skills",
        "list the skills archnb can use, grouped by area",
        "  archnb skills\n  archnb skills --json\n  archnb skills --check      report malformed SKILL.md or rules.yaml files",
    )
    p.add_argument("--json", action="store_true", help="print the skills as JSON")
    p.add_argument("--check", action="store_true", help="print every problem found; exit 1 if any")
    p.set_defaults(run=cmd_skills)


def _add_models(sub: Any) -> None:
    p = _command(
        sub,
        "models",
        "show the engines, the configured model and which provider keys are set",
        "  archnb models\n  ARCHNB_MODEL=openai/gpt-4o-mini archnb models --json",
    )
    p.add_argument("--json", action="store_true", help="print as JSON (key names only, never values)")
    p.set_defaults(run=cmd_models)


def _add_mcp(sub: Any) -> None:
    p = _command(
        sub,
        "mcp",
        "serve archnb as an MCP server (stdio by default)",
        "  archnb mcp                 for Claude Desktop, Cursor, Claude Code (stdio)\n"
        "  archnb mcp --http 8765     streamable HTTP on 127.0.0.1:8765",
    )
    p.add_argument("--http", type=int, metavar="PORT", help="serve over HTTP on this port instead of stdio")
    p.set_defaults(run=cmd_mcp)


def _add_demo(sub: Any) -> None:
    p = _command(
        sub,
        "demo",
        "plan the quickstart brief offline; write its files and an executed notebook",
        "  archnb demo\n  archnb demo /tmp/try-archnb",
    )
    p.add_argument("folder", nargs="?", default="archnb-demo", metavar="DIR", help="default: ./archnb-demo")
    p.set_defaults(run=cmd_demo)


# --- main -----------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    """Run the archnb command line; return the exit code."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:  # argparse: --help, --version, or a usage error (code 2)
        return int(stop.code or 0) if not isinstance(stop.code, str) else EXIT_USAGE
    if getattr(args, "run", None) is None:
        parser.print_help()
        return EXIT_USAGE
    try:
        return args.run(args)
    except ArchnbError as err:
        _error(str(err))
        return err.exit_code
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # `archnb show ... | head`: the reader left; nothing to report
        _silence_stdout()
        return EXIT_OK
    except Exception as err:  # a bug: say so in one line; ARCHNB_DEBUG=1 shows the traceback
        if os.environ.get("ARCHNB_DEBUG"):
            raise
        first_line = (str(err).splitlines() or [""])[0]
        _error(f"internal error: {type(err).__name__}: {first_line} "
               "(rerun with ARCHNB_DEBUG=1 for the traceback, and please report it)")
        return EXIT_FAILED


def _error(message: str) -> None:
    print(f"{PROG}: error: {_redact(message)}", file=sys.stderr)


def _redact(text: str) -> str:
    from archnb.env import redact

    return redact(text)


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except OSError:
        pass


def _print_json(data: Any) -> None:
    print(json.dumps(data, indent=2, ensure_ascii=False))


def _progress(enabled: bool):
    if not enabled or not sys.stderr.isatty():
        return None
    return lambda message: print(f"{PROG}: {message}", file=sys.stderr, flush=True)


# --- plan -----------------------------------------------------------------------------


def read_brief(args: argparse.Namespace) -> str:
    """Return the brief from --text, stdin (-) or a file; raise SourceError with a fix."""
    if args.text is not None and args.brief is not None:
        raise UsageProblem("give the brief as a file or with --text, not both")
    if args.text is not None:
        return args.text
    if args.brief is None:
        raise UsageProblem("no brief given", hint="archnb plan BRIEF_FILE, archnb plan - < file, or --text '...'")
    if args.brief == "-":
        return sys.stdin.read()
    path = Path(args.brief).expanduser()
    if not path.is_file():
        what = "is a folder" if path.is_dir() else "does not exist"
        raise SourceError(f"brief file {args.brief!r} {what}",
                          hint="give a text file, - for stdin, or --text 'the brief'")
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise SourceError(f"brief file {args.brief!r} is not UTF-8 text") from None
    except OSError as err:
        raise SourceError(f"cannot read {args.brief!r}: {err.strerror or err}") from None


def _existing(path: str | None, option: str) -> str | None:
    if path is not None and not Path(path).expanduser().is_file():
        raise UsageProblem(f"{option}: no file {path!r}", hint="check the path")
    return path


def plan_options(args: argparse.Namespace) -> dict[str, Any]:
    """Return architect() options from the plan command's flags (unset flags are left out)."""
    options: dict[str, Any] = {
        "engine": args.engine,
        "model": args.model,
        "api_base": args.api_base,
        "mcp": _existing(args.mcp, "--mcp"),
        "skills": args.skills,
        "areas": args.areas,
        "attempts": args.attempts,
        "principles": _existing(args.principles, "--principles"),
        "review": args.review or None,
        "cwd": Path.cwd(),
    }
    if args.answers:
        options["answers"] = load_answers(_existing(args.answers, "--answers"))
    if args.refine:
        from archnb.notebook import load_source

        options["parent"] = load_source(args.refine).plan
    return {k: v for k, v in options.items() if v is not None}


def load_answers(path: str) -> dict[str, str]:
    """Return {question id: answer} from a YAML or JSON mapping such as `Q1: PostgreSQL`."""
    import yaml

    try:
        data = yaml.safe_load(Path(path).expanduser().read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError):
        raise UsageProblem(f"--answers {path}: not valid YAML or JSON", hint="write one `Q1: answer` per line") from None
    if not isinstance(data, dict) or not data:
        raise UsageProblem(f"--answers {path}: expected a mapping of question ids to answers",
                           hint="write one `Q1: answer` per line")
    answers = {}
    for key, value in data.items():
        qid = str(key).strip().upper()
        if not qid.startswith("Q") or not qid[1:].isdigit():
            raise UsageProblem(f"--answers {path}: {key!r} is not a question id", hint="ids look like Q1, Q2")
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value)
        if value is None or isinstance(value, dict) or not str(value).strip():
            raise UsageProblem(f"--answers {path}: {qid} has no answer", hint="write the answer after the colon")
        answers[qid] = str(value).strip()
    return answers


def cmd_plan(args: argparse.Namespace) -> int:
    """archnb plan: run architect() and print or write the result."""
    try:
        brief = read_brief(args)
        options = plan_options(args)
        from archnb.api import architect

        result = architect(brief, progress=_progress(not args.json), **options)
        envelope = result.envelope
        if args.output:
            from archnb.export import export_plan

            written = export_plan(result.plan, Path(args.output), format=args.format,
                                  findings=result.findings, parent=options.get("parent"))
            envelope = envelope.model_copy(update={"files_changed": written})
    except ArchnbError as err:
        if args.json:
            _print_json(_failed_envelope(err))
        raise
    if args.json:
        _print_json({
            **envelope.model_dump(mode="json"),
            "findings": [f.model_dump(mode="json") for f in result.findings],
            "warnings": result.warnings,
            "plan": result.plan.model_dump(mode="json"),
        })
    elif args.output:
        _report_written(result.plan.plan_id, args.output, envelope.files_changed, args.format)
        print(f"status: {envelope.status}; next: {envelope.next_action}")
    else:
        from archnb.render.markdown import render_text_summary

        print(render_text_summary(result.plan, findings=result.findings).rstrip("\n"))
    if not args.json:
        for problem in envelope.errors:
            _error(problem)
    return EXIT_OK if envelope.status == "success" else EXIT_FAILED


def _failed_envelope(err: ArchnbError) -> dict[str, Any]:
    envelope = getattr(err, "envelope", None)
    if envelope is not None and hasattr(envelope, "model_dump"):
        return envelope.model_dump(mode="json")
    return {"status": "failed", "files_changed": [], "errors": [_redact(err.message)],
            "next_action": _redact(err.hint)}


def _report_written(plan_id: str, folder: str, files: list[str], fmt: str) -> None:
    if not files:
        print(f"{PROG}: plan {plan_id} has nothing to write as {fmt}")
        return
    print(f"{PROG}: wrote {len(files)} file(s) of plan {plan_id} ({fmt}) to {folder}")
    for name in files:
        print(f"  {Path(folder) / name}")


# --- export, plans, show --------------------------------------------------------------


def cmd_export(args: argparse.Namespace) -> int:
    """archnb export: write a stored plan in one of the export formats."""
    from archnb.export import export_plan
    from archnb.notebook import load_source

    source = load_source(args.source, args.id)
    parent = load_source(args.parent).plan if args.parent else source.parent
    date = _check_date(args.date) or _entry_date(source)
    findings = lint_findings(source.plan)
    written = export_plan(source.plan, Path(args.output), format=args.format,
                          findings=findings, parent=parent, date=date)
    if args.json:
        _print_json({"status": "success", "files_changed": written, "errors": [],
                     "next_action": "review the files, then commit them", "plan_id": source.plan.plan_id})
    else:
        _report_written(source.plan.plan_id, args.output, written, args.format)
    return EXIT_OK


def _check_date(value: str | None) -> str | None:
    if value is None:
        return None
    from datetime import date

    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise UsageProblem(f"--date {value!r} is not a date", hint="use YYYY-MM-DD") from None


def _entry_date(source: Any) -> str | None:
    created = source.entry.created_at if source.entry is not None else None
    return str(created)[:10] if created else None


def lint_findings(plan: Any, principles: str | None = None) -> list[Any]:
    """Return the lint findings of `plan`, using the skills it was made with when installed."""
    from archnb.lint import lint_plan
    from archnb.skills import load_skills

    skillset = load_skills(Path.cwd())
    skills = [skillset.skills[n] for n in plan.metadata.skills_used if n in skillset.skills]
    return lint_plan(plan, skills=skills, principles=principles, cwd=Path.cwd())


def cmd_plans(args: argparse.Namespace) -> int:
    """archnb plans: the versions in a notebook, as a tree-ordered table or JSON."""
    from archnb.notebook import read_history

    history = read_history(args.notebook)
    for problem in history.problems:
        print(f"{PROG}: warning: {problem}", file=sys.stderr)
    tree = history.tree()
    if args.json:
        _print_json({"notebook": str(history.path),
                     "plans": [{**p.summary(), "depth": d} for d, p in tree],
                     "problems": history.problems})
        return EXIT_OK
    if not tree:
        print(f"{PROG}: no plans in {args.notebook} (run a %%architect cell and save the notebook)")
        return EXIT_OK
    rows = [["id", "parent", "cell", "created", "engine", "title"]]
    for depth, p in tree:
        rows.append([
            "  " * depth + ("└ " if depth else "") + p.plan_id,
            p.parent_id or "-",
            str(p.cell_index + 1),
            p.created_at or "-",
            p.model or p.engine,
            " ".join(p.title.split()),
        ])
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
    for row in rows:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=False)) + "  " + row[-1])
    return EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    """archnb show: one plan as Markdown, JSON or text; or a notebook as text for git."""
    if args.textconv:
        if args.id:
            raise UsageProblem("--textconv prints the whole notebook; it takes no plan id")
        sys.stdout.write(notebook_textconv(Path(args.source)))
        return EXIT_OK
    from archnb.notebook import load_source

    plan = load_source(args.source, args.id).plan
    if args.format == "json":
        sys.stdout.write(plan.to_json())
    elif args.format == "text":
        from archnb.render.markdown import render_text_summary

        sys.stdout.write(_ending(render_text_summary(plan, findings=lint_findings(plan))))
    else:
        from archnb.render.markdown import render_report

        sys.stdout.write(_ending(render_report(plan, findings=lint_findings(plan))))
    return EXIT_OK


def _ending(text: str) -> str:
    return text.rstrip("\n") + "\n"


def notebook_textconv(path: Path) -> str:
    """Return a notebook as text for `git diff`: each cell's source, each plan as an outline.

    git runs this on both sides of a diff, so it must not fail: a file that is not a
    readable notebook (a merge conflict, say) is returned as it is.
    """
    from archnb.diff import plan_outline
    from archnb.notebook import _read_output, cell_source, is_plan_output, notebook_cells

    try:
        raw = path.read_text(encoding="utf-8", errors="replace")
    except OSError as err:
        raise SourceError(f"cannot read {path}: {err.strerror or err}") from None
    try:
        cells = notebook_cells(raw, path)
    except SourceError:  # not a notebook: show the text rather than break `git diff`
        return raw
    lines: list[str] = []
    for index, cell in enumerate(cells):
        lines.append(f"--- cell {index + 1} [{cell.get('cell_type', '?')}]")
        lines += cell_source(cell).splitlines()
        for output in cell.get("outputs", None) or []:
            if is_plan_output(output):
                problems: list[str] = []
                entry = _read_output(output, index, problems)
                lines += plan_outline(entry.plan) if entry else [f"plan output: {p}" for p in problems]
    return "\n".join(lines) + "\n"


# --- diff, lint -----------------------------------------------------------------------


def resolve_diff_sides(specs: list[str]) -> tuple[Any, Any]:
    """Return the (old, new) plans `archnb diff` compares, from its 1 to 3 PLAN arguments."""
    from archnb.notebook import load_source, split_ref

    if len(specs) > 3:
        raise UsageProblem("diff takes at most three arguments",
                           hint="archnb diff A B, or archnb diff NOTEBOOK ID1 ID2")
    first = load_source(specs[0])
    history = first.history  # None when the first argument is a plan.json
    if len(specs) == 1:
        if history is None:
            raise UsageProblem("diff needs two plans", hint="archnb diff A B")
        parent_id = first.plan.metadata.parent_id
        parent = history.by_id(parent_id)
        if parent is None:
            reason = f"its parent {parent_id} is not in the notebook" if parent_id else "it refines no plan"
            raise SourceError(f"cannot diff the last plan of {specs[0]}: {reason}",
                              hint="name two plans: archnb diff NOTEBOOK ID1 ID2")
        return parent.plan, first.plan
    if len(specs) == 3:
        if history is None:
            raise UsageProblem(f"{specs[0]} is not a notebook",
                               hint="archnb diff NOTEBOOK ID1 ID2 compares two plans of one notebook")
        return history.find(specs[1]).plan, history.find(specs[2]).plan
    second_path, _ = split_ref(specs[1])
    if history is None or Path(second_path).exists():
        return first.plan, load_source(specs[1]).plan
    if split_ref(specs[0])[1] is not None:  # `nb.ipynb#A B`: B is another id of that notebook
        return first.plan, history.find(specs[1]).plan
    return history.find(specs[1]).plan, history.find(None).plan  # `nb.ipynb A`: A against the last


def cmd_diff(args: argparse.Namespace) -> int:
    """archnb diff: exit 0 when the plans are the same, 1 when they differ, 2 on bad input."""
    from archnb.diff import diff_plans

    try:
        old, new = resolve_diff_sides(args.plans)
    except ArchnbError as err:  # bad input is exit 2 here whatever its type, as with diff(1)
        _error(str(err))
        return EXIT_USAGE
    diff = diff_plans(old, new)
    output = {"text": diff.to_text, "markdown": diff.to_markdown, "json": diff.to_json}[args.format]()
    sys.stdout.write(output)
    return EXIT_OK if diff.is_empty else EXIT_FAILED


def cmd_lint(args: argparse.Namespace) -> int:
    """archnb lint: print the findings; exit 1 when any is an error or critical."""
    from archnb.notebook import load_source

    source = load_source(args.source, args.id)
    findings = lint_findings(source.plan, principles=_existing(args.principles, "--principles"))
    blocking = [f for f in findings if f.severity in ("error", "critical")]
    if args.json:
        _print_json({"plan_id": source.plan.plan_id, "ok": not blocking,
                     "findings": [f.model_dump(mode="json") for f in findings]})
    else:
        for f in findings:
            where = f" at {f.where}" if f.where else ""
            hint = f" ({f.hint})" if f.hint else ""
            print(f"{f.severity:8} {f.rule}{where}: {f.message}{hint}")
        counts = {s: sum(f.severity == s for f in findings) for s in ("critical", "error", "warning", "info")}
        summary = ", ".join(f"{n} {s}" for s, n in counts.items() if n) or "no findings"
        print(f"plan {source.plan.plan_id}: {summary}")
    return EXIT_FAILED if blocking else EXIT_OK


# --- skills, models, mcp, demo --------------------------------------------------------


def cmd_skills(args: argparse.Namespace) -> int:
    """archnb skills: every skill by area; --check prints the problems and fails on any."""
    from archnb.skills import load_skills

    skillset = load_skills(Path.cwd())
    groups = skillset.by_area()
    if args.json:
        _print_json({
            "skills": [{"name": s.name, "area": s.area, "description": s.description, "source": s.source,
                        "path": str(s.path), "rules": s.rules is not None}
                       for skills in groups.values() for s in skills],
            "problems": skillset.warnings,
        })
    elif not args.check:
        width = max((len(s.name) for s in skillset.skills.values()), default=10)
        for area, skills in groups.items():
            print(area)
            for s in skills:
                origin = "" if s.source == "packaged" else f" [{s.source}]"
                print(f"  {s.name.ljust(width)}  {_shorten(s.description, 96)}{origin}")
    if args.check:
        for problem in skillset.warnings:
            print(problem, file=sys.stdout if not args.json else sys.stderr)
        count = len(skillset.skills)
        print(f"{count} skill(s), {len(skillset.warnings)} problem(s)", file=sys.stderr if args.json else sys.stdout)
        return EXIT_FAILED if skillset.warnings else EXIT_OK
    if skillset.warnings and not args.json:
        print(f"{PROG}: {len(skillset.warnings)} problem(s) with skills; `archnb skills --check` lists them",
              file=sys.stderr)
    return EXIT_OK


def _shorten(text: str, limit: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def cmd_models(args: argparse.Namespace) -> int:
    """archnb models: the engines, the configured model, and which key variables are set."""
    import importlib.util

    from archnb.env import key_variables, load_dotenv

    environ = dict(os.environ)
    from_dotenv = load_dotenv(Path.cwd(), environ=environ)
    model = environ.get("ARCHNB_MODEL") or None
    api_base = environ.get("ARCHNB_API_BASE") or None
    keys = {name: bool(environ.get(name)) for name in key_variables()}
    info = {
        "default_engine": "llm" if model else "offline",
        "model": model,
        "api_base": _redact(api_base) if api_base else None,
        "litellm_installed": importlib.util.find_spec("litellm") is not None,
        "keys_set": sorted(k for k, v in keys.items() if v),
        "loaded_from_dotenv": sorted(from_dotenv),
    }
    if args.json:
        _print_json(info)
        return EXIT_OK
    print("engines")
    print("  offline  deterministic, no key or network; the default when no model is set")
    litellm = "installed" if info["litellm_installed"] else "not installed: pip install 'archnb[llm]'"
    print(f"  llm      any litellm model ({litellm})")
    print(f"default engine: {info['default_engine']}")
    print(f"model (ARCHNB_MODEL): {model or 'not set'}")
    print(f"api base (ARCHNB_API_BASE): {info['api_base'] or 'not set'}")
    print(f"provider keys set: {', '.join(info['keys_set']) or 'none'} (values are never shown)")
    print("examples: --model openai/gpt-4o-mini, --model anthropic/claude-sonnet-4-5,\n"
          "          --model ollama/llama3.1 --api-base http://localhost:11434")
    return EXIT_OK


def cmd_mcp(args: argparse.Namespace) -> int:
    """archnb mcp: hand over to archnb.mcp_server.main."""
    try:
        from archnb.mcp_server import main as serve
    except ModuleNotFoundError as err:
        if err.name not in ("archnb.mcp_server", "mcp"):
            raise
        missing = "the mcp package" if err.name == "mcp" else "archnb.mcp_server"
        raise ArchnbError(f"the MCP server is not available: {missing} is missing",
                          hint="pip install --upgrade archnb") from None
    argv = ["--http", str(args.http)] if args.http is not None else []
    return int(serve(argv) or 0)


def cmd_demo(args: argparse.Namespace) -> int:
    """archnb demo: the quickstart, end to end, into one folder."""
    from archnb.demo import run_demo

    report = run_demo(Path(args.folder), progress=_progress(True))
    print(report.describe())
    return EXIT_OK if report.ok else EXIT_FAILED
