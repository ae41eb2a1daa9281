"""Lint: each built-in rule fires on the mistake it names and stays quiet on a clean plan."""

from __future__ import annotations

import pytest
from support.sample import sample_plan

from archnb.errors import UsageProblem
from archnb.lint import lint_plan
from archnb.plan import Attribute, Connection, Decision, Endpoint, Option, Step


def rules(plan, **kwargs) -> set[str]:
    return {f.rule for f in lint_plan(plan, **kwargs)}


def test_clean_plan_has_no_warnings_or_errors():
    findings = lint_plan(sample_plan())
    assert [f for f in findings if f.severity != "info"] == []


def test_foreign_key_to_unknown_entity_is_an_error():
    plan = sample_plan()
    plan.data_model.entities[2].attributes.append(
        Attribute(name="branch_id", type="bigint", foreign_key="branch", indexed=True)
    )
    found = [f for f in lint_plan(plan) if f.rule == "DM001"]
    assert found and found[0].severity == "error" and "branch" in found[0].message


def test_entity_without_primary_key():
    plan = sample_plan()
    plan.data_model.entities[1].attributes[0].primary_key = False
    assert "DM002" in rules(plan)


def test_foreign_key_without_index_warns():
    plan = sample_plan()
    plan.data_model.entities[2].attributes[1].indexed = False
    found = [f for f in lint_plan(plan) if f.rule == "DM003"]
    assert found and "loan.member_id" in found[0].message


def test_foreign_key_type_mismatch():
    plan = sample_plan()
    plan.data_model.entities[2].attributes[1].type = "uuid"
    assert "DM008" in rules(plan)


def test_endpoint_on_unknown_entity():
    plan = sample_plan()
    plan.api.endpoints.append(Endpoint(method="GET", path="/fines/{id}", summary="x", entity="fine"))
    assert "API001" in rules(plan)


def test_mutating_endpoint_without_auth_but_login_is_exempt():
    plan = sample_plan()
    plan.api.endpoints.append(Endpoint(method="DELETE", path="/books/{id}", summary="x",
                                       entity="book", auth_required=False))
    plan.api.endpoints.append(Endpoint(method="POST", path="/auth/login", summary="x",
                                       auth_required=False))
    found = [f for f in lint_plan(plan) if f.rule == "API002"]
    assert len(found) == 1 and "/books/{id}" in found[0].message


def test_list_endpoint_without_pagination():
    plan = sample_plan()
    plan.api.endpoints[0].paginated = False
    assert "API003" in rules(plan)


def test_duplicate_endpoint():
    plan = sample_plan()
    plan.api.endpoints.append(Endpoint(method="GET", path="/books", summary="again", entity="book",
                                       response="list", paginated=True))
    assert "API004" in rules(plan)


def test_component_without_connection_and_unknown_connection_end():
    plan = sample_plan()
    plan.architecture.connections = plan.architecture.connections[:1]
    plan.architecture.connections.append(Connection(source="api", target="cache"))
    found = rules(plan)
    assert {"ARCH001", "ARCH002"} <= found


def test_step_cycle_is_reported_with_its_path():
    plan = sample_plan()
    plan.steps[0].depends_on = ["S2"]
    found = [f for f in lint_plan(plan) if f.rule == "STEP001"]
    assert found
    assert found[0].message.endswith(("S1 -> S2 -> S1", "S2 -> S1 -> S2"))


def test_unknown_step_dependency():
    plan = sample_plan()
    plan.steps.append(Step(id="S3", title="x", depends_on=["S9"]))
    assert "STEP002" in rules(plan)


def test_requirement_coverage():
    plan = sample_plan()
    plan.steps[1].serves = ["FR-002"]  # NFR-001 now served by the decision only
    plan.decisions[0].serves = ["FR-001"]
    found = [f for f in lint_plan(plan) if f.rule == "REQ001"]
    assert [f.where for f in found] == ["requirements[NFR-001]"]
    plan.steps[0].serves = ["FR-009"]
    assert "REQ003" in rules(plan)


def test_findings_are_sorted_most_severe_first():
    plan = sample_plan()
    plan.api.endpoints[0].paginated = False
    plan.data_model.entities[1].attributes[0].primary_key = False
    severities = [f.severity for f in lint_plan(plan)]
    order = {"critical": 0, "error": 1, "warning": 2, "info": 3}
    assert severities == sorted(severities, key=order.get)


# --- principles -------------------------------------------------------------------------


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_forbidden_pattern_is_critical(tmp_path):
    plan = sample_plan()
    plan.architecture.style = "microservices"
    path = write(tmp_path / "p.toml", 'forbidden = ["microservices"]\n')
    found = [f for f in lint_plan(plan, principles=path) if f.rule == "PRIN001"]
    assert found and found[0].severity == "critical"


