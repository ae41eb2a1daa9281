"""What people do to each other's things: follow, like, vote, bookmark, react, comment.

"Users follow other users, like and comment on posts" asks for a follow table (a user follows
a user), a like per user and post, and comments on posts. Each is a row per person and thing,
unique per pair, which the brief never names as a noun: the verbs say it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from archnb.engines.offline.lexicon import ROLE_NOUNS, plural, singular
from archnb.engines.offline.vocabulary import DOMAIN_NOUNS

# verb form -> kind of record ("vote" covers up- and downvotes)
_VERBS = {
    "follow": "follow", "follows": "follow",
    "like": "like", "likes": "like", "heart": "like", "hearts": "like",
    "upvote": "vote", "upvotes": "vote", "downvote": "vote", "downvotes": "vote",
    "vote": "vote", "votes": "vote",
    "bookmark": "bookmark", "bookmarks": "bookmark",
    "favourite": "favorite", "favourites": "favorite", "favorite": "favorite",
    "share": "share", "shares": "share",
    "favorites": "favorite",
    "react": "reaction", "reacts": "reaction",
    "comment": "comment", "comments": "comment",
    "star": "star", "stars": "star",
    "join": "member", "joins": "member",
    "block": "block", "blocks": "block", "report": "report", "reports": "report",
    "hide": "hide", "hides": "hide",
    "rsvp": "rsvp", "rsvps": "rsvp",
    "ban": "ban", "bans": "ban", "invite": "invitation", "invites": "invitation",
    "swipe": "swipe", "swipes": "swipe",
    "rank": "preference", "ranks": "preference",
    "retweet": "repost", "retweets": "repost", "repost": "repost", "reposts": "repost",
    "reshare": "repost", "reshares": "repost",
    "message": "message", "messages": "message", "dm": "message",
}
# Past participles: "questions can be upvoted", "posts are liked".
_BE_DONE = re.compile(r"\b(?:be|are|is|get|gets)\s+(\w+)(?:\s+(?:or|and|/)\s+(\w+))?")
_PASSIVE = {"followed": "follow", "liked": "like", "upvoted": "vote", "downvoted": "vote",
            "bookmarked": "bookmark", "favourited": "favorite", "favorited": "favorite",
            "starred": "star"}
# Kinds that only make sense between people: "block or report someone".
_BETWEEN_PEOPLE = frozenset(("follow", "block", "report", "like", "message"))
# Blocking or reporting a thing is something else: "block courts" reserves them, "report a
# concern" files a record. Following one is taking it ("follow a course", "follow a schedule"),
# except for things that publish: artists, shows, tags.
_PEOPLE_ONLY = frozenset(("block", "report", "ban", "invitation", "message"))
_FOLLOWED = frozenset(("artist", "show", "podcast", "tag", "topic", "page", "channel", "author", "team",
                       "creator", "band", "club", "league", "story", "thread", "question", "project",
                       "repository", "repo", "store", "shop", "brand", "organisation", "organization",
                       "company", "community", "subreddit", "board", "blog", "series", "player",
                       "athlete", "seller", "musician", "writer", "publisher", "playlist", "hashtag",
                       "category", "genre", "list", "collection"))
# "the ones they like": a relative clause, whose object is the thing before it
_RELATIVE = frozenset(("they", "we", "you", "i", "that", "which", "who"))
# "an organisation has members", "workspaces have members with a role"
_HAS_MEMBERS = re.compile(r"\b([a-z]+)\s+(?:has|have|with)\s+(?:\w+\s+)?members\b")
_EARNED = re.compile(r"\b(?:get|gets|earn|earns|receive|receives|(?:are|is|get|gets)\s+awarded|unlock|"
                     r"unlocks|collect|collects|win|wins)\s+(?:\w+\s+)?(badges?|achievements?|trophy|"
                     r"trophies|medals?)\b")
_FRIENDS = re.compile(r"\bfriend\s+requests?\b|\b(?:are|become|becomes|be)\s+friends\b|"
                      r"\bfriends?\s+lists?\b|\badd\s+(?:\w+\s+)?friends\b|\bfriendships?\b")
_CHAT = re.compile(r"\b(?:can|could|to|and|then|they|people|users|members)\s+(?:chat|dm)\b(?!\s+(?:bot|room|"
                   r"widget|support|history|log|window))")
_WATCHED = re.compile(r"\b(watch|watching|viewing|view|listening|play|playback|reading|browsing)\s+"
                      r"(?:history|histories|progress)\b")
_WATCH_WORDS = {"watching": "watch", "viewing": "watch", "view": "watch", "playback": "watch", "play": "listen",
                "listening": "listen", "browsing": "browse"}
_MEDIA = ("video", "episode", "movie", "film", "show", "track", "song", "podcast", "book", "article",
          "course", "lesson", "lecture", "product")
# What people like, comment on and share.
_CONTENT = frozenset(("post", "tweet", "photo", "video", "story", "article", "reel", "pin", "question", "answer",
                      "recipe", "review", "link", "comment", "track", "song", "episode", "podcast", "playlist",
                      "listing", "product", "book", "movie", "film", "image", "thread", "message"))
_HISTORY = re.compile(r"\b(revision|version|edit)s?\s+history\b")
_VERSIONS_OF = re.compile(r"\b(?:old|older|previous|past|earlier|prior|all|every)\s+(version|revision)s\s+of\s+"
                          r"(?:the\s+|a\s+|each\s+|every\s+|their\s+)?([a-z]+)")
_VERSIONED = re.compile(r"\b([a-z]+)\s+(?:are|is|get|gets|must\s+be|should\s+be|will\s+be|can\s+be)\s+"
                        r"(?:all\s+|also\s+|fully\s+)?versioned\b")
_AVAILABILITY = re.compile(r"\b(?:set|sets|define|defines|manage|manages|enter|enters|publish|publishes|"
                           r"update|updates|share|shares|mark|marks|give|gives|submit|submits)\s+(?:their|his|her|your|my|our|own|weekly|"
                           r"daily|working|\s)*(?:availability|available\s+hours|working\s+hours)\b")
# Kinds whose object may be left to the sentence: "post tweets, like and retweet".
_ON_THINGS = frozenset(("like", "vote", "comment", "favorite", "bookmark", "star", "hide", "reaction",
                        "swipe", "repost"))
# What a member joins is a group of people, not a waiting list or a queue.
_NOT_JOINED = ("list", "queue", "waitlist", "line", "call", "meeting")
# Verbs that may share an object with those above ("like and retweet", "upvote or share").
_OTHER_VERBS = frozenset(("save", "saves", "rate", "rates", "review", "reviews", "reply", "view",
                          "read", "watch", "download"))
_PARTICLES = frozenset(("on", "to", "for", "with", "up", "right", "left", "or"))
# Words a verb may follow when it is a verb: "users can like", "and like", "people like".
_BEFORE_VERB = frozenset(("can", "could", "may", "might", "will", "would", "to", "and", "or", ",",
                          "also", "should", "must", "they", "we", "you", "i", "then", "/", "easily",
                          "just", "everyone", "anyone", "people", "users", "members", "who"))
_SKIP = frozenset(("the", "a", "an", "other", "their", "each", "any", "all", "your",
                   "his", "her", "my", "our", "its", "fellow", "another",
                   "else's", "other's", "others'", "people's", "users'", "individual", "specific",
                   "favourite", "favorite", "interesting", "new",
                   # "each student ranks exactly five projects": how many, then the things
                   "exactly", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"))
_SELF = frozenset(("user", "users", "people", "person", "account", "accounts", "friend", "friends",
                   "creator", "creators", "profile", "profiles", "someone", "somebody", "anyone",
                   "others"))
# Words that point back at a thing named before: "submit links, others upvote them".
_BACK = frozenset(("them", "it", "those", "these", "ones", "one"))
_EACH_OTHER = re.compile(r"^(?:each\s+other|one\s+another)\b")
_RATE_EACH_OTHER = re.compile(r"\b(?:rate|rates|review|reviews|rating|reviewing)\s+(?:each\s+other|one\s+another)\b")
_WORD = re.compile(r"[a-z][a-z'-]*|[,/;:.!?()]")


@dataclass(frozen=True)
class Reaction:
    """`actor` does `kind` to a `target` ("follow", user, user): a row per actor and target."""

    kind: str
    actor: str
    target: str
    sentence: int
    place: str = ""  # "ban users from a subreddit", "invite people to a workspace"
    roles: tuple[str, ...] = ()  # "share a document with people as viewer or editor"

    @property
    def table(self) -> str:
        if self.kind == "ban" and self.place:
            return f"{self.place}_ban"
        if self.kind in ("message", "friendship", "rating"):
            return self.kind
        if self.kind == "history":
            return f"{self.roles[0]}_history"  # watch_history, listen_history
        if self.kind == "availability":
            return "availability"
        if self.kind == "follow" and self.actor == self.target or self.kind in ("comment", "rsvp",
                                                                                 "invitation"):
            return self.kind  # one follow table, one comment table
        return f"{self.target}_{self.kind}"  # post_like, answer_vote, group_member, user_block


def reactions(sentences: list[str], names: set[str], people: list[str], accounts: bool) -> list[Reaction]:
    """Return the reactions the brief's sentences describe, first mention first, one per table."""
    found: dict[str, Reaction] = {}
    for index, sentence in enumerate(sentences):
        for reaction in _in_sentence(index, sentence, names, people, accounts):
            found.setdefault(reaction.table, reaction)
    return list(found.values())


