"""Skill rules in the offline engine: `when` clauses, priority order, merging, placeholders."""

from __future__ import annotations

from pathlib import Path

import pytest

from archnb.engines.base import DraftRequest
from archnb.engines.offline import OfflineEngine
from archnb.engines.offline.reader import read_brief
from archnb.engines.offline.rules import (
    PlanParts,
    RuleRef,
    apply_rules,
    fill_text,
    when_holds,
)
from archnb.options import ArchitectOptions
from archnb.skills import Rule, Skill, SkillRules, load_skills, select_skills

TICKETS = ("Fans buy tickets for concerts; 50,000 concurrent fans at peak. Payments go through "
           "a payment provider with webhooks. GDPR applies. Each event has many seats.")


@pytest.fixture(scope="module")
def facts():
    return read_brief(TICKETS)


@pytest.mark.parametrize(("when", "holds"), [
    ({}, True),
    ({"features_any": ["payments", "rag"]}, True),
    ({"features_any": ["rag", "timeseries"]}, False),
    ({"features_all": ["payments", "webhooks"]}, True),
    ({"features_all": ["payments", "rag"]}, False),
    ({"features_none": ["rag"]}, True),
    ({"features_none": ["payments"]}, False),
    ({"keywords_any": ["concert"]}, True),  # whole word, plural allowed
    ({"keywords_any": ["conc"]}, False),
    ({"compliance_any": ["GDPR"]}, True),
    ({"compliance_any": ["hipaa"]}, False),
    ({"min": {"concurrent_users": 10_000}}, True),
    ({"min": {"concurrent_users": 100_000}}, False),
    ({"min": {"rows": 1}}, False),  # a number the brief does not state never holds
    ({"max": {"concurrent_users": 60_000}}, True),
    ({"max": {"concurrent_users": 1_000}}, False),
    ({"entities_any": ["seat", "rocket"]}, True),
    ({"entities_any": ["rocket"]}, False),
    ({"features_any": ["payments"], "min": {"concurrent_users": 100_000}}, False),
])
def test_when_clauses(facts, when, holds):
    assert when_holds(when, facts) is holds


def test_entities_any_reads_the_plan_when_given(facts):
    plan = OfflineEngine().draft(DraftRequest(brief=TICKETS, skills=[], options=ArchitectOptions()))
    assert when_holds({"entities_any": ["processed_event"]}, facts, plan)
    assert not when_holds({"entities_any": ["processed_event"]}, facts)


def _rule(**data) -> Rule:
    return Rule.model_validate(data)


def _ref(rule: Rule, skill: str = "fixture", order: int = 0) -> RuleRef:
    return RuleRef(rule, skill, order)


def test_rules_apply_in_priority_order_and_the_first_wins(facts):
    late = _rule(id="late", priority=60, components=[
        {"id": "cache", "name": "Memcached", "kind": "cache", "responsibility": "x"}],
        stack=[{"layer": "Cache", "choice": "Memcached", "rationale": "late"}])
    early = _rule(id="early", priority=10, components=[
        {"id": "cache", "name": "Redis", "kind": "cache", "responsibility": "x"}],
        stack=[{"layer": "cache", "choice": "Redis", "rationale": "early"}])
    skipped = _rule(id="never", when={"features_any": ["rag"]}, components=[
        {"id": "vectors", "name": "Vectors", "kind": "vector_store", "responsibility": "x"}])
    parts = PlanParts()
    refs = sorted([_ref(late), _ref(early, order=1), _ref(skipped, order=2)],
                  key=lambda r: (r.rule.priority, r.skill, r.order))
    apply_rules(refs, facts, parts, lambda when: ["FR-001"])
    assert parts.components["cache"].name == "Redis"
    assert list(parts.stack.values())[0].choice == "Redis"
    assert "vectors" not in parts.components
    assert parts.rules_applied == ["fixture/early", "fixture/late"]


