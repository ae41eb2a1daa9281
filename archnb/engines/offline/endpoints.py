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
    owner = next((a.foreign_key for a in entity.attributes if a.foreign_key
                  and a.foreign_key not in ("user", "tenant") and a.name != "tenant_id"), None)
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


# Toggles: one row per person and thing, set with PUT and cleared with DELETE on one path.
_TOGGLES = {"like": "Like", "vote": "Vote on", "bookmark": "Bookmark", "favorite": "Favourite",
            "star": "Star", "hide": "Hide", "block": "Block", "follow": "Follow"}
# What only the person who did it sees: listed under /me.
_PRIVATE = frozenset(("bookmark", "favorite", "hide", "block"))
_UNDO = {"like": "Unlike", "vote": "Withdraw your vote on", "bookmark": "Remove your bookmark on",
         "favorite": "Unfavourite", "star": "Unstar", "hide": "Unhide", "block": "Unblock",
         "follow": "Unfollow"}


def reaction_endpoints(reaction, entity: Entity, serves: list[str]) -> list[Endpoint]:
    """Return the endpoints of what people do to things (see social.py): a like is PUT and
    DELETE on /tweets/{tweet_id}/like, not a CRUD resource; comments live under what they
    are about; members join and leave; invitations are accepted with their token."""
    kind, target, table = reaction.kind, reaction.target, entity.name
    here = f"/{slug(target)}/{{{target}_id}}"
    things = plural(target).replace("_", " ")

    def ep(method: str, path: str, summary: str, op: str, **kw) -> Endpoint:
        return Endpoint(method=method, path=path, summary=summary, operation_id=op, entity=table,
                        serves=serves, **kw)

    def listing(path: str, summary: str, op: str) -> Endpoint:
        return ep("GET", path, summary, op, response="list", paginated=True)

    if kind in _TOGGLES:
        word = "follow" if kind == "follow" else kind
        verb = _TOGGLES[kind]
        eps = [ep("PUT", f"{here}/{word}", f"{verb} {with_article(target)} (doing it twice keeps one)",
                  f"{word}_{target}", request=["value"] if kind == "vote" else [], idempotent=True),
               ep("DELETE", f"{here}/{word}", f"{_UNDO[kind]} {with_article(target)}",
                  f"un{word}_{target}", response="none")]
        if kind == "follow" and reaction.actor == target:
            return eps + [listing(f"{here}/followers", f"List who follows {with_article(target)}",
                                  f"list_{target}_followers"),
                          listing(f"{here}/following", f"List who {with_article(target)} follows",
                                  f"list_{target}_following")]
        if kind in _PRIVATE:
            return eps + [listing(f"/me/{slug(table)}", f"List the {things} you marked ({kind})",
                                  f"list_my_{plural(table)}")]
        return eps + [listing(f"{here}/{plural(word)}", f"List the {plural(word)} of {with_article(target)}",
                              f"list_{target}_{plural(word)}")]
    if kind in ("comment", "report"):
        noun = "comments" if kind == "comment" else "reports"
        eps = [ep("POST", f"{here}/{noun}", f"Comment on {with_article(target)}" if kind == "comment"
                  else f"Report {with_article(target)}, with the reason",
                  f"{kind}_on_{target}", request=_writable_except(entity, f"{target}_id")),
               listing(f"{here}/{noun}" if kind == "comment" else f"/{slug(table)}",
                       f"List the {noun} on {things}" if kind == "report" else
                       f"List the comments on {with_article(target)}", f"list_{target}_{noun}")]
        item = f"/{slug(table)}/{{{table}_id}}"
        return eps + [ep("PATCH", item, f"Edit {with_article(table)}" if kind == "comment" else
                         f"Review {with_article(table)} (set its status)", f"update_{table}",
                         request=["body"] if kind == "comment" else ["status"]),
                      *([ep("DELETE", item, f"Delete {with_article(table)}", f"delete_{table}",
                            response="none")] if kind == "comment" else [])]
    if kind == "member":
        return [ep("POST", f"{here}/join", f"Join {with_article(target)}", f"join_{target}", idempotent=True),
                ep("DELETE", f"{here}/membership", f"Leave {with_article(target)}", f"leave_{target}",
                   response="none"),
                listing(f"{here}/members", f"List the members of {with_article(target)}",
                        f"list_{target}_members"),
                ep("PATCH", f"{here}/members/{{user_id}}", f"Change a member's role in {with_article(target)}",
                   f"set_{target}_member_role", request=["role"])]
    if kind == "rsvp":
        return [ep("PUT", f"{here}/rsvp", f"Answer {with_article(target)}: yes, no or waitlist",
                   f"rsvp_{target}", request=["response"], idempotent=True),
                listing(f"{here}/rsvps", f"List the answers to {with_article(target)}", f"list_{target}_rsvps")]
    if kind in ("share", "ban"):
        where = reaction.place if kind == "ban" and reaction.place else target
        base = f"/{slug(where)}/{{{where}_id}}/{plural(kind)}" if kind == "share" or reaction.place \
            else f"/{slug(table)}"
        fields = ["role"] if kind == "share" else ["reason", "expires_at"]
        return [ep("PUT", f"{base}/{{user_id}}", f"Share {with_article(where)} with a person, in a role"
                   if kind == "share" else f"Ban a person from {with_article(where)}" if reaction.place
                   else "Ban a person", f"{kind}_{where}_user",
                   request=fields, idempotent=True),
                ep("DELETE", f"{base}/{{user_id}}", f"Lift the {kind} of a person", f"un{kind}_{where}_user",
                   response="none"),
                listing(base, f"List the {plural(kind)} of {with_article(where)}", f"list_{where}_{plural(kind)}")]
    if kind == "invitation":
        where = reaction.place
        base = f"/{slug(where)}/{{{where}_id}}/invitations" if where else "/invitations"
        return [ep("POST", base, "Invite someone by email (sends a link with a single-use token)",
                   f"invite_to_{where or 'site'}", request=["email"]),
                listing(base, "List pending invitations", f"list_{where or 'site'}_invitations"),
                ep("POST", "/invitations/{token}/accept", "Accept an invitation with its token",
                   "accept_invitation", idempotent=True),
                ep("DELETE", "/invitations/{invitation_id}", "Revoke an invitation", "revoke_invitation",
                   response="none")]
    if kind in ("revision", "version"):
        noun = plural(kind)
        return [listing(f"{here}/{noun}", f"List the {noun} of {with_article(target)}",
                        f"list_{target}_{noun}"),
                ep("GET", f"{here}/{noun}/{{number}}", f"Get one {kind} of {with_article(target)}",
                   f"get_{target}_{kind}"),
                ep("POST", f"{here}/{noun}/{{number}}/restore", f"Restore {with_article(target)} to this {kind}",
                   f"restore_{target}_{kind}")]
    if kind == "history":
        return [ep("PUT", f"{here}/progress", f"Save where you stopped in {with_article(target)}",
                   f"save_{target}_progress", request=["position_seconds", "completed"], idempotent=True),
                listing(f"/me/{slug(table)}", f"Your {table.replace('_', ' ')}, newest first",
                        f"list_my_{plural(table)}")]
    if kind == "availability":
        who = reaction.actor
        path = f"/{slug(who)}/{{{who}_id}}/availability"
        return [ep("GET", path, f"Get the weekly hours {with_article(who)} can be booked",
                   f"get_{who}_availability", response="list"),
                ep("PUT", path, f"Replace the weekly hours {with_article(who)} can be booked",
                   f"set_{who}_availability", request=["weekday", "starts_at", "ends_at", "time_zone"],
                   idempotent=True)]
    if kind in ("message", "rating", "friendship"):
        return _between_people(kind, reaction.actor, table, ep, listing)
    # an award: what a person earned, listed under them; given by the system or an admin
    who = reaction.actor
    return [listing(f"/{slug(who)}/{{{who}_id}}/{slug(target)}", f"List the {things} {with_article(who)} earned",
                    f"list_{who}_{plural(target)}"),
            ep("POST", f"/{slug(who)}/{{{who}_id}}/{slug(target)}", f"Award {with_article(target)}",
               f"award_{target}", request=[f"{target}_id"], idempotent=True)]