def _in_sentence(index: int, sentence: str, names: set[str], people: list[str],
                 accounts: bool) -> list[Reaction]:
    text = sentence.lower().replace("’", "'")
    tokens = [(m.group(0), m.start()) for m in _WORD.finditer(text)]
    out: list[Reaction] = []
    i = 0
    while i < len(tokens):
        word, at = tokens[i]
        if word not in _VERBS or not _verb_here(tokens, i, sentence):
            i += 1
            continue
        kinds, j = _verb_group(tokens, i)
        targets, j = _objects(tokens, j, text, names, people)
        actor = _actor(text[:at], people, accounts)
        if tokens[i - 1][0] in ("we", "i"):
            actor = "user" if accounts else ""  # "we block carriers": the business, signed in
        back = j < len(tokens) and tokens[j][0] in _BACK
        if not targets and (set(kinds) <= _ON_THINGS or back) and tokens[i - 1][0] not in _RELATIVE \
                and (j >= len(tokens) or tokens[j][0] in ",;.!?()" or back):
            # "post tweets, like and retweet", "submit links, others upvote them", "join the ones"
            targets = [t for t in [_earlier_thing(text[:at], names, people)] if t]
        if kinds == ["rsvp"] and not targets and "event" in names:
            targets = ["event"]  # "members RSVP yes/no": to the group's events
        place, roles = _place_and_roles(text[tokens[j][1]:] if j < len(tokens) else "", names, people)
        if "share" in kinds and not (roles or place == "@people"):
            kinds.remove("share")  # "share a link": passing it on, not sharing with people
        for target in targets:
            out.extend(r if r.kind not in ("ban", "invitation", "share") or r.target == "@self" else
                       Reaction(r.kind, r.actor, r.target, r.sentence, place if place != "@people" else "",
                                roles)
                       for r in _reactions_of(kinds, actor, target, index, people))
        i = max(j, i + 1)
    for m in _EARNED.finditer(text):
        award = singular(m.group(1))
        if award in names:  # "users get badges": which person earned which badge
            out.append(Reaction("award", _actor(text[:m.start()], people, accounts), award, index))
    for m in _VERSIONS_OF.finditer(text):
        thing = singular(m.group(2))
        if thing in names and thing not in people:  # "old versions of files are kept for 30 days"
            out.append(Reaction("version", _actor(text[:m.start()], people, accounts), thing, index))
    for m in _VERSIONED.finditer(text):
        thing = singular(m.group(1))
        if thing in names and thing not in people:  # "Artifacts are versioned": each version kept
            out.append(Reaction("version", _actor(text[:m.start()], people, accounts), thing, index))
    for m in _HISTORY.finditer(text):
        thing = _earlier_thing(text[:m.start()], names, people)
        if thing:  # "edits to questions keep a revision history": each version of the question
            kind = "version" if m.group(1) == "version" else "revision"
            out.append(Reaction(kind, _actor(text[:m.start()], people, accounts), thing, index))
    if _AVAILABILITY.search(text):
        actor = _actor(text, people, accounts)
        if actor:  # "set weekly availability": the hours each person can be booked
            out.append(Reaction("availability", actor, actor, index))
    for m in _WATCHED.finditer(text):
        media = next((n for n in _MEDIA if n in names), None)
        if accounts and media:  # "we keep each user's watch history, with the position"
            out.append(Reaction("history", "user", media, index,
                                roles=(_WATCH_WORDS.get(m.group(1), m.group(1)),)))
    if _RATE_EACH_OTHER.search(text):  # "shipper and carrier rate each other": who rated whom
        people_here = [p for p in people if re.search(rf"\b{p.replace('_', ' ')}", text)]
        rater = "user" if accounts or len(people_here) != 1 else people_here[0]
        if rater:
            out.append(Reaction("rating", rater, rater, index))
    if accounts and _CHAT.search(text):  # "if two people like each other they can chat"
        out.append(Reaction("message", "user", "user", index))
    if accounts and _FRIENDS.search(text):  # "send friend requests", "users add friends"
        out.append(Reaction("friendship", "user", "user", index))
    for m in _HAS_MEMBERS.finditer(text):
        owner = singular(m.group(1))
        if owner in names and owner not in people:
            out.append(Reaction("member", _actor("", people, accounts), owner, index))
    for m in _BE_DONE.finditer(text):
        kinds = list(dict.fromkeys(_PASSIVE[w] for w in m.groups() if w in _PASSIVE))
        actor = _actor(text[:m.start()], people, accounts)
        clause = re.split(r"[.;:!?]", text[:m.start()])[-1]
        for target in _named_in(clause, names, people) if kinds else []:
            out.extend(_reactions_of(kinds, actor, target, index, people))  # "answers can be upvoted"
    return out