def test_placeholders_are_filled_from_the_brief(facts):
    rule = _rule(id="scale", decision={
        "title": "Scale", "context": "About {concurrent_users} fans and {rps} rps; {unknown} stays.",
        "choice": "Scale out", "rationale": "For {concurrent_users} users.",
        "options": [{"name": "a"}, {"name": "b"}]},
        endpoints=[{"method": "GET", "path": "/events/{event_id}", "summary": "For {rps} rps"}])
    parts = PlanParts()
    apply_rules([_ref(rule)], facts, parts, lambda when: [])
    decision = parts.decisions[0].decision
    assert decision.context == "About 50,000 fans and 5,000 rps; {unknown} stays."
    assert decision.rationale == "For 50,000 users."
    endpoint = next(iter(parts.endpoints.values()))
    assert endpoint.path == "/events/{event_id}" and endpoint.summary == "For 5,000 rps"
    assert fill_text("{availability}%", {"availability": 99.95}) == "99.95%"


def test_sections_merge_lists_and_fill_blank_strings(facts):
    first = _rule(id="a", security={"authentication": "OIDC", "data_protection": ["TLS"]},
                  risks=[{"risk": "r1", "mitigation": "m"}], assumptions=["one"],
                  steps=[{"title": "Step A"}])
    second = _rule(id="b", priority=60, security={"authentication": "Sessions",
                   "data_protection": ["TLS", "Encryption at rest"]},
                   risks=[{"risk": "r1", "mitigation": "other"}], assumptions=["one", "two"],
                   steps=[{"title": "Step A"}, {"title": "Step B"}],
                   questions=[{"question": "Q?", "why_it_matters": "w", "assumption": "a"}])
    parts = PlanParts()
    apply_rules([_ref(first), _ref(second, order=1)], facts, parts, lambda when: [])
    assert parts.security.authentication == "OIDC"
    assert parts.security.data_protection == ["TLS", "Encryption at rest"]
    assert [r.mitigation for r in parts.risks] == ["m"]
    assert parts.assumptions == ["one", "two"]
    assert [s.step.title for s in parts.steps] == ["Step A", "Step B"]
    assert parts.questions[0].question.question == "Q?"


def _skill(tmp_path: Path, rules: list[dict]) -> Skill:
    return Skill(name="house-rules", description="d", area="Custom", path=tmp_path,
                 source="project", rules=SkillRules.model_validate({"rules": rules}))


def test_a_skill_teaches_the_engine(tmp_path):
    skill = _skill(tmp_path, [
        {"id": "ledger", "when": {"features_any": ["payments"]},
         "decision": {"title": "Money is kept in a double-entry ledger",
                      "context": "c", "choice": "Ledger tables", "rationale": "r",
                      "options": [{"name": "Ledger tables"}, {"name": "Balance column"}]},
         "entities": [{"name": "ledger_entry", "attributes": [
             {"name": "amount_cents", "type": "bigint", "nullable": False}]}],
         "attributes": [{"entity": "*", "name": "region_code", "type": "char(2)"}],
         "components": [{"id": "ledger_svc", "name": "Ledger", "kind": "service",
                         "responsibility": "Posts entries"}],
         "connections": [{"source": "api", "target": "ledger_svc", "label": "posts"}]},
    ])
    plan = OfflineEngine().draft(DraftRequest(brief=TICKETS, skills=[skill],
                                              options=ArchitectOptions()))
    decision = next(d for d in plan.decisions if d.source_skill == "house-rules")
    assert decision.title == "Money is kept in a double-entry ledger"
    assert decision.serves  # linked to the payment requirement
    entry = plan.data_model.entity("ledger_entry")
    assert entry.primary_key()[0].name == "id"  # added when the rule gives none
    seat = plan.data_model.entity("seat")
    assert any(a.name == "region_code" for a in seat.attributes)
    assert not any(a.name == "region_code" for a in plan.data_model.entity("background_job").attributes)
    assert any(c.source == "api" and c.target == "ledger_svc" for c in plan.architecture.connections)
    assert "house-rules" in plan.metadata.skills_used


