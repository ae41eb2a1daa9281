"""The REST API from the data model and the brief's domain actions."""

from __future__ import annotations

import re
from functools import lru_cache

from archnb.engines.offline.features import compile_hinted
from archnb.engines.offline.lexicon import ACTION_VERBS, NOMINAL_VERBS, plural, with_article, words
from archnb.engines.offline.reader import BriefFacts, OperationFact
from archnb.plan import Endpoint, Entity, Relationship

# Records whose creation moves money or claims stock: clients retry them with an
# Idempotency-Key so a network retry never doubles the effect.
_MONEY_OR_STOCK = words("order payment refund booking reservation hold subscription transfer purchase checkout "
    "invoice payout ticket appointment rental loan donation bid deposit withdrawal")
# Records that are a history: they are corrected by actions (cancel, refund), never deleted.
_NO_DELETE = words("payment refund invoice transaction audit_log processed_event background_job order "
    "ticket transfer payout ledger_entry reading measurement event click")
_PUBLIC_READS = words("product category book event venue course listing restaurant menu_item dish room hotel "
    "article post performance show match concert artist author menu brand faq")
_SERVER_SET = words("id created_at updated_at status tenant_id user_id external_subject key_hash "
    "last_used_at revoked_at")
_VERB_NOUNS = {"review": "review", "rate": "rating", "comment": "comment", "message": "message",
               "bid": "bid", "vote": "vote"}


def slug(name: str) -> str:
    """Return the URL segment for an entity: order_item -> order-items."""
    return plural(name).replace("_", "-")


def _writable(entity: Entity) -> list[str]:
    return [a.name for a in entity.attributes if a.name not in _SERVER_SET][:12]


def crud_endpoints(entity: Entity, facts: BriefFacts, serves: list[str], join: bool = False) -> list[Endpoint]:
    """Return list, create, read, update and (where it makes sense) delete for one table."""
    name = entity.name
    base = "/" + slug(name)
    item = f"{base}/{{{name}_id}}"
    public = name in _PUBLIC_READS and _public_browsing(facts)
    stateful = any(a.name == "status" for a in entity.attributes)
    idempotent = name in _MONEY_OR_STOCK
    writable = _writable(entity)
    eps = [
        Endpoint(method="GET", path=base, summary=f"List {plural(name).replace('_', ' ')}",
                 operation_id=f"list_{plural(name)}", entity=name, response="list",
                 paginated=True, auth_required=not public, serves=serves),
        Endpoint(method="POST", path=base, summary=f"Create {with_article(name)}",
                 operation_id=f"create_{name}", entity=name, request=writable,
                 response="entity", idempotent=idempotent, serves=serves),
        Endpoint(method="GET", path=item, summary=f"Get {with_article(name)}",
                 operation_id=f"get_{name}", entity=name, auth_required=not public,
                 serves=serves),
    ]
    if not join or any(not a.foreign_key for a in entity.attributes if a.name in writable):
        # A join with columns of its own (an order line's quantity) can change; a bare link cannot.
        eps.append(Endpoint(method="PATCH", path=item, summary=f"Update {with_article(name)}",
                            operation_id=f"update_{name}", entity=name,
                            request=list(writable), serves=serves))
    if not stateful and name not in _NO_DELETE:
        eps.append(Endpoint(method="DELETE", path=item, summary=f"Delete {with_article(name)}",
                            operation_id=f"delete_{name}", entity=name, response="none",
                            serves=serves))
    return eps


_BROWSE = compile_hinted(r"\b(?:browse|browsing|guests?|anonymous|public(?:ly)?|without (?:an )?account|"
                     r"visitors?|catalogu?e)\b", re.IGNORECASE)


def _public_browsing(facts: BriefFacts) -> bool:
    return _browsable(facts.text)


@lru_cache(maxsize=16)
def _browsable(text: str) -> bool:
    # Asked once per public entity; a long brief is scanned once, not once per entity.
    return bool(_BROWSE.search(text))


def nested_endpoints(rel: Relationship, entities: dict[str, Entity], serves: list[str]) -> list[Endpoint]:
    """Return GET /parents/{parent_id}/children for a one-to-many link."""
    parent, child = rel.source, rel.target
    if rel.cardinality != "one-to-many" or parent not in entities or child not in entities:
        return []
    path = f"/{slug(parent)}/{{{parent}_id}}/{slug(child)}"
    return [Endpoint(method="GET", path=path,
                     summary=f"List the {plural(child).replace('_', ' ')} of {with_article(parent)}",
                     operation_id=f"list_{parent}_{plural(child)}", entity=child,
                     response="list", paginated=True, serves=serves)]