_TO_PLACE = re.compile(r"^(?:from|to|into)\s+(?:the|a|an|their|this|that|it|its|our|your)?\s*([a-z]+)")
_WITH_PEOPLE = re.compile(r"^with\s+(?:other\s+|specific\s+|any\s+)?(?:people|users|others|colleagues|"
                          r"friends|members|someone|anyone|team\s*mates|teammates)\b")
_AS_ROLES = re.compile(r"\bas\s+(?:an?\s+)?([a-z]+(?:\s*(?:,|\bor\b|\band\b|/)\s*(?:an?\s+)?[a-z]+)*)")


def _place_and_roles(after: str, names: set[str], people: list[str]) -> tuple[str, tuple[str, ...]]:
    """Read what follows the object: "from it" / "to a workspace" (the place), "with other
    people as viewer, commenter or editor" ("@people", and the roles)."""
    after = after.lstrip()
    m = _TO_PLACE.match(after)
    if m:
        word = singular(m.group(1))
        return (word if word in names and word not in people else ""), ()
    m = _WITH_PEOPLE.match(after)
    if not m:
        return "", ()
    roles = _AS_ROLES.match(after[m.end():].lstrip(" ,"))
    found = tuple(w for w in re.split(r"\s*(?:,|\bor\b|\band\b|/)\s*(?:an?\s+)?", roles.group(1))
                  if w) if roles else ()
    return "@people", found[:6]