def test_a_skill_decision_replaces_the_built_in_one_on_its_topic(tmp_path):
    skill = _skill(tmp_path, [
        {"id": "style", "priority": 5, "decision": {
            "title": "Architecture style", "context": "c", "choice": "Serverless functions",
            "rationale": "r", "options": [{"name": "Serverless functions"}, {"name": "Monolith"}]}},
    ])
    plan = OfflineEngine().draft(DraftRequest(brief=TICKETS, skills=[skill],
                                              options=ArchitectOptions()))
    styles = [d for d in plan.decisions if d.title == "Architecture style"]
    assert [d.choice for d in styles] == ["Serverless functions"]
    assert plan.architecture.style == "Serverless functions"


def test_built_in_rules_alone_make_a_full_plan():
    plan = OfflineEngine().draft(DraftRequest(brief=TICKETS, skills=[], options=ArchitectOptions()))
    titles = {d.title for d in plan.decisions}
    assert {"Architecture style", "Payments", "Idempotent webhook handling",
            "Consistency for contended items", "Caching", "Horizontal scaling",
            "Data protection", "Observability"} <= titles
    kinds = {c.kind for c in plan.architecture.components}
    assert {"client", "service", "database", "cache", "edge", "external"} <= kinds
    assert plan.data_model.entity("hold") is not None
    webhook = next(ep for ep in plan.api.endpoints if ep.path.startswith("/webhooks/"))
    assert webhook.idempotent and not webhook.auth_required


def test_an_api_style_decision_is_not_the_architecture_style(tmp_path):
    skill = _skill(tmp_path, [
        {"id": "api", "priority": 5, "decision": {
            "title": "API style and error contract", "context": "c",
            "choice": "REST + OpenAPI 3.1", "rationale": "r",
            "options": [{"name": "REST + OpenAPI 3.1"}, {"name": "GraphQL"}]}},
    ])
    plan = OfflineEngine().draft(DraftRequest(brief=TICKETS, skills=[skill],
                                              options=ArchitectOptions()))
    assert plan.architecture.style == "Modular monolith"
    assert not plan.summary.startswith("REST")


def test_the_style_effect_sets_the_architecture_style_and_a_later_rule_wins(tmp_path):
    skill = _skill(tmp_path, [
        {"id": "late", "priority": 60, "style": "event-driven services"},
        {"id": "early", "priority": 5, "style": "microservices"},
    ])
    plan = OfflineEngine().draft(DraftRequest(brief=TICKETS, skills=[skill],
                                              options=ArchitectOptions()))
    assert plan.architecture.style == "event-driven services"


def test_an_appointment_diary_is_booked_but_not_held_like_concert_seats():
    diary = ("A dog grooming salon wants online booking. Customers book an appointment for their "
             "dog with a groomer; each groomer has working hours and each service (bath, trim, "
             "nails) has a duration. Customers pay a deposit by card when they book.")
    skillset = load_skills()
    plan = OfflineEngine().draft(DraftRequest(brief=diary, skills=select_skills(diary, skillset),
                                              options=ArchitectOptions()))
    names = {e.name for e in plan.data_model.entities}
    assert "appointment" in names
    assert not names & {"hold", "inventory_hold", "saga_instance"}
    assert not any("contended" in d.title.lower() for d in plan.decisions)
    seats = OfflineEngine().draft(DraftRequest(brief=TICKETS, skills=select_skills(TICKETS, skillset),
                                               options=ArchitectOptions()))
    assert {"inventory_hold", "saga_instance"} <= {e.name for e in seats.data_model.entities}


def _draft(brief: str):
    skillset = load_skills()
    return OfflineEngine().draft(DraftRequest(brief=brief, skills=select_skills(brief, skillset),
                                              options=ArchitectOptions()))