def test_recorded_exception_lowers_violation_to_info(tmp_path):
    plan = sample_plan()
    plan.architecture.style = "microservices"
    plan.decisions.append(Decision(
        id="D-002", title="Split into microservices", context="Three teams", choice="Microservices",
        rationale="Independent deploys", options=[Option(name="Microservices"),
                                                   Option(name="Modular monolith")],
        principle_exception="Three teams deploy daily; a modular monolith was rejected because "
                            "its release train blocked them",
    ))
    path = write(tmp_path / "p.toml", '[principles]\nforbidden = ["microservices"]\n')
    found = [f for f in lint_plan(plan, principles=path) if f.rule == "PRIN001"]
    assert found and {f.severity for f in found} == {"info"}


def test_datastore_and_budget_principles(tmp_path):
    plan = sample_plan()
    plan.architecture.components[2].technology = "MongoDB"
    plan.capacity.monthly_cost_usd = 5000
    path = write(tmp_path / "p.toml", 'datastores = ["PostgreSQL", "Redis"]\nmax_monthly_cost_usd = 1000\n')
    found = rules(plan, principles=path)
    assert {"PRIN003", "PRIN005"} <= found


def test_principles_found_next_to_the_notebook(tmp_path):
    plan = sample_plan()
    plan.stack.append(plan.stack[0].model_copy(update={"layer": "Backend language", "choice": "Go"}))
    write(tmp_path / ".archnb" / "principles.toml", 'languages = ["Python"]\n')
    assert "PRIN002" in rules(plan, cwd=tmp_path)


def test_malformed_principles_file_is_a_usage_error(tmp_path):
    path = write(tmp_path / "p.toml", "forbidden = [microservices\n")
    with pytest.raises(UsageProblem, match="not valid TOML"):
        lint_plan(sample_plan(), principles=path)
    path = write(tmp_path / "q.toml", 'forbiden = ["x"]\n')
    with pytest.raises(UsageProblem, match="forbiden"):
        lint_plan(sample_plan(), principles=path)


def test_missing_principles_file_is_a_usage_error(tmp_path):
    with pytest.raises(UsageProblem, match="does not exist"):
        lint_plan(sample_plan(), principles=tmp_path / "none.toml")


def test_foreign_key_leading_a_unique_constraint_counts_as_indexed():
    plan = sample_plan()
    loan = plan.data_model.entities[2]
    loan.attributes[1].indexed = False
    loan.unique_together = [["member_id", "book_id"]]
    assert "DM003" not in rules(plan)


def _tenancy_skill(tmp_path):
    """A skill whose one check asks for tenant_id on every table."""
    from archnb.skills import load_skills

    folder = tmp_path / "skills" / "tenancy"
    folder.mkdir(parents=True)
    (folder / "SKILL.md").write_text("---\nname: tenancy\ndescription: Tenant rules.\n---\nBody.\n")
    (folder / "rules.yaml").write_text(
        "version: 1\nalways: true\nlint:\n  - id: tenant-everywhere\n    severity: error\n"
        "    require: {attribute: tenant_id, on: all}\n    message: every table needs tenant_id\n"
    )
    return load_skills(cwd=tmp_path).get("tenancy")


def test_skill_check_on_every_entity_skips_the_entity_it_points_at(tmp_path):
    from archnb.plan import Entity

    skill = _tenancy_skill(tmp_path)
    plan = sample_plan()
    plan.data_model.entities.append(Entity(name="tenant", attributes=[
        Attribute(name="id", type="bigint", primary_key=True)]))
    for entity in plan.data_model.entities[:3]:
        entity.attributes.append(Attribute(name="tenant_id", type="bigint", foreign_key="tenant",
                                           indexed=True))
    assert "tenancy/tenant-everywhere" not in rules(plan, skills=[skill])
    plan.data_model.entities[0].attributes.pop()
    assert "tenancy/tenant-everywhere" in rules(plan, skills=[skill])


def test_a_tenant_key_everywhere_leaves_global_accounts_alone_when_a_membership_links_them(tmp_path):
    from archnb.plan import Entity

    skill = _tenancy_skill(tmp_path)
    plan = sample_plan()
    key = Attribute(name="tenant_id", type="bigint", foreign_key="tenant", indexed=True)
    plan.data_model.entities.append(Entity(name="tenant", attributes=[
        Attribute(name="id", type="bigint", primary_key=True)]))
    for entity in plan.data_model.entities[:3]:
        entity.attributes.append(key)
    user_id = Attribute(name="user_id", type="bigint", foreign_key="user", indexed=True)
    plan.data_model.entities += [
        Entity(name="user", attributes=[Attribute(name="id", type="bigint", primary_key=True)]),
        Entity(name="user_session", attributes=[Attribute(name="id", type="bigint", primary_key=True),
                                                user_id]),
    ]
    # Without a membership, accounts that carry no tenant are a finding ...
    assert "tenancy/tenant-everywhere" in rules(plan, skills=[skill])
    # ... with one (a user in a tenant), people's accounts and their sessions are global.
    plan.data_model.entities.append(Entity(name="membership", attributes=[
        Attribute(name="id", type="bigint", primary_key=True), key, user_id]))
    assert "tenancy/tenant-everywhere" not in rules(plan, skills=[skill])