def _reactions_of(kinds: list[str], actor: str, target: str, index: int,
                  people: list[str]) -> list[Reaction]:
    out = []
    for kind in kinds:
        if kind in ("ban", "invitation") and (target == "@self" or target in people):
            out.append(Reaction(kind, "user" if actor in ("", target) else actor, "user", index))
            continue  # "ban users from it", "invite people to a workspace"
        if target == "@staff":
            if kind == "message":
                out.append(Reaction(kind, "user", "user", index))  # between the signed-in users
            continue
        if target == "@self" or target == actor:
            if kind in _BETWEEN_PEOPLE:
                out.append(Reaction(kind, actor, actor, index))  # follow, block, report someone
        elif kind == "member" and (target in people or target.endswith(_NOT_JOINED)):
            continue  # "join a waiting list", "join the instructor"
        elif kind in _PEOPLE_ONLY and target in people:
            out.append(Reaction(kind, "user" if actor == target else actor, target, index))
        elif kind in _PEOPLE_ONLY or kind == "follow" and target not in people and target not in _FOLLOWED:
            continue
        elif kind not in ("comment", "member") or target not in people:
            out.append(Reaction(kind, actor, target, index))
    return out


def _verb_here(tokens: list[tuple[str, int]], i: int, sentence: str) -> bool:
    """A verb, not a noun or preposition: "users can like posts", not "a site like Etsy"."""
    if i == 0:
        return False
    prev = tokens[i - 1][0]
    if prev not in _BEFORE_VERB and not prev.endswith("s") and (i < 2 or tokens[i - 2][0] not in ("each", "every")):
        return False  # "the likes", "a comment", "feels like"; but "each student ranks projects"
    if any(c.isdigit() for c in sentence[tokens[i - 1][1] + len(prev):tokens[i][1]]):
        return False  # "a rating from 0.25 to 5 stars", "up to 10 votes": counted, not done"
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    # "like Twitter", "like Etsy": a comparison
    return nxt is None or not sentence[nxt[1]:nxt[1] + 1].isupper() or nxt[0] == "i"