def test_people_who_sign_in_have_one_account_table():
    plan = _draft("A clinic portal. Patients log in with a password to book appointments; "
                  "receptionists and admins have roles and permissions.")
    names = {e.name for e in plan.data_model.entities}
    assert "user" in names and "user_account" not in names
    user = {a.name for a in plan.data_model.entity("user").attributes}
    assert {"email", "role", "password_hash", "last_login_at"} <= user  # the domain's and the skill's
    assert "idp_subject" not in user  # one subject column, not two
    keys = {(e.name, a.name): a.foreign_key for e in plan.data_model.entities for a in e.attributes}
    assert keys[("role_assignment", "user_id")] == "user"
    assert keys[("user_session", "user_id")] == "user"


@pytest.mark.parametrize(("brief", "outbox"), [
    ("Restaurants publish menus and teachers publish assignments; customers subscribe to a "
     "newsletter.", False),
    ("Each module publishes events to an event bus; billing reacts to events from orders.", True),
])
def test_an_outbox_needs_events_between_parts_of_the_system(brief, outbox):
    names = {e.name for e in _draft(brief).data_model.entities}
    assert ("outbox_event" in names) is outbox


@pytest.mark.parametrize(("brief", "rollups"), [
    ("A small garage. Mechanics log jobs; the owner wants a monthly report of revenue per "
     "mechanic and a dashboard of open jobs.", False),
    ("Smart meters send 2,000 readings per second; dashboards show consumption per hour for "
     "each customer over the last two years.", True),
])
def test_reports_on_small_data_read_the_primary(brief, rollups):
    plan = _draft(brief)
    assert ("metric_rollup" in {e.name for e in plan.data_model.entities}) is rollups
    reports = next(d for d in plan.decisions if d.title == "Where reports and dashboards read from")
    assert ("Rollup" in reports.choice) is rollups


def test_an_appointment_reminder_is_not_a_human_task():
    salon = _draft("Hair salon bookings: clients book a stylist online and get an SMS reminder "
                   "the day before; stylists see their day on a tablet.")
    assert "human_task" not in {e.name for e in salon.data_model.entities}
    approvals = _draft("Purchase requests need approval by a manager and then by finance; "
                       "approvers get a reminder after two days and escalation after five.")
    assert "human_task" in {e.name for e in approvals.data_model.entities}


@pytest.mark.parametrize(("brief", "overlap", "holds"), [
    pytest.param("Speech therapy clinic. Therapists book appointments in one of our three therapy "
                 "rooms, so that rooms are never double-booked. Parents pay invoices online.",
                 True, False, id="a-diary"),
    pytest.param(TICKETS, False, True, id="a-sale-fought-over"),
])
def test_a_diary_keeps_bookings_apart_and_a_sale_holds_units(brief, overlap, holds):
    skills = select_skills(brief, load_skills())
    plan = OfflineEngine().draft(DraftRequest(brief=brief, skills=skills, options=ArchitectOptions()))
    titles = " / ".join(d.title for d in plan.decisions)
    assert ("overlapping" in titles) is overlap, titles
    assert ("expiring holds" in titles) is holds, titles
    if overlap:
        decision = next(d for d in plan.decisions if "overlapping" in d.title)
        assert any("EXCLUDE USING gist" in c for c in decision.consequences)


def test_a_web_sign_in_decision_is_the_only_authentication_decision():
    # The skill's sessions decision ("How users sign in ...") covers the built-in topic: the
    # plan must not also choose a managed identity provider with JWTs, nor draw one.
    plan = _draft("Runners register with a password and pay an entry fee online; volunteers "
                  "sign up for shifts at water stations.")
    titles = [d.title for d in plan.decisions]
    assert "How users sign in and stay signed in" in titles
    assert "Authentication and authorization" not in titles
    assert not [c for c in plan.architecture.components if c.id in {"idp", "identity_provider"}]
    assert "session" in plan.security.authentication.lower()


def test_with_a_connection_pooler_the_api_reaches_postgresql_only_through_it():
    plan = _draft(TICKETS)
    lines = {(c.source, c.target): c.label for c in plan.architecture.connections}
    assert lines[("api", "db_pooler")] == "reads and writes"
    assert ("db_pooler", "db") in lines
    assert ("api", "db") not in lines  # the diagram drew both the hop and the direct line
    assert ("edge", "api") in lines and ("client", "api") not in lines