def _between_people(kind: str, who: str, table: str, ep, listing) -> list[Endpoint]:
    """A message sent, a rating given, a friendship asked for: one person to another."""
    base, item = f"/{slug(table)}", f"/{slug(table)}/{{{table}_id}}"
    if kind == "message":
        return [ep("POST", base, f"Send a message to another {who.replace('_', ' ')}", "send_message",
                   request=["recipient_id", "body"]),
                listing("/me/messages", "List your messages, newest first", "list_my_messages"),
                ep("PATCH", f"{item}/read", "Mark a message as read", "mark_message_read", idempotent=True)]
    if kind == "rating":
        people = f"/{slug(who)}/{{{who}_id}}/ratings"
        return [ep("POST", base, f"Rate another {who.replace('_', ' ')} (a score of 1 to 5, and a comment)",
                   "create_rating", request=["rated_id", "score", "comment"]),
                listing(people, f"List the ratings {with_article(who)} received", f"list_{who}_ratings")]
    return [ep("POST", base, "Ask someone to be your friend", "request_friendship", request=["addressee_id"]),
            ep("PATCH", item, "Accept or decline a friend request", "answer_friendship", request=["status"]),
            listing("/me/friends", "List your friends and pending requests", "list_my_friendships"),
            ep("DELETE", item, "End a friendship or withdraw a request", "delete_friendship", response="none")]


def _writable_except(entity: Entity, *names: str) -> list[str]:
    return [n for n in _writable(entity) if n not in names and n != "author_id"]