def _verb_group(tokens: list[tuple[str, int]], i: int) -> tuple[list[str], int]:
    """Read "like, comment on and share": the kinds of record, and where the object starts."""
    kinds: list[str] = []
    j = i
    while j < len(tokens):
        word = tokens[j][0]
        if word in _VERBS:
            if _VERBS[word] not in kinds:
                kinds.append(_VERBS[word])
        elif word not in _OTHER_VERBS:
            break
        j += 1
        while j < len(tokens) and tokens[j][0] in _PARTICLES:
            j += 1
        if j < len(tokens) - 1 and tokens[j][0] in (",", "and", "or", "/") and (
                tokens[j + 1][0] in _VERBS or tokens[j + 1][0] in _OTHER_VERBS):
            j += 1
        elif j < len(tokens) - 2 and tokens[j][0] == "," and tokens[j + 1][0] in ("and", "or") and (
                tokens[j + 2][0] in _VERBS or tokens[j + 2][0] in _OTHER_VERBS):
            j += 2
    return kinds, j


def _objects(tokens: list[tuple[str, int]], j: int, text: str, names: set[str],
             people: list[str]) -> tuple[list[str], int]:
    """Return the tables the verbs act on ("posts and comments": both) and where they end."""
    first, j = _object(tokens, j, text, names, people)
    found = [first] if first else []
    while first and j + 1 < len(tokens) and tokens[j][0] in ("and", "or", ",", "/"):
        more, after = _object(tokens, j + 1, text, names, people)
        if more is None or more == "@self":
            break
        found.append(more)
        j = after
    return found, j