def test_the_briefs_own_tenant_table_owns_the_rows():
    # "Orgs (tenants)": the organisation is the tenant; rows are keyed to it, and no second,
    # generic tenant table stands beside it.
    plan = _draft("Hosted CI. Orgs (tenants) connect repositories; a push on a repository "
                  "triggers a run. Users join orgs with a role. Secrets are per repository.")
    names = {e.name for e in plan.data_model.entities}
    assert "organisation" in names and "tenant" not in names
    # the key keeps the name the isolation decisions and the row-level security policy use
    repo = {a.name: a.foreign_key for a in plan.data_model.entity("repository").attributes}
    assert repo["tenant_id"] == "organisation" and "organisation_id" not in repo
    membership = plan.data_model.entity("membership")
    keys = {a.name: a.foreign_key for a in membership.attributes}
    assert keys["tenant_id"] == "organisation" and keys["user_id"] == "user"
    assert membership.unique_together == [["tenant_id", "user_id"]]
    assert not any(a.foreign_key == "tenant" for e in plan.data_model.entities for a in e.attributes)


def test_a_membership_always_names_its_tenant():
    plan = _draft("A multi-tenant SaaS help desk: customer companies sign up and keep their data "
                  "apart; agents answer tickets.")
    membership = plan.data_model.entity("membership")
    keys = {a.name: a.foreign_key for a in membership.attributes}
    assert keys.get("tenant_id") == "tenant" and keys.get("user_id") == "user"


def test_a_workspace_product_keys_rows_to_the_workspace():
    plan = _draft("A Slack clone: workspaces have channels; users join channels and post messages.")
    names = {e.name for e in plan.data_model.entities}
    assert "workspace" in names and "tenant" not in names
    channel = {a.name: a.foreign_key for a in plan.data_model.entity("channel").attributes}
    assert channel.get("tenant_id") == "workspace"


def test_joining_an_organisation_makes_a_membership_not_an_owner():
    plan = _draft("Hosted CI. Orgs (tenants) connect repositories. Users join orgs with a role.")
    org = {a.name: a.foreign_key for a in plan.data_model.entity("organisation").attributes}
    assert "user_id" not in org
    membership = {a.name: a.foreign_key for a in plan.data_model.entity("membership").attributes}
    assert membership["user_id"] == "user" and membership["tenant_id"] == "organisation"


def test_a_points_ledger_keeps_entries_with_amounts():
    plan = _draft("A loyalty programme: shoppers earn points on every purchase and redeem points "
                  "for rewards from a catalog; a redemption gives a voucher code. The points "
                  "ledger is append-only.")
    names = {e.name for e in plan.data_model.entities}
    assert {"ledger_entry", "reward", "redemption"} <= names
    entry = {a.name for a in plan.data_model.entity("ledger_entry").attributes}
    assert {"amount", "entry_type", "occurred_at"} <= entry and "name" not in entry


def test_a_multi_tenant_plan_passes_its_own_tenant_lint():
    # Every table the design adds carries the tenant key; people's accounts stay global, tied
    # to tenants by membership. The plan used to fail its own blocking check (exit code 1).
    from archnb.lint import has_blocking, lint_plan

    brief = ("A multi-tenant CRM sold as SaaS: each company (tenant) gets its own workspace with "
             "users who have roles. Reps log calls and deals; customers pay invoices by card; "
             "users get email notifications and upload files.")
    skills = select_skills(brief, load_skills())
    plan = OfflineEngine().draft(DraftRequest(brief=brief, skills=skills, options=ArchitectOptions()))
    assert not has_blocking(lint_plan(plan, skills=skills))
    keys = {e.name: {a.name: a for a in e.attributes} for e in plan.data_model.entities}
    assert "tenant_id" not in keys["user"]
    for name, columns in keys.items():
        if name not in ("user", "user_session", "company") and not name.startswith("user_"):
            assert "tenant_id" in columns, name
    job = keys.get("background_job")
    assert job is None or job["tenant_id"].nullable  # a system-wide job has no tenant