def file_endpoints(entity: Entity, serves: list[str]) -> list[Endpoint]:
    """Return the endpoints of a table of stored files (one with a `storage_key`): an upload is
    started under the record it belongs to and answered with a signed URL the client sends the
    bytes to; reading one returns a short-lived download URL. A file is replaced, not edited."""
    name = entity.name
    owner = next((a.foreign_key for a in entity.attributes
                  if a.foreign_key and a.foreign_key not in ("user", "tenant")), None)
    base = f"/{slug(owner)}/{{{owner}_id}}/{slug(name)}" if owner else "/" + slug(name)
    item = f"/{slug(name)}/{{{name}_id}}"
    request = [n for n in _writable(entity) if n not in (f"{owner}_id", "storage_key", "uploaded_by")]
    return [
        Endpoint(method="POST", path=base,
                 summary=f"Start an upload: record {with_article(name)} and return a signed upload URL",
                 operation_id=f"upload_{name}", entity=name, request=request, serves=serves),
        Endpoint(method="GET", path=item,
                 summary=f"Get {with_article(name)} with a short-lived download URL",
                 operation_id=f"get_{name}", entity=name, serves=serves),
        Endpoint(method="DELETE", path=item, summary=f"Delete {with_article(name)} and its stored file",
                 operation_id=f"delete_{name}", entity=name, response="none", serves=serves),
    ] + ([] if owner else [
        Endpoint(method="GET", path=base, summary=f"List {plural(name).replace('_', ' ')}",
                 operation_id=f"list_{plural(name)}", entity=name, response="list",
                 paginated=True, serves=serves)])


def link_endpoints(rel: Relationship, entities: dict[str, Entity], serves: list[str]) -> list[Endpoint]:
    """Return link/list endpoints for a many-to-many pair through its join table."""
    a, b, via = rel.source, rel.target, rel.via
    if not via or via not in entities or a not in entities or b not in entities:
        return []
    base = f"/{slug(a)}/{{{a}_id}}/{slug(b)}"
    return [
        Endpoint(method="GET", path=base, summary=f"List the {plural(b).replace('_', ' ')} of {with_article(a)}",
                 operation_id=f"list_{a}_{plural(b)}", entity=b, response="list", paginated=True,
                 serves=serves),
        Endpoint(method="POST", path=base, summary=f"Link {with_article(b)} to {with_article(a)}",
                 operation_id=f"link_{a}_{b}", entity=via, serves=serves,
                 request=[f"{b}_id"] + [n for n in _writable(entities[via])
                                        if n not in (f"{a}_id", f"{b}_id")]),
        Endpoint(method="DELETE", path=f"{base}/{{{b}_id}}", summary=f"Unlink {with_article(b)} from {with_article(a)}",
                 operation_id=f"unlink_{a}_{b}", entity=via, response="none", serves=serves),
    ]


def action_endpoints(op: OperationFact, entities: dict[str, Entity], serves: list[str]) -> list[Endpoint]:
    """Return POST /records/{id}/verb for a domain action such as renew, cancel or assign."""
    name = op.entity
    if name not in entities:
        return []
    verb = op.verb
    noun = _VERB_NOUNS.get(verb) or NOMINAL_VERBS.get(verb)
    if noun and noun in entities:
        return []  # "review a product" is creating a review: its CRUD covers it
    if verb not in ACTION_VERBS and verb not in ("check-in", "checkout"):
        return []
    segment = verb.replace("_", "-")
    path = f"/{slug(name)}/{{{name}_id}}/{segment}"
    target = f" to {with_article(op.target)}" if op.target else ""
    if op.target and verb in ("assign", "allocate", "match", "dispatch"):
        summary = f"{verb.capitalize()} {with_article(op.target)} to {with_article(name)}"
    else:
        summary = f"{verb.replace('-', ' ').capitalize()} {with_article(name)}{target if not op.target else ''}"
    request = [f"{op.target}_id"] if op.target else []
    return [Endpoint(method="POST", path=path, summary=summary,
                     operation_id=f"{verb.replace('-', '_')}_{name}", entity=name, request=request,
                     idempotent=verb in ("pay", "refund", "checkout", "hold", "reserve", "book",
                                         "renew", "redeem", "settle"),
                     serves=serves)]


def me_endpoints(serves: list[str]) -> list[Endpoint]:
    """Return the signed-in user's own profile endpoints."""
    return [
        Endpoint(method="GET", path="/me", summary="Get the signed-in user", operation_id="get_me",
                 entity="user", serves=serves),
        Endpoint(method="PATCH", path="/me", summary="Update the signed-in user's profile",
                 operation_id="update_me", entity="user", request=["display_name"], serves=serves),
    ]