def _object(tokens: list[tuple[str, int]], j: int, text: str, names: set[str],
            people: list[str]) -> tuple[str | None, int]:
    """Return the table the verbs act on ("@self" for other users, each other), and the
    position after it; None when the object is not a table of the brief."""
    if j < len(tokens) and _EACH_OTHER.match(text[tokens[j][1]:]):
        return "@self", j + 2
    while j < len(tokens) and tokens[j][0] in _SKIP:
        j += 1
    if j >= len(tokens):
        return None, j
    word = tokens[j][0].removesuffix("'s").removesuffix("'")
    if j + 1 < len(tokens):
        compound = f"{singular(word)}_{singular(tokens[j + 1][0])}"
        if compound in names:
            return compound, j + 2
    name = singular(word)
    if name in names and name != "user":
        return name, j + 1  # "swipe on profiles" where profiles are a table of the brief
    if word in _SELF and name not in people:
        return "@self", j + 1
    if name in ROLE_NOUNS and name not in people:
        return "@staff", j + 1  # "message my accountant": another user, in a staff role
    if name in people or name in DOMAIN_NOUNS and word != name:
        return name, j + 1  # a table of the brief, or one the design adds ("like reviews")
    return None, j


def _actor(before: str, people: list[str], accounts: bool) -> str:
    """Who does it: the last kind of person named before the verb, else the signed-in user."""
    best, where = None, -1
    for m in re.finditer(r"\b(?:users|people|everyone|anyone|others|you)\b", before):
        best, where = "user" if accounts else "", m.start()  # "people join groups"
    for person in people:
        for form in {person.replace("_", " "), plural(person).replace("_", " ")}:
            at = before.rfind(form)
            if at > where and re.match(rf"\b{re.escape(form)}\b", before[at:]) and (
                    at == 0 or not before[at - 1].isalpha()):
                best, where = person, at
    if best is not None:
        return best
    return "user" if accounts else ""  # no table of people: the brief's own tables may still link


@lru_cache(maxsize=4096)
def said(name: str) -> re.Pattern[str]:
    """The table's name as a brief says it, one or many: "order item", "order items"."""
    forms = "|".join(re.escape(f).replace("_", "[ -]") for f in (plural(name), name))  # "check-ins"
    return re.compile(rf"\b(?:{forms})\b")


def _named_in(clause: str, names: set[str], people: list[str]) -> list[str]:
    """The things (not people) a clause names, in order: "questions and answers"."""
    found = []
    for name in names:
        if name in people or name == "user":
            continue
        m = said(name).search(clause)
        if m:
            found.append((m.start(), name))
    return [name for _at, name in sorted(found)]


# The subject just before the verbs: "friends can", "others".
_SUBJECT_END = re.compile(r"(?:[a-z'-]+(?:\s+(?:can|could|may|might|will|would|should|must))+|"
                          r"\b(?:others|users|people|friends|everyone|anyone|they))"
                          r"(?:\s+(?:also|then|easily|just|often|usually))*\s*$")


def _earlier_thing(before: str, names: set[str], people: list[str]) -> str | None:
    """The last thing (not a person) named before the verbs and their subject: "post tweets,
    like and retweet", "payments show in a feed, where friends can like them"."""
    before = _SUBJECT_END.sub("", before)
    best, where = None, (False, False, -1, 0)
    for name in sorted(names):  # sorted, and the longer name wins a tie: the same plan every run
        if name in people or name == "user":
            continue
        # "videos are transcoded into several resolutions; viewers like and comment": people
        # like the content, so content the sentence names wins over the last word
        content = name in _CONTENT
        for m in said(name).finditer(before):
            # "see each other's check-ins in a feed and comment on them": where things are shown
            # is not what people comment on
            shown = _SHOWN_IN.search(before[:m.start()]) is None
            if (content, shown, m.start(), len(name)) > where:
                best, where = name, (content, shown, m.start(), len(name))
    return best


_SHOWN_IN = re.compile(r"\b(?:in|on|into|within)\s+(?:a|an|the|their|your|our|its|his|her)\s+$")
