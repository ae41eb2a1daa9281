"""Skills: the eighteen packaged skills are valid and substantive; discovery, override,
selection and progressive disclosure behave as documented."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from skills_ref.validator import validate

from archnb.errors import SkillError
from archnb.skills import (
    AREAS,
    available_skills_block,
    load_skills,
    packaged_skills_dir,
    select_skills,
)

ROOT = Path(__file__).resolve().parent.parent
PACKAGED = sorted(name for names in AREAS.values() for name in names)


def make_skill(folder: Path, name: str, description: str = "A test skill for testing.",
               body: str = "Body.\n", rules: str | None = None, extra: str = "") -> Path:
    path = folder / name
    path.mkdir(parents=True, exist_ok=True)
    (path / "SKILL.md").write_text(
        f"---\nname: {name}\ndescription: {description}\n{extra}---\n{body}", encoding="utf-8"
    )
    if rules is not None:
        (path / "rules.yaml").write_text(textwrap.dedent(rules), encoding="utf-8")
    return path


def test_all_eighteen_skills_are_packaged_with_their_areas(tmp_path):
    skillset = load_skills(cwd=tmp_path)
    assert sorted(skillset.skills) == PACKAGED
    for area, names in AREAS.items():
        for name in names:
            assert skillset.skills[name].area == area
    assert skillset.warnings == []


@pytest.mark.parametrize("name", PACKAGED)
def test_skill_passes_agentskills_validate_and_has_substance(name):
    folder = packaged_skills_dir() / name
    assert validate(folder) == []
    body_lines = (folder / "SKILL.md").read_text(encoding="utf-8").count("\n")
    assert 80 <= body_lines <= 320, f"{name}: {body_lines} lines"
    assert list((folder / "references").glob("*.md")), f"{name} has no references/*.md"


def test_agentskills_cli_accepts_our_skill_and_rejects_a_bad_one(tmp_path):
    # The console script may live outside this interpreter's folder (venvs, --user), so
    # start the same entry point through this interpreter.
    command = [sys.executable, "-c", "import sys; from skills_ref.cli import main; "
               "sys.argv[0] = 'agentskills'; main()"]
    run = subprocess.run([*command, "validate", str(packaged_skills_dir() / "designing-apis")],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    bad = make_skill(tmp_path, "Bad_Skill")
    run = subprocess.run([*command, "validate", str(bad)], capture_output=True, text=True)
    assert run.returncode != 0


def test_every_packaged_skill_teaches_the_offline_engine(tmp_path):
    skillset = load_skills(cwd=tmp_path)
    for skill in skillset.skills.values():
        assert skill.rules is not None, f"{skill.name} has no valid rules.yaml"
        assert skill.rules.rules, f"{skill.name}: rules.yaml has no rules"
        assert skill.rules.triggers or skill.rules.always


def test_project_skill_overrides_packaged_one_by_name(tmp_path, monkeypatch):
    make_skill(tmp_path / "skills", "designing-apis", description="Our own API house rules.")
    make_skill(tmp_path / ".claude" / "skills", "team-conventions", description="Team rules.")
    skillset = load_skills(cwd=tmp_path)
    assert skillset.skills["designing-apis"].description == "Our own API house rules."
    assert skillset.skills["designing-apis"].source == "project"
    assert "team-conventions" in skillset.skills


def test_skills_path_and_home_folder(tmp_path, monkeypatch):
    home_skills = Path.home() / ".archnb" / "skills"
    make_skill(home_skills, "from-home")
    extra = tmp_path / "extra"
    make_skill(extra, "from-home", description="Overridden by ARCHNB_SKILLS_PATH.")
    skillset = load_skills(cwd=tmp_path, env={"ARCHNB_SKILLS_PATH": str(extra)})
    assert skillset.skills["from-home"].description == "Overridden by ARCHNB_SKILLS_PATH."


def test_malformed_skills_are_reported_and_skipped(tmp_path):
    folder = tmp_path / "skills"
    make_skill(folder, "Bad_Name")
    make_skill(folder, "no-description", description="")
    make_skill(folder, "broken-rules", rules="version: 1\nrules:\n  - id: x\n    when: {featurs_any: [a]}\n")
    (folder / "no-frontmatter").mkdir()
    (folder / "no-frontmatter" / "SKILL.md").write_text("# just a title\n")
    skillset = load_skills(cwd=tmp_path)
    text = "\n".join(skillset.warnings)
    assert "Bad_Name" in text and "field 'name'" in text
    assert "no-description" in text and "field 'description'" in text
    assert "rules.yaml" in text and "featurs_any" in text
    assert "no YAML frontmatter" in text
    # The broken rules file does not lose the skill's body; the others are skipped.
    assert "broken-rules" in skillset.skills and skillset.skills["broken-rules"].rules is None
    assert "Bad_Name" not in skillset.skills and len(skillset.skills) == 19


def test_select_by_name_area_and_relevance(tmp_path):
    skillset = load_skills(cwd=tmp_path)
    picked = select_skills("x", skillset, names=["saga-orchestration", "designing-apis"])
    assert [s.name for s in picked] == ["saga-orchestration", "designing-apis"]
    picked = select_skills("x", skillset, areas=["rag/vectors"])
    assert [s.name for s in picked] == ["embedding-strategies", "rag-implementation"]
    with pytest.raises(SkillError, match="did you mean 'designing-apis'"):
        select_skills("x", skillset, names=["designing-api"])
    with pytest.raises(SkillError, match="unknown area"):
        select_skills("x", skillset, areas=["Frontend"])
    brief = ("A knowledge assistant that answers staff questions from our documents with "
             "retrieval-augmented generation and embeddings, with citations.")
    auto = {s.name for s in select_skills(brief, skillset)}
    assert "rag-implementation" in auto
    assert "saga-orchestration" not in auto


def test_progressive_disclosure_block_has_no_bodies(tmp_path):
    skillset = load_skills(cwd=tmp_path)
    skills = list(skillset.skills.values())
    block = available_skills_block(skills)
    assert block.startswith("<available_skills>")
    for skill in skills:
        assert f"<name>{skill.name}</name>" in block
        assert skill.body[:200] not in block
    assert len(block) < sum(len(s.body) for s in skills) / 5


def test_reference_files_cannot_escape_the_skill(tmp_path):
    skill = load_skills(cwd=tmp_path).get("designing-apis")
    first = skill.references()[0]
    assert skill.read_reference(first)
    with pytest.raises(SkillError, match="has no reference"):
        skill.read_reference("../SKILL.md")


@pytest.mark.slow
def test_fresh_wheel_install_lists_all_skills(tmp_path):
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", str(wheels),
                    str(ROOT)], check=True, capture_output=True)
    venv = tmp_path / "venv"
    # --without-pip saves ~20 s of ensurepip; the outer pip installs into the venv.
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", "--without-pip",
                    str(venv)], check=True)
    py = venv / "bin" / "python"
    wheel = next(wheels.glob("archnb-*.whl"))
    subprocess.run([sys.executable, "-m", "pip", "--python", str(py), "install", "-q",
                    "--no-deps", str(wheel)], check=True, capture_output=True)
    where = subprocess.run([str(py), "-c", "import archnb, sys; print(archnb.__file__)"],
                           capture_output=True, text=True, cwd=tmp_path, check=True).stdout
    assert str(venv) in where, f"the wheel is shadowed by {where}"
    run = subprocess.run([str(venv / "bin" / "archnb"), "skills"], capture_output=True,
                         text=True, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    for name in PACKAGED:
        assert name in run.stdout
    for area in AREAS:
        assert area in run.stdout


@pytest.mark.parametrize(
    ("text", "trigger", "hit"),
    [
        ("Customers pay by card; webhooks confirm.", "webhook", True),
        ("We process refunds nightly", "refund", True),
        ("a retrieval-augmented assistant", "retrieval augmented", True),
        ("several steps of approval", "several steps", True),
        ("the payment_status column", "payment", True),
        ("prepayment only", "payment", False),
        ("searching is slow", "search", False),
        ("batches of orders", "batch", True),
    ],
)
def test_triggers_match_whole_words_and_plurals(text, trigger, hit):
    from archnb.skills import trigger_hits

    assert trigger_hits(text, [trigger]) == int(hit)
