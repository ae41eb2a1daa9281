"""User stories and EARS acceptance criteria ("WHEN ... THE SYSTEM SHALL ...") for requirements.

The criteria come from what the plan commits to for a requirement: the endpoints and
entities that serve it, and the numbers of a non-functional requirement. Nothing is made
up: a requirement that nothing serves gets one criterion restating it.
"""

from __future__ import annotations

import re

from archnb.plan import Endpoint, Entity, Requirement, TechnicalPlan

_STORY = re.compile(
    r"^(?:the |a |an |all |every )?(?P<actor>[a-z][a-z -]{1,30}?)s?\s+"
    r"(?P<modal>can|could|may|must|should|shall|will|want to|need to|are able to|is able to)\s+"
    r"(?P<action>.+)$",
    re.IGNORECASE,
)


def user_story(requirement: Requirement) -> tuple[str, str]:
    """Return (actor, action) read from requirement text like 'Members can borrow copies'."""
    text = " ".join(requirement.text.split()).rstrip(".")
    match = _STORY.match(text)
    if match and requirement.kind == "functional":
        action = match.group("action")
        return match.group("actor").lower(), action[0].lower() + action[1:]
    actor = "operator" if requirement.kind == "non_functional" else "user"
    return actor, text[0].lower() + text[1:] if text else text


_YOO_SOUND = ("user", "uni", "use", "usu", "uti", "euro", "one")


def article(noun: str) -> str:
    """Return 'a' or 'an' for `noun`: by its first letter, except words that start with a
    'yoo' or 'wun' sound (a user, a unit, a one-off)."""
    word = noun.lower()
    if word.startswith(_YOO_SOUND):
        return "a"
    if word.startswith(("hour", "honest", "honour", "honor", "heir")):
        return "an"
    return "an" if word[:1] in "aeiou" else "a"


def with_article(noun: str) -> str:
    """Return `noun` with its indefinite article: 'an order', 'a member'."""
    return f"{article(noun)} {noun}"


def acceptance_criteria(plan: TechnicalPlan, requirement: Requirement) -> list[str]:
    """Return EARS criteria for `requirement`, each 'WHEN <event> THE SYSTEM SHALL <response>'."""
    criteria: list[str] = []
    base = plan.api.base_path.rstrip("/")
    for endpoint in plan.api.endpoints:
        if requirement.id in endpoint.serves:
            criteria += _endpoint_criteria(plan, endpoint, base)
    for entity in plan.data_model.entities:
        if requirement.id in entity.serves:
            criteria += _entity_criteria(entity)
    if requirement.target is not None:
        criteria.append(_target_criterion(requirement))
    if not criteria:
        actor, action = user_story(requirement)
        criteria.append(
            f"WHEN {with_article(actor)} relies on this requirement THE SYSTEM SHALL {_shall(action, requirement)}"
        )
    return list(dict.fromkeys(criteria))


def _shall(action: str, requirement: Requirement) -> str:
    if requirement.kind == "functional" and _STORY.match(requirement.text.strip()):
        actor, _ = user_story(requirement)
        return f"allow {with_article(actor)} to {action}"
    return f"meet it as stated: {action}"


def _endpoint_criteria(plan: TechnicalPlan, endpoint: Endpoint, base: str) -> list[str]:
    call = f"{endpoint.method} {base}{endpoint.path}"
    noun = (endpoint.entity or "resource").replace("_", " ")
    criteria = [f"WHEN a client sends {call} THE SYSTEM SHALL {_response(endpoint, noun)}"]
    if endpoint.request:
        entity = plan.data_model.entity(endpoint.entity or "")
        required = _required_fields(entity, endpoint.request)
        if required:
            criteria.append(
                f"WHEN {with_article(call)} request lacks {', '.join(required)} THE SYSTEM SHALL reject it "
                "with status 422 and name the missing fields"
            )
    if endpoint.auth_required and plan.api.auth_scheme != "none":
        criteria.append(
            f"WHEN {with_article(call)} request carries no valid credentials THE SYSTEM SHALL reject it "
            "with status 401 and change nothing"
        )
    if endpoint.idempotent:
        criteria.append(
            f"WHEN {with_article(call)} request is repeated with the same Idempotency-Key THE SYSTEM SHALL "
            "return the first result and perform the action only once"
        )
    return criteria


def _response(endpoint: Endpoint, noun: str) -> str:
    if endpoint.response == "accepted":
        return f"accept the work with status 202 and complete it asynchronously ({endpoint.summary})"
    if endpoint.method == "POST":
        return f"create the {noun} and respond with status 201 ({endpoint.summary})"
    if endpoint.method in ("PUT", "PATCH"):
        return f"update the {noun} and respond with status 200, or 404 if it does not exist"
    if endpoint.method == "DELETE":
        return f"delete the {noun} and respond with status 204, or 404 if it does not exist"
    if endpoint.response == "list":
        page = " one page at a time" if endpoint.paginated else ""
        return f"return the matching {noun} records{page} ({endpoint.summary})"
    return f"return the {noun} with status 200, or 404 if it does not exist"


def _required_fields(entity: Entity | None, fields: list[str]) -> list[str]:
    if entity is None:
        return []
    required = {a.name for a in entity.attributes if not a.nullable and not a.default}
    return [f for f in fields if f in required]


def _entity_criteria(entity: Entity) -> list[str]:
    noun = entity.name.replace("_", " ")
    criteria = []
    for attribute in entity.attributes:
        if attribute.unique and not attribute.primary_key:
            criteria.append(
                f"WHEN {with_article(noun)} is saved with {with_article(attribute.name)} that another {noun} already has "
                "THE SYSTEM SHALL reject it with status 409"
            )
        if attribute.foreign_key:
            target = attribute.foreign_key.replace("_", " ")
            criteria.append(
                f"WHEN {with_article(noun)} refers to {with_article(target)} that does not exist THE SYSTEM SHALL "
                "reject it and store nothing"
            )
        if attribute.choices:
            criteria.append(
                f"WHEN {with_article(noun)} is saved with {with_article(attribute.name)} outside "
                f"{', '.join(attribute.choices)} THE SYSTEM SHALL reject it"
            )
    return criteria


_AT_MOST = ("ms", "s", "sec", "second", "seconds", "minutes", "usd", "$", "%error")


def _target_criterion(requirement: Requirement) -> str:
    unit = (requirement.unit or "").strip()
    metric = requirement.metric or requirement.text
    lowered = f"{metric} {unit}".lower()
    at_most = unit.lower() in _AT_MOST or any(w in lowered for w in ("latency", "cost", "error"))
    bound = "at or below" if at_most else "at or above"
    amount = f"{requirement.target:g}{' ' + unit if unit else ''}"
    return (
        f"WHEN {metric} is measured under the planned peak load THE SYSTEM SHALL keep it "
        f"{bound} {amount}"
    )
