"""archnb.architect: the one entry point, as a Python user meets it."""

from __future__ import annotations

import pytest

import archnb
from archnb.errors import UsageProblem
from archnb.plan import TechnicalPlan

BRIEF = (
    "A clinic books appointments for patients with its 12 doctors. Each patient has many "
    "appointments; each appointment belongs to a doctor. Receptionists reschedule and cancel "
    "appointments. About 30 requests per second at peak; GDPR applies."
)


def test_offline_plan_by_default_with_envelope_and_findings():
    result = archnb.architect(BRIEF)
    assert result.plan.metadata.engine == "offline"
    assert result.envelope.status == "success"
    assert result.envelope.plan_id == result.plan.plan_id
    assert result.envelope.created_at and result.envelope.next_action
    names = {e.name for e in result.plan.data_model.entities}
    assert {"patient", "appointment", "doctor"} <= names
    assert all(f.severity not in ("error", "critical") for f in result.findings)


def test_same_brief_gives_byte_identical_plan_json():
    first = archnb.architect(BRIEF).plan.to_json()
    second = archnb.architect(BRIEF).plan.to_json()
    assert first == second
    assert "created_at\": \"20" not in first  # no timestamps inside the plan


def test_plan_id_is_the_content_hash_and_survives_a_round_trip():
    plan = archnb.architect(BRIEF).plan
    again = TechnicalPlan.from_json(plan.to_json())
    assert again.plan_id == plan.plan_id == again.content_hash()


def test_metadata_records_provenance():
    plan = archnb.architect(BRIEF).plan
    meta = plan.metadata
    assert meta.archnb_version == archnb.__version__
    assert len(meta.brief_sha256) == 64
    assert "designing-apis" in meta.skills_used and meta.attempts == 1


def test_refinement_links_to_its_parent():
    parent = archnb.architect(BRIEF).plan
    child = archnb.architect("Patients can also pay invoices online.", parent=parent).plan
    assert child.metadata.parent_id == parent.plan_id
    assert child.plan_id != parent.plan_id
    assert "invoice" in {e.name for e in child.data_model.entities}


def test_progress_reports_each_stage():
    seen: list[str] = []
    archnb.architect(BRIEF, progress=seen.append)
    assert any("attempt 1/3" in m for m in seen) and any("checking" in m for m in seen)


@pytest.mark.parametrize("brief", ["", "   \n\t ", None])
def test_empty_brief_is_a_usage_error(brief):
    with pytest.raises(UsageProblem, match="brief"):
        archnb.architect(brief)


def test_unknown_option_suggests_the_right_one():
    with pytest.raises(UsageProblem, match="did you mean 'attempts'"):
        archnb.architect(BRIEF, attempt=2)


def test_bad_option_value_names_the_option():
    with pytest.raises(UsageProblem, match="attempts"):
        archnb.architect(BRIEF, attempts=0)
    with pytest.raises(UsageProblem, match="engine"):
        archnb.architect(BRIEF, engine="gpt")


def test_unknown_skill_is_a_usage_error_with_suggestion():
    with pytest.raises(UsageProblem, match="did you mean 'saga-orchestration'"):
        archnb.architect(BRIEF, skills="saga-orchestrations")


def test_explicit_skills_are_the_ones_recorded():
    plan = archnb.architect(BRIEF, skills=["designing-apis", "postgresql-table-design"]).plan
    assert plan.metadata.skills_used == ["designing-apis", "postgresql-table-design"]


def test_a_users_skill_with_a_failing_check_makes_the_run_partial(tmp_path):
    folder = tmp_path / "skills" / "house-rules"
    folder.mkdir(parents=True)
    (folder / "SKILL.md").write_text(
        "---\nname: house-rules\ndescription: Our house rules for every backend.\n---\nBody.\n"
    )
    (folder / "rules.yaml").write_text(
        "version: 1\nalways: true\nlint:\n  - id: needs-audit\n    severity: error\n"
        "    require: {entity: audit_event}\n    message: Every backend keeps an audit_event table.\n"
    )
    result = archnb.architect(BRIEF, cwd=tmp_path)
    assert result.envelope.status == "partial"
    assert any("house-rules/needs-audit" in e for e in result.envelope.errors)


def test_a_broken_user_skill_is_a_warning_not_a_crash(tmp_path):
    folder = tmp_path / "skills" / "Broken"
    folder.mkdir(parents=True)
    (folder / "SKILL.md").write_text("---\nname: Broken\n---\n")
    result = archnb.architect(BRIEF, cwd=tmp_path)
    assert result.envelope.status == "success"
    assert any("Broken" in w for w in result.warnings)


def test_environment_model_switches_auto_engine(monkeypatch):
    from archnb.api import parse_options

    monkeypatch.setenv("ARCHNB_MODEL", "openai/some-model")
    assert parse_options({}).engine == "llm"
    assert parse_options({"engine": "offline"}).engine == "offline"
    monkeypatch.delenv("ARCHNB_MODEL")
    assert parse_options({}).engine == "offline"
