"""Brief text into sentences, tagged tokens and noun chunks (no language model needed)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from archnb.engines.offline.lexicon import (
    ADJECTIVES,
    MODALS,
    NOUN_VERBS,
    ORGANISATION_NOUNS,
    PERSON_NOUNS,
    VERB_FORMS,
    WEAK_HEADS,
    is_plural,
    plural,
    singular,
    word_class,
    words,
)
from archnb.engines.offline.vocabulary import DOMAIN_NOUNS, KNOWN_COMPOUNDS

# A sentence ends at . ! ? followed by space and a capital/digit/quote/bullet, or at a newline
# that starts a bullet or a blank line. Abbreviations like "e.g." must not end a sentence.
_ABBREVIATIONS = re.compile(r"\b(e\.g|i\.e|etc|vs|approx|incl|esp|no|nr|mr|mrs|ms|dr|st)\.|"
                            r"^\s*\d{1,3}\.(?=[ \t])|"  # and "5. " opening a list item
                            r"\b(?:mr|mrs|ms|dr)\.?\s+[A-Z]\.", re.I | re.M)  # and "Mrs J. Okafor"
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"'(\[A-Za-z0-9*\-•])|\n\s*\n+|\n(?=\s*(?:[-*•]|\d+[.)])\s)")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
_BULLET = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")
_BOLD_LABEL = re.compile(r"^\*\*([^*]{1,60}?)[.:]?\*\*[.:]?\s+(?=\S)")
_TOKEN = re.compile(
    r"\b(?:[eE]\.[gG]|[iI]\.[eE])\.?|"  # "e.g.", "i.e.": one marker, not the words "e" and "g"
    r"[^\W\d_][^\W_]*(?:[-'’][^\W_]+)*(?:'s|’s|(?<=s)['’](?=\s+[^\W\d_]))?|\$?\d[\d,]*(?:\.\d+)?%?|[(),:;/+&=→]|->|"
    r"(?<=\s)[-–—](?=\s)"
)
# Punctuation that separates phrases: "customer brings car → advisor opens a work order".
_PUNCTUATION = frozenset(("(", ")", ",", ":", ";", "/", "+", "&", "=", "→", "->"))


_PHRASAL = frozenset((
    ("check", "out"), ("check", "in"), ("sign", "up"), ("sign", "in"), ("log", "in"),
    ("log", "out"), ("pick", "up"), ("drop", "off"), ("set", "up"), ("hand", "over"),
    ("cash", "out"), ("book", "in"), ("top", "up"), ("opt", "in"), ("opt", "out"), ("clock", "in"),
    ("clock", "out"), ("clock", "on"), ("clock", "off"), ("check", "off"), ("tick", "off"), ("sign", "off"),
))
_CARDINALITY_WORDS = frozenset(("many-to-many", "one-to-many", "many-to-one", "one-to-one"))


# Chat exports: a speaker's header line ("**Priya** 9:14 AM") says who spoke, not what is built;
# a message's prefix ("[12/03/2025, 09:14] Sam: ") goes, its text stays.
_CHAT_HEADER = re.compile(r"^\**[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2}\**\s*[,·|-]?\s*"
                          r"\d{1,2}:\d{2}\s*(?:[AaPp]\.?[Mm]\.?)?$")
_CHAT_PREFIX = re.compile(r"^\[?(?:\d{1,2}[/.]\d{1,2}[/.]\d{2,4},?\s+)?\d{1,2}:\d{2}(?::\d{2})?"
                          r"\s*(?:[AaPp][Mm])?\]?\s*[-–]?\s*[^:\s][^:]{0,39}:\s+(?=\S)")


def _chat_line(line: str) -> str:
    """A chat message as a paragraph of its own, without who sent it and when."""
    if _CHAT_HEADER.match(line.strip()):
        return ""
    message = _CHAT_PREFIX.sub("", line).rstrip()
    if message == line.rstrip():
        return line
    return "\n" + message + ("" if message.endswith((".", "!", "?", ":")) else ".")


def split_items(text: str) -> list[tuple[str, bool]]:
    """Return the brief's sentences and bullet items, trimmed, in order, each with True when it
    opens a bullet."""
    if ":" in text:
        text = "\n".join(_chat_line(line) for line in text.split("\n"))
    protected = _ABBREVIATIONS.sub(lambda m: m.group(0).replace(".", "\x00"), text)
    parts: list[tuple[str, bool, bool]] = []
    for paragraph in _PARAGRAPH_BREAK.split(protected):
        opening = True  # a blank line ends a sentence even when nothing marks its end
        for raw in _SENTENCE_END.split(paragraph):
            for line in raw.split("\n"):
                line = line.replace("\x00", ".")
                piece = _BULLET.sub("", line).strip()
                bullet = piece != line.strip()
                label = _BOLD_LABEL.match(piece)
                if label:  # "**Consent.** Each participant signs ...": a heading, then its text
                    parts.append((label.group(1).strip() + ".", False, opening))
                    piece, opening = piece[label.end():], False
                if piece and any(ch.isalpha() for ch in piece):
                    parts.append((" ".join(piece.split()), bullet, opening))
                    opening = False
    return _join_continuations(parts)


def _join_continuations(parts: list[tuple[str, bool, bool]]) -> list[tuple[str, bool]]:
    """Glue a line that continues the previous one (wrapped text with no sentence end); a
    bullet item, or the first line after a blank one, always starts a sentence of its own."""
    out: list[tuple[str, bool]] = []
    for part, bullet, opening in parts:
        if out and not bullet and not opening and not out[-1][0].endswith((".", "!", "?", ":", ";")) \
                and part[:1].islower():
            out[-1] = (f"{out[-1][0]} {part}", out[-1][1])
        else:
            out.append((part, bullet))
    return out


@dataclass(slots=True)
class Token:
    text: str  # as written, without a possessive 's
    low: str  # lower case
    tag: str  # see lexicon.word_class; X is resolved to W (noun) or V (verb)
    possessive: bool = False


@dataclass(slots=True)
class Chunk:
    """A noun phrase: optional adjectives, then one or more nouns; the last is the head."""

    words: list[str]  # lower case, modifiers then head
    tags: list[str]
    start: int  # token index of the first word
    end: int  # token index after the last word
    determiner: str = ""  # the determiner or quantifier right before it, if any
    possessive: bool = False
    proper: bool = False  # the head is a name ("Shopify", "Christmas"), not a kind of thing
    nouns: list[str] = field(default_factory=list)

    @property
    def head(self) -> str:
        return self.nouns[-1] if self.nouns else self.words[-1]

    @property
    def plural(self) -> bool:
        return is_plural(self.head)

    @property
    def lemma(self) -> str:
        return singular(self.head)


# Shorthand from meeting notes, read as the words it stands for ("cust books online"), and
# informal words read as the usual ones ("my kids" are children).
SHORTHAND = {"cust": "customer", "custs": "customers", "appt": "appointment",
              "appts": "appointments", "mgr": "manager", "mgrs": "managers", "dept": "department",
              "depts": "departments", "acct": "account", "accts": "accounts", "qty": "quantity",
              "yrs": "years", "hrs": "hours", "mins": "minutes", "wks": "weeks", "mos": "months",
              "reqs": "requirements", "req": "requirement", "approx": "about",
              "kid": "child", "kids": "children", "ppl": "people", "mtg": "meeting",
              "lad": "employee", "lads": "employees", "regulars": "customers", "cal": "calibration",
              "cals": "calibrations", "subs": "subscriptions",
              "mtgs": "meetings", "avg": "average", "comp": "competition", "comps": "competitions", "yr": "year", "addr": "address", "ctte": "committee",
              "bkg": "booking", "bkgs": "bookings", "grp": "group", "grps": "groups", "cllr": "councillor",
              "cllrs": "councillors",
              "org": "organisation", "orgs": "organisations", "apols": "apologies",
              "probs": "problems", "prob": "problem", "treas": "treasurer",
              "recep": "reception", "stn": "station", "diff": "different", "incl": "including",
              "obv": "obviously", "obvs": "obviously", "bc": "because", "b/c": "because",
              "tbc": "unconfirmed", "tbd": "undecided", "info": "information",
              "mgmt": "management", "govt": "government", "msg": "message", "msgs": "messages",
              "pmt": "payment", "pmts": "payments",
              "reg": "registration", "regs": "registrations", "pax": "passengers",
              "mkt": "market", "mkts": "markets", "repo": "repository", "repos": "repositories", "doc": "document", "docs": "documents",
              "comms": "communications", "sys": "system", "cert": "certificate",
              "certs": "certificates", "mon": "monday", "tue": "tuesday", "tues": "tuesday",
              "wed": "wednesday", "thu": "thursday", "thur": "thursday", "thurs": "thursday",
              "fri": "friday", "sat": "saturday", "sun": "sunday", "e-mail": "email",
              "e-mails": "emails", "notif": "notification", "notifs": "notifications",
              "txn": "transaction", "txns": "transactions", "pref": "preference", "prefs": "preferences",
              "stmt": "statement", "stmts": "statements",
              "eds": "editors", "mth": "month", "mths": "months", "invs": "invoices",
              "med": "medication", "meds": "medications", "subby": "subcontractor", "subbie": "subcontractor",
              "subbies": "subcontractors", "subcon": "subcontractor", "subcons": "subcontractors"}


_WITH_SLASH = re.compile(r"\bw/(o\b)?(?=\s|$)", re.IGNORECASE)  # notes: "w/ credit", "w/o photos"
# The progressive of a verb of having, as some writers use it: "every question is belonging to
# one chapter", "each test is having questions", "each batch is in one centre and having one
# coordinator". Read as the simple present.
_HAVING_VERBS = {"belonging": ("belongs", "belong"), "having": ("has", "have"), "containing": ("contains", "contain"),
                 "consisting": ("consists", "consist")}
_PROGRESSIVE_HAVING = re.compile(r"\b(?:(is|are)\s+|(?<=\band\s))(belonging|having|containing|consisting)\b"
                                 r"(?=\s+(?:to|of|one|a|an|the|two|three|four|five|many|several|some|\d))",
                                 re.IGNORECASE)


def _simple_present(m: re.Match[str]) -> str:
    one, many = _HAVING_VERBS[m.group(2).lower()]
    return many if (m.group(1) or "").lower() == "are" else one


# Pronouns for one person or thing, which a verb ending in -s follows: "someone owns", "nobody waters".
_ONE_SUBJECT = frozenset(("someone", "somebody", "anyone", "anybody", "everyone", "everybody", "nobody", "whoever",
                          "he", "she", "it"))


# Words after which "one" starts a clause as its subject: "as soon as one comes in".
_BEFORE_A_CLAUSE = frozenset(("as", "when", "if", "once", "until", "before", "after", "because", "and", "or", "but",
                              ",", ";", "whenever", "unless"))


def tokenize(sentence: str) -> list[Token]:
    """Return the sentence's tokens with a part-of-speech tag resolved from context."""
    tokens: list[Token] = []
    sentence = _WITH_SLASH.sub(lambda m: "without" if m.group(1) else "with", sentence)
    sentence = _PROGRESSIVE_HAVING.sub(_simple_present, sentence)
    sentence = _ONE_OR_MORE.sub(r"\1\2", sentence)  # "occupant(s)", "vehicle(s)": one or more, a plural
    for match in _TOKEN.finditer(sentence):
        word = match.group(0).replace("’", "'")
        if word in ("-", "–", "—"):
            word = ";"  # "Loyalty points — Charlotte keeps asking": a dash between clauses
        possessive = False
        if word.endswith("'s") and len(word) > 2:
            word, possessive = word[:-2], True
        elif word.endswith("s'") and len(word) > 2:
            word, possessive = word[:-1], True
        low = word.lower()
        low = SHORTHAND.get(low, low)
        if low in ("e.g", "e.g.", "i.e", "i.e."):
            tokens.append(Token(word, low.rstrip("."), "P", False))  # read like "such as"
            continue
        tag = "Z" if low in _PUNCTUATION or low in _CARDINALITY_WORDS else word_class(low)
        tokens.append(Token(word, low, tag, possessive))
    for i, tok in enumerate(tokens[1:], start=1):
        if tok.low in ("key", "keys") and tokens[i - 1].low in _KEY_OWNERS:
            tok.tag = "W"  # "each API key gets 100 requests": the key, not "key" as in important
    for i, tok in enumerate(tokens[1:-1], start=1):
        if tok.low in ("either", "neither") and tokens[i - 1].tag == "W" \
                and tokens[i + 1].low in VERB_FORMS and tokens[i + 1].tag in ("V", "X", "W"):
            tok.tag, tokens[i + 1].tag = "A", "V"  # "members either belong to a company or ..."
    if len(tokens) > 1 and _REQUIREMENT_ID.match(tokens[0].low) and tokens[1].text[:1].isupper():
        tokens[0].tag = "Z"  # "M1 Residents can report noise", "FR-3 Staff see ...": a requirement's label
        if len(tokens) > 2 and tokens[1].tag in ("W", "X") and VERB_FORMS.get(tokens[1].low) == tokens[1].low \
                and tokens[2].tag not in ("V", "M"):
            tokens[1].tag = "V"  # "M4 Record evidence", "C2 Show if ...": an instruction
    _resolve_ambiguous(tokens)
    _resolve_unknown_verbs(tokens)
    for i in range(1, len(tokens) - 1):
        tok, prev, nxt = tokens[i], tokens[i - 1], tokens[i + 1]
        if tok.tag == "V" and tok.low.endswith("ed") and prev.tag == "V" and nxt.tag == "W" and is_plural(nxt.low) \
                and VERB_FORMS.get(prev.low) not in ("have", "be", "get", "need", "want", "keep") \
                and not nxt.low.endswith("ss"):
            tok.tag = "J"  # "a customer uploads signed contracts": a participle describing the object
    for i in range(1, len(tokens) - 1):
        tok, prev, nxt = tokens[i], tokens[i - 1], tokens[i + 1]
        if (i == 1 or tokens[i - 2].low in _CLAUSE_OPENERS) and prev.tag == "W" and is_plural(prev.low) \
                and not prev.low.endswith("ss") and tok.tag == "W" and VERB_FORMS.get(tok.low) == tok.low \
                and nxt.tag in ("V", "W", "D") and (nxt.tag != "V" or is_plural(nxt.low)):
            # "a web app where researchers post studies", "Owners book walks": a plural subject and its verb
            tok.tag = "V"
            if nxt.tag == "V":
                nxt.tag = "W"
    for i in range(2, len(tokens) - 1):
        tok, nxt = tokens[i], tokens[i + 1]
        if tok.tag == "V" and VERB_FORMS.get(tok.low) == tok.low and tokens[i - 1].tag == "W" \
                and tokens[i - 2].tag == "D" and nxt.tag == "V" and nxt.low.endswith("s") \
                and VERB_FORMS.get(nxt.low) not in (None, nxt.low):
            tok.tag = "W"  # "any partner practice texts you a link": a noun's second word, then the verb
    _objects_of_dropped_that(tokens)
    for i, tok in enumerate(tokens[1:], start=1):
        if tok.tag == "W" and tok.low.endswith("ing") and tokens[i - 1].low in ("are", "is", "was", "were", "am") \
                and (i + 1 == len(tokens) or tokens[i + 1].tag in ("Z", "D", "P")):
            tok.tag = "V"  # "what the people they follow are reading": a verb, not a meter reading
    for i, tok in enumerate(tokens[:-2]):
        if tok.tag == "V" and i >= 2 and tok.low.endswith("s") and tokens[i - 1].tag == "W" \
                and tokens[i + 1].low in ("a", "per", "each", "every") \
                and tokens[i + 2].low in ("year", "month", "week", "day", "season", "term", "quarter") \
                and any(t.tag == "N" for t in tokens[max(0, i - 4):i - 1]):
            tok.tag = "W"  # "organises 8 B2B trade shows a year": a counted noun, then a rate
    if len(tokens) > 3 and tokens[0].tag in ("W", "X") and VERB_FORMS.get(tokens[0].low) == tokens[0].low \
            and tokens[1].tag in ("W", "X") and is_plural(tokens[1].low) and tokens[2].low in (",", "(") \
            and tokens[3].tag in ("W", "X"):
        tokens[0].tag = "V"  # "- store entries, courses and punches", "Store components (name, ...)": an instruction
    for i in range(len(tokens) - 3):
        if tokens[i].low in ("which", "what") and tokens[i + 3].low in ("which", "what") \
                and tokens[i + 2].low.endswith("s") and VERB_FORMS.get(tokens[i + 2].low, tokens[i + 2].low) != tokens[i + 2].low \
                and tokens[i + 1].tag in ("V", "W", "X"):
            tokens[i + 1].tag, tokens[i + 2].tag = "W", "V"  # "which build contains which component": a noun, its verb
    opening = next((i for i, t in enumerate(tokens) if t.tag not in ("N", "Z")), len(tokens))
    if opening + 1 < len(tokens) and tokens[opening].tag in ("W", "X") \
            and VERB_FORMS.get(tokens[opening].low) == tokens[opening].low \
            and tokens[opening + 1].low in ("which", "what", "how", "whether", "who", "when", "where"):
        tokens[opening].tag = "V"  # "7. Track which alerts were opened": an instruction, not a track
    for i, tok in enumerate(tokens[1:-1], start=1):
        if tok.low in ("matters", "matter") and tokens[i - 1].tag == "W" \
                and tokens[i + 1].low in ("for", "to", "because", "more", "most", "less", "here", "a"):
            tok.tag = "V"  # "contact history matters for enforcement": it is important, no legal matter
    for i, tok in enumerate(tokens[1:], start=1):
        one = tokens[i - 1].low == "one" and (i == 1 or tokens[i - 2].low in _BEFORE_A_CLAUSE)
        if tok.tag in ("W", "X") and (tokens[i - 1].low in _ONE_SUBJECT or one) and tok.low.endswith("s") \
                and not tok.low.endswith("ss") and VERB_FORMS.get(tok.low, tok.low) != tok.low:
            tok.tag = "V"  # "each copy someone owns", "whoever waters the monstera": a person, then their verb
        elif tok.tag in ("W", "X") and tokens[i - 1].low == "each" and (i == 1 or tokens[i - 2].tag in ("Z", "C")) \
                and tok.low.endswith("s") and not tok.low.endswith("ss") \
                and VERB_FORMS.get(tok.low, tok.low) != tok.low and i + 1 < len(tokens) and tokens[i + 1].tag == "P":
            tok.tag = "V"  # "glycerol stocks and DNA preps; each lives in a box": each one, then its verb
    for i, tok in enumerate(tokens[2:-1], start=2):
        if tok.tag == "W" and tok.low.endswith("s") and VERB_FORMS.get(tok.low, tok.low) != tok.low \
                and tokens[i - 1].tag == "N" and tokens[i - 2].text[:1].isupper() and tokens[i - 2].tag == "W" \
                and (tokens[i + 1].tag in ("W", "J", "D", "X") or tokens[i + 1].low.endswith("ing")):
            tok.tag = "V"  # "Sage 200 handles purchasing": a product and its version, then its verb
    for i, tok in enumerate(tokens):
        if tok.low in _PEOPLE_SO_DESCRIBED and i and tokens[i - 1].low in ("the", "each", "every", "a", "one") and (
                tok.possessive or i + 1 == len(tokens) or tokens[i + 1].tag not in ("W", "X", "J")
                or tokens[i + 1].low in ("person", "persons", "people")):
            tok.tag = "W"  # "the deceased's details", "where the deceased is resting": a person
    for i, tok in enumerate(tokens[:-2]):
        if tok.tag == "V" and tok.low.endswith("ing") and (i == 0 or tokens[i - 1].low in (";", ":", "(")) \
                and tokens[i + 1].tag == "W" and is_plural(tokens[i + 1].low) and tokens[i + 2].tag == "V":
            tok.tag = "W"  # "; casting directors shortlist": a gerund naming the kind of person
    for i, tok in enumerate(tokens[:-1]):
        if tok.tag == "V" and i and tokens[i - 1].low in FREQUENCY_WORDS and tok.low.endswith("s") \
                and not tok.low.endswith("ss") and (i < 2 or tokens[i - 2].tag in ("D", "V", "P", "C", "Z")) \
                and tokens[i + 1].tag in ("P", "Z", "C"):
            tok.tag = "W"  # "- monthly invoices per customer", "send weekly reports to ...": a noun
    for i, tok in enumerate(tokens[:-2]):
        if tok.tag == "V" and tokens[i + 1].low == "such" and tokens[i + 2].low == "as" and tok.low.endswith("s"):
            tok.tag = "W"  # "Finds such as pottery sherds and coins": a plural noun, then its examples
        elif tok.tag == "V" and i and tokens[i - 1].low in ("all", "the", "these", "those", "any", "some") \
                and tok.low.endswith("s") and not tok.low.endswith("ss") and tokens[i + 1].tag in ("P", "Z"):
            tok.tag = "W"  # "plot all finds on the site plan": after a determiner, a plural noun
    for i, tok in enumerate(tokens[1:-2], start=1):
        if tok.tag == "W" and tok.low.endswith("s") and VERB_FORMS.get(tok.low, tok.low) != tok.low \
                and tokens[i - 1].tag == "W" and tokens[i + 1].low in ("every", "each") \
                and tokens[i + 2].low not in _TIME_WORDS:
            tok.tag = "V"  # "a panel of five jurors scores every submitted work": not "scores every week"
    for i, tok in enumerate(tokens[2:-1], start=2):
        if tokens[i - 1].low == "each" and tokens[i - 2].low == "," and tok.low in VERB_FORMS \
                and tokens[i + 1].low in ("into", "across"):
            tok.tag = "V"  # "9 sites, each split into plots": a participle, not "each split"
    for i, tok in enumerate(tokens):
        if tok.possessive and tok.text.endswith(("s", "S")) and is_plural(tok.text.lower()) \
                and (i == 0 or tokens[i - 1].low not in _OWNING_DETERMINERS):
            # "a members' area", "doctors' fees": a kind, read as "member area"; but "its attendees'
            # weekly pattern" is the attendees' own
            tok.possessive = False
        elif tok.possessive and tok.low in _GENDERED:
            tok.possessive, tok.tag = False, "J"  # "a men's pair", "the women's ladder": a category
        elif tok.possessive and tok.low in ("children", "kids") and i + 1 < len(tokens) \
                and tokens[i + 1].low in _FOR_CHILDREN:
            tok.possessive, tok.tag = False, "J"  # "at children's centres": a kind of centre
    for i in range(2, len(tokens)):
        tok, prev, before = tokens[i], tokens[i - 1], tokens[i - 2]
        nxt = tokens[i + 1].low if i + 1 < len(tokens) else "."
        if tok.tag == "V" and prev.low in (",", "and", "or") and before.tag == "W" \
                and nxt in (",", "and", "or", ")", ".", ";") and not tok.low.endswith(("ing", "ed")):
            tok.tag = "W"  # "date of burial, plot, depth": a noun in a list of nouns
    for i in range(1, len(tokens) - 1):
        tok, prev, nxt = tokens[i], tokens[i - 1], tokens[i + 1]
        if prev.low in ("this", "that", "it") and tok.tag in ("W", "X") and tok.low.endswith("s") \
                and not tok.low.endswith("ss") and tok.low in VERB_FORMS and (nxt.tag in ("P", "D", "A") or (
                    prev.low == "that" and i >= 2 and tokens[i - 2].tag == "W" and (nxt.tag in ("J", "N", "W") or nxt.low == "live"))):
            tok.tag = "V"  # "today this runs on spreadsheets", "a link that shows live position": pronoun, verb
        elif i > 1 and tokens[i - 2].low == "the" and prev.tag == "J" and prev.low.endswith("est") \
                and tok.tag in ("W", "X") and tok.low.endswith("s") and not tok.low.endswith("ss") \
                and tok.low in VERB_FORMS and nxt.tag in ("P", "D", "A", "N"):
            tok.tag = "V"  # "the largest holds 500k documents": the largest one, then its verb
    for i, tok in enumerate(tokens[1:], start=1):
        if tok.low == "fine" and tokens[i - 1].tag in ("V", "M", "A", "R") \
                and (i + 1 == len(tokens) or tokens[i + 1].tag == "Z"):
            tok.tag = "J"  # "Excel export fine", "a spreadsheet is fine": good enough, not a penalty
    for i, tok in enumerate(tokens[:-1]):
        if tok.low == "works" and tokens[i + 1].low in ("order", "orders"):
            tok.low, tok.tag = "work", "W"  # "becomes a works order": the British work order
        elif tok.low.endswith("ing") and tok.tag == "W" and i and tokens[i - 1].low in _STOPPING \
                and tokens[i + 1].tag in ("W", "D", "N", "J"):
            tok.tag = "V"  # "so that we stop buying kit": what they stop doing, not a kind of kit
        elif tok.low == "audit" and tokens[i + 1].low in ("trail", "trails", "log", "logs", "history") \
                and (i == 0 or tokens[i - 1].low in (";", ":", "(", ",")):
            tok.tag = "W"  # "- Audit trail on everything": the record kept, not an instruction to audit
    for i, tok in enumerate(tokens[1:-1], start=1):
        if tok.low == "track" and tokens[i + 1].low == "of" and tokens[i - 1].low in _KEEPING_TRACK:
            tok.tag = "V"  # "keep track of every order": an idiom, no track is kept
    for i, tok in enumerate(tokens[:-1]):
        if tok.low not in ("leave", "leaves"):
            continue
        left = tokens[i + 2] if tokens[i + 1].low in ("a", "an") and i + 2 < len(tokens) else tokens[i + 1]
        if left.low in _LEFT_BEHIND:
            tok.tag, left.tag = "V", "W"  # "guests leave reviews", "leave a comment": not a leave request
    for i, tok in enumerate(tokens):
        if tok.low in ("lot", "lots") and _a_lot(tokens, i) or tok.low == "bit" and i and tokens[i - 1].low == "a" \
                and (i + 1 == len(tokens) or tokens[i + 1].tag in ("J", "A", "P", "Z", "C", "V")):
            tok.tag = "D"  # "a lot of people", "thanks a lot", "change a bit": an amount, not an auction lot
        elif tok.low in ("piece", "pieces") and i + 1 < len(tokens) and tokens[i + 1].low == "of":
            tok.tag = "D"  # "6,000 pieces of ground equipment": a count of the equipment
        elif tok.low in ("air", "stop") and i and tokens[i - 1].low == "on":
            tok.tag = "A"  # "put a caller on air", "the account goes on stop": a state, not a thing
        elif tok.low == "follows" and i and tokens[i - 1].low == "as":
            tok.tag = "A"  # "the details are as follows"
        elif tok.low == "like" and i and i + 1 < len(tokens) and tokens[i - 1].low in _LIKE_BEFORE \
                and tokens[i + 1].tag in ("W", "D", "X"):
            tok.tag = "V"  # "retweet and like tweets", "users can like posts": the verb, not "such as"
    for i, tok in enumerate(tokens[2:], start=2):
        j = i - 1
        while j > 0 and tokens[j].tag == "A":
            j -= 1
        if j < i - 1 and (tokens[j].tag == "M" or tokens[j].low == "to") and tok.tag in ("W", "X") \
                and VERB_FORMS.get(tok.low) == tok.low:
            tok.tag = "V"  # "the map should only ever show what is open": a modal, adverbs, its verb
        elif tokens[i - 1].low == "one" and tokens[i - 2].tag == "J" and i >= 3 and tokens[i - 3].tag == "D" \
                and _s_verb(tok):
            tok.tag = "V"  # "the old one stays visible": the old one, then its verb
    for i, tok in enumerate(tokens[2:], start=2):
        if tokens[i - 1].low in ("that", "which", "who") and tokens[i - 2].tag == "W" and _s_verb(tok):
            # "a system that plans, dispatches, records and bills treatments": what it does
            run, j = [i], i + 1
            while j + 1 < len(tokens) and tokens[j].low in (",", "and", "or") and _s_verb(tokens[j + 1]):
                run.append(j + 1)
                j += 2
            if len(run) >= 2 or (j < len(tokens) and tokens[j].tag in ("D", "W", "J", "N")):
                for k in run:
                    tokens[k].tag = "V"
    for i, tok in enumerate(tokens[2:-1], start=2):
        if tok.tag in ("W", "X") and tokens[i - 1].low in _BEFORE_A_VERB and tokens[i - 2].tag in ("W", "R") \
                and tok.low.endswith("s") and not tok.low.endswith("ss") \
                and VERB_FORMS.get(tok.low, tok.low) != tok.low and tokens[i + 1].tag in ("D", "N", "R"):
            tok.tag = "V"  # "the bank statement only shows the total", "the app also lists the orders"
    for i, tok in enumerate(tokens[1:-1], start=1):
        nxt = tokens[i + 1]
        if tokens[i - 1].low in _INTENSIFIERS and tok.tag in ("W", "X") and not is_plural(tok.low) \
                and (nxt.tag in ("W", "J") or (nxt.tag == "V" and nxt.low.endswith("ing"))):
            tok.tag = "J"  # "one very patient fundraising officer": how patient, not a patient
    _verbs_ending_clauses(tokens)
    for i, tok in enumerate(tokens[:-1]):
        # "a yearly leave balance": an adverb-like adjective right before a noun.
        if tok.tag == "A" and tok.low in ADJECTIVES and tokens[i + 1].tag in ("W", "J"):
            tok.tag = "J"
    return tokens


# Possessives that name a category, not an owner: "men's doubles", "a ladies' team".
_GENDERED = frozenset(("men", "women", "ladies", "boys", "girls", "mens", "womens"))
# "children's centres", "the kids' menu": places and things for children, not any child's own.
_FOR_CHILDREN = frozenset(("centre", "centres", "center", "centers", "ward", "wards", "home", "homes", "hospital",
                           "hospice", "services", "service", "team", "charity", "section", "menu", "clothes",
                           "clothing", "books", "library", "party", "parties", "nursery", "club", "choir",
                           "theatre", "trust", "society", "department"))
# Adverbs between a subject and its verb: "the statement only shows the total".
_BEFORE_A_VERB = frozenset(("only", "also", "just", "always", "never", "often", "usually", "still", "already",
                            "automatically", "sometimes", "rarely", "typically", "normally", "generally",
                            "simply", "actually", "even", "instantly", "immediately", "then", "now"))
# Words that say how much of a quality the next word names: "very patient", "too expensive".
_INTENSIFIERS = frozenset(("very", "too", "extremely", "incredibly", "really", "quite", "fairly", "rather",
                           "super"))
_TIME_WORDS = frozenset(("day", "week", "month", "year", "night", "morning", "evening", "hour", "minute",
                         "second", "quarter", "term", "season", "time", "weekday", "weekend", "monday",
                         "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"))
_KEEPING_TRACK = frozenset(("keep", "keeps", "keeping", "kept", "lose", "loses", "losing", "lost"))
# Words that make "key" a thing: an API key, a door key, a licence key.
_KEY_OWNERS = frozenset(("api", "ssh", "access", "license", "licence", "product", "door", "room", "encryption",
                         "signing", "secret", "activation", "registration", "house", "car", "locker"))
# Words after which "like" is a verb when a noun follows it.
_LIKE_BEFORE = frozenset(("and", "or", "can", "could", "may", "to", "also", "users", "people", "members",
                          "they", "we", "you", "i"))
# What people leave behind them: "leave a review", "leave feedback".
_LEFT_BEHIND = frozenset(("review", "reviews", "rating", "ratings", "comment", "comments", "feedback",
                          "note", "notes", "tip", "tips", "message", "messages"))
_AMOUNT_AFTER = frozenset(("of", "more", "less", "better", "worse", "faster", "easier", "too", "so", "because",
                           "but", "lately", "recently", "though",
                           "already", "quicker", "cheaper", "", ",", ".", "!", "?", ")", ";"))


def _s_verb(tok: Token) -> bool:
    """"plans", "dispatches": a verb's -s form, which may also be a plural noun."""
    return tok.tag in ("W", "X", "V") and tok.low.endswith("s") and not tok.low.endswith("ss") \
        and VERB_FORMS.get(tok.low) not in (None, tok.low)


def _a_lot(tokens: list[Token], i: int) -> bool:
    nxt = tokens[i + 1].low if i + 1 < len(tokens) else ""
    prev = tokens[i - 1].low if i else ""
    return nxt == "of" or (prev in ("a", "quite", "whole") and nxt in _AMOUNT_AFTER)


def _resolve_ambiguous(tokens: list[Token]) -> None:
    """Decide noun or verb for words that can be both, from their neighbours."""
    for i, tok in enumerate(tokens):
        if tok.tag != "X":
            continue
        prev = tokens[i - 1] if i else None
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        tok.tag = _noun_or_verb(tokens, i, prev, nxt)


_REQUIREMENT_ID = re.compile(r"^[a-z]{1,4}-?\d{1,4}[a-z]?$")
# Words that describe people and, after "the", name them: "the deceased", "the insured".
_PEOPLE_SO_DESCRIBED = frozenset(("deceased", "insured", "accused", "bereaved"))
# How often something happens: "daily walkaround check", "monthly invoices".
FREQUENCY_WORDS = frozenset(("daily", "weekly", "monthly", "yearly", "annual", "nightly", "quarterly", "termly",
                             "fortnightly", "hourly"))
# Words after which a clause opens with its subject: "where researchers post studies".
_CLAUSE_OPENERS = frozenset(("where", "when", "whenever", "once", "so", "because", "if", "unless", "until"))
_ONE_OR_MORE = re.compile(r"\b([A-Za-z]{3,})\((s|es)\)")
# Verbs whose object is an activity: "stop buying kit", "avoid double-booking rooms".
_STOPPING = frozenset(("stop", "stops", "stopped", "avoid", "avoids", "quit", "finish", "finishes", "finished"))
_OWNING_DETERMINERS = frozenset(("its", "their", "our", "your", "my", "his", "her"))


def _noun_or_verb(tokens: list[Token], i: int, prev: Token | None, nxt: Token | None) -> str:
    word = tokens[i].low
    if tokens[i].possessive:
        return "W"
    if nxt is not None and (VERB_FORMS.get(word), nxt.low) in _PHRASAL:
        if prev is not None and i == 1 and prev.tag == "V" and prev.low.endswith("s") \
                and VERB_FORMS.get(prev.low) != prev.low and VERB_FORMS.get(word) == word:
            prev.tag = "W"  # "Coaches check off each skill": a plural subject, then its verb
        return "V"  # phrasal verbs: check out, sign up, drop off
    if nxt is not None and nxt.low in ("me", "us", "him") and word in VERB_FORMS:
        return "V"  # "the regulator can ask "show me the check"": no noun takes "me" after it
    if prev is None:
        # Sentence start: imperative ("Book a room") when an object follows; "judges score each
        # project" opens with a plural noun, as an imperative never takes the -s form.
        if nxt is not None and nxt.tag in ("D", "N", "J") and VERB_FORMS.get(word) == word:
            return "V"
        return "W"
    if prev.low == "to" and VERB_FORMS.get(word) != word:
        return "W"  # "to groups": an infinitive takes the base form
    if prev.tag == "V" and prev.low != VERB_FORMS.get(prev.low) and prev.low.endswith("s") \
            and (i == 1 or tokens[i - 2].low in (":", ";", ",")) and VERB_FORMS.get(word) == word \
            and nxt is not None and (nxt.tag == "D" or nxt.tag == "W" and is_plural(nxt.low)):
        prev.tag = "W"  # "Hosts list properties": a plural subject, then its verb
        return "V"
    if prev.low in ("and", "or") and i >= 3 and word in VERB_FORMS and word.endswith("s") and nxt is not None \
            and nxt.tag == "D":
        back = i - 2
        while back > 0 and tokens[back].tag == "P" and tokens[back].low in ("in", "on", "out", "up", "off"):
            back -= 1
        if back < i - 2 and tokens[back].tag == "V" and tokens[back].low.endswith("s"):
            return "V"  # "a caseworker logs in and issues an e-voucher": a second verb of the subject
    if prev.tag == "A" and i == 1 and word in VERB_FORMS and nxt is not None and nxt.tag == "P":
        return "V"  # "Currently run with spreadsheets": a clause without its subject
    if prev.tag == "A" and i >= 2 and tokens[i - 2].tag in ("R", "M"):
        prev = tokens[i - 2]  # "we also run a boatyard": the adverb sits between subject and verb
    if prev.low == "to" or prev.low in MODALS or prev.tag == "R" or prev.low in ("not", "and/or"):
        return "V" if word in VERB_FORMS else "W"
    if _relative_verb(tokens, i) and VERB_FORMS.get(word) == word and nxt is not None \
            and nxt.tag in ("D", "W", "X", "J", "N"):
        return "V"  # "businesses that discharge trade effluent": the plural's own verb
    if (prev.low in ("that", "which") or prev.low == "(" and word in _ASIDE_VERBS) and word in VERB_FORMS \
            and word.endswith("s") and nxt is not None and nxt.tag in ("P", "A"):
        return "V"  # "a forum (that stays on Facebook)", "(stays on WordPress)": a clause
    if word in ("stay", "stays", "remain", "remains") and nxt is not None and nxt.tag in ("P", "D", "A", "J") \
            and (prev.tag not in ("D", "J", "N", "P") or prev.low in ("that", "which")) and not prev.possessive:
        return "V"  # "ordering stays in other systems", "that stays a manual check"
    if prev.low == ")" and word in VERB_FORMS and word.endswith("s") and nxt is not None \
            and nxt.low in _OBJECT_START and i >= 3 and tokens[i - 2].tag == "W":
        return "V"  # "a locker site (address, opening hours) holds a set of compartments"
    if prev.low == "," and i >= 2 and tokens[i - 2].low == ")" and word in VERB_FORMS and word.endswith("s") \
            and nxt is not None and nxt.low in _OBJECT_START:
        return "V"  # "a claim is for a run (or several runs), shows the miles and ..."
    if prev.low == ")" and VERB_FORMS.get(word) == word and nxt is not None and nxt.tag in ("W", "X", "D", "J"):
        opening = next((j for j in range(i - 2, -1, -1) if tokens[j].low in ("(", ")")), -1)
        if opening > 0 and tokens[opening].low == "(" and tokens[opening - 1].tag == "W" \
                and _many_subject(tokens[opening - 1].low):
            return "V"  # "Employers (about 500 companies) post placement vacancies"
    if prev.low in ("is", "are", "was", "were", "be", "been") and word in VERB_FORMS \
            and nxt is not None and nxt.low == "by":
        return "V"  # "each establishment is run by an operator": a passive verb
    if prev.tag in ("D", "J", "N", "P") or prev.possessive:
        return "W"
    if _what_clause(tokens, i):
        return "V"  # "what the system holds", "what each branch needs": a clause of its own
    if prev.low in (":", ";") and VERB_FORMS.get(word) == word and nxt is not None and nxt.tag in ("D", "N"):
        return "V"  # "TB: track each redemption", "Note: record every payment": an instruction
    if prev.low == "who" and word in VERB_FORMS:
        return "V"  # "the person who books", "staff who schedule shifts": who is the subject
    if prev.tag in ("C", "Z") and prev.low in ("and", "or", ",", "then"):
        before = tokens[i - 2] if i >= 2 else None
        if before is not None and before.tag == "V" and word in VERB_FORMS:
            return "V"
        if prev.low == "then" and before is not None and before.tag == "W" and is_plural(before.low) \
                and VERB_FORMS.get(word) == word and nxt is not None and nxt.tag != "P":
            return "V"  # "observers then book nights": the subject, then its verb
        if VERB_FORMS.get(word) == word and nxt is not None and nxt.low in ("each", "every") and prev.low != "then":
            return "V"  # "pool milk into a batch, and record each pasteuriser run": what is done to each
        # "manage stock and ship orders": a second verb joined to an earlier one.
        earlier_verb = any(t.tag == "V" for t in tokens[max(0, i - 12) : i - 1]) or (
            i >= 2 and tokens[i - 2].low == ")"
            and any(t.tag == "V" for t in tokens[max(0, i - 16) : i - 1]))
        if earlier_verb and word in VERB_FORMS and not word.endswith("s") and nxt is not None \
                and nxt.tag in ("D", "N", "J", "W", "V", "X") and (nxt.tag in ("D", "N", "J")
                                                                or is_plural(nxt.low)):
            return "V"  # also "register their dogs, book walks": the object may look like a verb
        if VERB_FORMS.get(word) == word and nxt is not None and (
                nxt.low in ("them", "it") or nxt.low in ("or", "and") and i + 3 < len(tokens)
                and VERB_FORMS.get(tokens[i + 2].low) == tokens[i + 2].low and tokens[i + 3].low in ("them", "it")):
            return "V"  # "see matching shifts and book or request them": verbs before their object
        return "W"
    if prev.tag == "W" and word in VERB_FORMS and word.endswith("s") and nxt is not None and nxt.low == "it":
        return "V"  # "which contracted kennels holds it": a noun before an object pronoun is its verb
    coordinated = i >= 3 and tokens[i - 2].low in ("&", "and") and tokens[i - 3].tag == "W"
    if prev.tag == "W" and word in VERB_FORMS and nxt is not None and nxt.tag in ("P", "A") \
            and _many_subject(prev.low) != word.endswith("s") and nxt.low not in ("of", "for", "per") \
            and not (coordinated and word.endswith("s")) \
            and not (word.endswith("s") and i >= 2 and tokens[i - 2].tag == "V"
                     and VERB_FORMS.get(tokens[i - 2].low) == tokens[i - 2].low):
        return "V"  # "every item points at a product", "customers order from a restaurant"
    # "vets record treatments", "a customer orders a pizza": subject, verb, object.
    if prev.tag == "W" and word in VERB_FORMS and nxt is not None \
            and nxt.tag in ("D", "N", "J", "W", "X") and _many_subject(prev.low) != word.endswith("s"):
        return "V"
    if prev.tag == "W" and is_plural(prev.low) and VERB_FORMS.get(word) == word and nxt is not None \
            and nxt.low.endswith("ing") and i + 2 < len(tokens) and tokens[i + 2].tag in ("W", "X") \
            and is_plural(tokens[i + 2].low):
        return "V"  # "casting directors post casting calls": the object opens with a gerund
    return "W"


_SPEAKING = frozenset(("insist", "agree", "say", "ask", "want", "think", "confirm", "explain", "note", "propose",
                       "prefer"))
_CLAUSE_SUBJECTS = frozenset(("we", "they", "you", "i"))


def _objects_of_dropped_that(tokens: list[Token]) -> None:
    """"any car park pass we issue", "each box booking the client picks": a noun phrase, then a
    clause without its "that" whose verb takes it as object. The words between the determiner
    and the clause's subject are the noun, whatever else they may be."""
    for i in range(2, len(tokens) - 1):
        if tokens[i].low not in _CLAUSE_SUBJECTS or tokens[i + 1].tag not in ("V", "X", "M"):
            continue
        j = i - 1
        while j > 0 and tokens[j].tag in ("V", "X", "W") and not tokens[j].low.endswith(("ed", "ing")) \
                and (tokens[j].tag == "W" or VERB_FORMS.get(tokens[j].low) in (tokens[j].low, singular(tokens[j].low))):
            j -= 1
        last = tokens[i - 1]
        if j < i - 1 and tokens[j].tag == "D" and tokens[j].low in _OBJECT_START \
                and (last.tag == "W" or not last.low.endswith("s") or last.low.endswith("ss")):
            for tok in tokens[j + 1:i]:
                tok.tag = "W"


def _many_subject(word: str) -> bool:
    """Whether a subject takes a plural verb: "customers order", "staff scan the barcode"."""
    return is_plural(word) or word in ("staff", "personnel", "police", "group", "team", "committee", "club",
                                       "family", "crew", "council", "board")


# Verbs an aside may open with, whose -s form is seldom a plural noun: "(stays on WordPress)".
_ASIDE_VERBS = frozenset(("stays", "remains", "lives", "sits", "goes", "comes", "happens", "works"))
_NOUN_AFTER = words("a an the each every this that these those their its our your his her")
_OBJECT_START = words("a an the its their his her our your my each every all any some "
                          "several multiple many")


def _relative_verb(tokens: list[Token], i: int) -> bool:
    """True for "businesses that discharge trade effluent": after a plural and "that", a base
    form is the clause's verb, not a modifier ("that work order" has no plural before it)."""
    if i < 2 or tokens[i - 1].low not in ("that", "who"):
        return False
    j = i - 2
    if tokens[j].low == ")":  # "businesses (food factories, a tannery) that discharge"
        j = next((k for k in range(j - 1, -1, -1) if tokens[k].low == "("), 0) - 1
    return j >= 0 and tokens[j].tag == "W" and is_plural(tokens[j].low) and not tokens[j].low.endswith("ss")


def _resolve_unknown_verbs(tokens: list[Token]) -> None:
    """Find verbs (and nouns) the word lists get wrong, from their place in the sentence."""
    _split_phrasal_verbs(tokens)
    _verbs_as_modifiers(tokens)
    _verbs_in_noun_places(tokens)
    for i in range(1, len(tokens) - 1):
        tok, prev, nxt = tokens[i], tokens[i - 1], tokens[i + 1]
        if tok.tag == "V" and tok.low.endswith("ing") and prev.tag == "D" and nxt.tag != "D":
            tok.tag = "W"  # "request a viewing": a gerund after a determiner is a noun
        elif tok.tag == "V" and prev.low in _NOUN_AFTER and nxt.tag in ("W", "X") \
                and VERB_FORMS.get(tok.low) == tok.low and not _relative_verb(tokens, i):
            tok.tag = "W"  # "a work order": after a determiner comes a noun phrase
        elif tok.tag == "W" and tok.low.endswith("ing") and prev.tag == "W" and nxt.tag == "D" \
                and (tok.low[:-3] in VERB_FORMS or tok.low[:-3] + "e" in VERB_FORMS) \
                and not (i + 3 < len(tokens) and tokens[i + 2].tag == "W" and tokens[i + 3].tag == "V"
                         and tokens[i + 3].low.endswith("s") and VERB_FORMS.get(tokens[i + 3].low) != tokens[i + 3].low):
            # "a form listing the patient": a participle taking an object; but "for every box
            # booking the client picks a package": the booking, then a clause with its own verb
            tok.tag = "V"
        elif _third_person_verb(tokens, i):
            tok.tag = "V"  # "each restaurant defines its tables", "a pathologist reviews and"
        elif tok.tag == "J" and tok.low in VERB_FORMS and prev.tag == "W" and is_plural(prev.low) \
                and (nxt.low in _OBJECT_START or nxt.tag in ("W", "X")):
            tok.tag = "V"  # "managers open postings": an adjective-or-verb between subject and object


# Verbs that may take a bare verb after them: "help plan trips", "let users book".
_VERB_THEN_VERB = frozenset(("be", "help", "let", "make", "go", "come", "see", "hear", "have", "do"))
_SUBORDINATORS = frozenset(("when", "once", "if", "until", "unless", "after", "before", "while", "whenever"))
# Verbs whose -s form may come before a participle: "gets assigned", "keeps updated".
_LINKING = frozenset(("be", "have", "get", "become", "seem", "look", "feel", "remain", "stay",
                      "keep", "need", "want"))
# Determiners after which a relative clause may start ("the staff that manage stock").
_RELATIVE = frozenset(("that", "which", "what", "whose", "all", "both"))


def _verbs_in_noun_places(tokens: list[Token]) -> None:
    """Verb forms that stand where only a noun can: "each load has", "dental practices",
    "via purchase order", "search tutors by subject", "Tutors create a profile"."""
    for i, tok in enumerate(tokens):
        if tok.tag == "V" and i and (tokens[i - 1].low == "whose" or (
                tokens[i - 1].low == "which" and tok.low.endswith("ing"))):
            tok.tag = "W"  # "which firing", "whose booking": a question about a thing
            continue
        if tok.tag == "V" and tok.low.endswith("ed") and 0 < i < len(tokens) - 1 \
                and tokens[i - 1].tag == "D" and tokens[i + 1].tag == "W":
            tok.tag = "J"  # "several insured objects": a participle describing a noun
            continue
        if tok.tag != "V" or tok.low.endswith(("ing", "ed")) or VERB_FORMS.get(tok.low) is None:
            continue
        base = VERB_FORMS[tok.low]
        if tok.low not in (base, plural(base)):
            continue  # "was", "made", "grew": only ever verbs
        prev = tokens[i - 1] if i else None
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if prev is not None and prev.tag == "W" and f"{prev.low}_{base}" in KNOWN_COMPOUNDS:
            tok.tag = "W"  # "the boarding pass", "a purchase order"
            continue
        if nxt is not None and nxt.tag in ("V", "J") and nxt.low.endswith("ed") and tok.low != base \
                and base not in _LINKING and (prev is None or prev.tag in ("Z", "C", "D")):
            tok.tag = "W"  # "plots numbered by site": a verb's -s form never comes before a participle
            continue
        if nxt is not None and nxt.tag == "V" and tok.low == base and nxt.low.endswith("s") \
                and nxt.low != VERB_FORMS.get(nxt.low) and prev is not None and (
                    prev.tag == "D" or prev.low in _SUBORDINATORS):
            tok.tag = "W"  # "when plot comes free": a base form is no verb before its subject's verb
            continue
        if nxt is not None and nxt.tag == "M" and tok.low != base and (prev is None or prev.low != "to"):
            tok.tag = "W"  # ", sets have their own price": no auxiliary follows a verb's -s form
            continue
        if tok.low == base and prev is not None and prev.tag == "W" and _after_a_noun(tokens, i) \
                and not (prev.low in PERSON_NOUNS and nxt is not None and nxt.tag in ("P", "D")):
            # "a yearly reading challenge": "a reading" would take "challenges"; but "a researcher
            # ask to order a product" is a writer who drops the -s, not a kind of ask
            tok.tag = "W"
            continue
        if prev is not None and prev.low in ("has", "have", "had") and tok.low != base:
            tok.tag = "W"  # "each site has plots": after "has" a verb would be a participle
            continue
        if prev is None:
            # "Tutors create ...": a plural subject at the start, then its verb.
            if tok.low != base and nxt is not None and (
                    nxt.tag in ("V", "M") or nxt.low in ("(", ",", ":", "&", "+", "per")):
                tok.tag = "W"  # "funds (restricted vs unrestricted)": a list item's topic
            elif tok.low != base and nxt is None:
                tok.tag = "W"  # a heading or bullet of one word: "Invoices"
            continue
        if prev.possessive or (prev.tag == "D" and prev.low not in _RELATIVE) or prev.tag in ("J", "N") \
                or (prev.tag == "P" and prev.low != "to"):
            tok.tag = "W"
        elif prev.tag == "V" and tok.low == base and nxt is not None and nxt.tag == "W" \
                and VERB_FORMS.get(prev.low) not in _VERB_THEN_VERB:
            tok.tag = "W"  # "opens work order": no second verb follows a verb without "to"
        elif prev.tag == "V" and tok.low != base and VERB_FORMS.get(prev.low) != "be" \
                and (nxt is None or nxt.tag in ("P", "Z", "C", "N")) \
                and not (tok.low in _ASIDE_VERBS and prev.low.endswith("ing") and (i == 1 or tokens[i - 2].tag in ("Z", "C"))):
            # "search tutors by subject", "contains exercises (", "inspect plots three times a year";
            # but "Ticketing stays with Skiddle", "invoicing lives in Xero": a gerund, then its verb
            tok.tag = "W"
        elif prev.tag == "W" and tok.low != base and not is_plural(prev.low) \
                and prev.low not in PERSON_NOUNS and (nxt is None or nxt.tag == "Z") and not _what_clause(tokens, i) \
                and not (i == 1 and base in _SPEAKING and prev.text[:1].isupper() and prev.text[1:].islower()
                         and prev.low not in DOMAIN_NOUNS and word_class(prev.low) == "W"):
            # but "Gareth insists.", "Priya agrees": a first name, then what they said
            tok.tag = "W"  # "one or more delivery stops;": a compound's plural head
        elif prev.tag == "W" and tok.low != base and _after_verb_object(tokens, i):
            tok.tag = "W"  # "we need condition reports before ...": the clause has its verb
        elif prev.tag == "W" and tok.low in NOUN_VERBS and _inside_subject(tokens, i):
            tok.tag = "W"  # "Travel reimbursement requests from speakers are approved"


def _after_a_noun(tokens: list[Token], i: int) -> bool:
    """True when the words before token i are "a"/"an" and a noun phrase: a verb after them
    would be in its -s form."""
    j = i - 1
    while j >= 0 and (tokens[j].tag in ("W", "J") or tokens[j].tag == "A" and tokens[j].low in ADJECTIVES) \
            and not tokens[j].possessive:
        j -= 1
    return j >= 0 and j < i - 1 and tokens[j].low in ("a", "an")


def _verbs_ending_clauses(tokens: list[Token]) -> None:
    """"when the store's internet drops": a clause opened by when, if or until has a verb, and
    when only nouns follow the opener, the last word, an -s form, is it."""
    for i, tok in enumerate(tokens):
        if tok.tag != "W" or not tok.low.endswith("s") or tok.low not in VERB_FORMS \
                or i + 1 < len(tokens) and tokens[i + 1].tag != "Z":
            continue
        start = next((j for j in range(i - 1, -1, -1) if tokens[j].low in _SUBORDINATORS or tokens[j].tag == "Z"), -1)
        if start >= 0 and tokens[start].low in _SUBORDINATORS and i - start >= 3 \
                and all(t.tag in ("D", "W", "J") for t in tokens[start + 1:i]) and tokens[i - 1].tag == "W" \
                and not is_plural(tokens[i - 1].low):
            tok.tag = "V"


def _what_clause(tokens: list[Token], i: int) -> bool:
    """Whether token i is the verb of "what the system holds": what, a determiner, a noun, -s."""
    word = tokens[i].low
    return i >= 3 and tokens[i - 3].low in ("what", "whatever") and tokens[i - 2].tag == "D" \
        and tokens[i - 1].tag == "W" and not is_plural(tokens[i - 1].low) and word.endswith("s") \
        and word in VERB_FORMS


def _after_verb_object(tokens: list[Token], i: int) -> bool:
    """Return True when token i ends the object of an earlier verb of the same clause: only
    nouns, adjectives and determiners lie between that verb and it."""
    for t in reversed(tokens[:i]):
        if t.tag == "V":
            return not t.low.endswith(("ed", "ing")) and VERB_FORMS.get(t.low) != "be"
        if t.tag not in ("W", "J", "D", "N") or t.low in _RELATIVE:
            return False
    return False


def _inside_subject(tokens: list[Token], i: int) -> bool:
    """Return True when token i sits in the sentence's opening noun phrase: only nouns and
    adjectives before it, and after it more of the phrase up to an auxiliary ("are", "must")."""
    opening = tokens[1:i] if tokens[0].tag == "V" else tokens[:i]  # "Travel requests ..."
    if any(t.tag not in ("D", "J", "W", "N", "A") for t in opening):
        return False
    for t in tokens[i + 1 :]:
        if t.tag == "M":
            return True
        if t.tag not in ("P", "D", "J", "W", "N") or t.low in _RELATIVE:
            return False
    return False


def _split_phrasal_verbs(tokens: list[Token]) -> None:
    """"staff check guests in and out": a phrasal verb split by its object."""
    for i in range(len(tokens) - 2):
        tok = tokens[i]
        if tok.tag in ("W", "X") and tokens[i + 1].tag == "W" \
                and (VERB_FORMS.get(tok.low), tokens[i + 2].low) in _PHRASAL:
            tok.tag = "V"


def _verbs_as_modifiers(tokens: list[Token]) -> None:
    """"its waiting list", "on purchase orders", "Work orders list ...": verb forms in front
    of a noun, where no verb can stand, are part of the noun phrase."""
    for i in range(len(tokens) - 1):
        tok, nxt = tokens[i], tokens[i + 1]
        prev_low = tokens[i - 1].low if i else ""
        prev_tag = tokens[i - 1].tag if i else ""
        if tok.tag != "V" or nxt.tag not in ("W", "X") or prev_low == "to" or prev_tag in ("M", "R"):
            continue
        if _relative_verb(tokens, i):
            continue
        if f"{tok.low}_{singular(nxt.low)}" in KNOWN_COMPOUNDS:
            tok.tag = "W"  # "the stylist's working hours", "opening hours"
            continue
        after = tokens[i + 2].tag if i + 2 < len(tokens) else ""
        starts_subject = prev_tag == "" and is_plural(nxt.low) and after in ("V", "M", "X")
        if tok.low.endswith("ing") and (prev_tag in ("D", "V", "P", "") or nxt.low in WEAK_HEADS) or VERB_FORMS.get(tok.low) == tok.low and (prev_tag in ("D", "P", "J", "V") or starts_subject) \
                and (is_plural(nxt.low) or nxt.low in WEAK_HEADS):
            tok.tag = "W"


_MANY = frozenset(("more", "several", "many", "multiple", "some", "few", "all", "both", "various"))


def _third_person_verb(tokens: list[Token], i: int) -> bool:
    """A word ending in -s right after a singular subject noun, before its object or after
    "a/each X": "each restaurant defines its tables", "an instrument produces results"."""
    tok, prev, nxt = tokens[i], tokens[i - 1], tokens[i + 1]
    if tok.tag not in ("W", "X") or tok.possessive or prev.possessive or prev.tag != "W" \
            or is_plural(prev.low):
        return False
    if not tok.low.endswith("s") or tok.low.endswith(("ss", "us", "is")):
        return False
    back = i - 2
    while back >= 0 and tokens[back].tag == "J":
        back -= 1  # "a public website shows ..."
    det_before = back >= 0 and tokens[back].tag == "D"
    if det_before and tokens[back].low in _MANY:
        return False  # "one or more family contacts": a plural phrase, not subject and verb
    if nxt.low in _OBJECT_START:
        return True
    if back < 0 and nxt.low in ("in", "up", "out", "off", "back") and tok.low in VERB_FORMS:
        return True  # "Cleaner rings in sick that morning": a bare subject, then its verb and particle
    if det_before and back == i - 2 and prev.low.endswith("ing") and word_class(prev.low) == "V":
        return False  # "the judging books for the stewards": a gerund describing the books
    if det_before and nxt.tag == "V" and nxt.low.endswith("ed") and i + 2 < len(tokens) \
            and tokens[i + 2].tag == "W":
        return True  # "a website shows selected objects"
    if det_before and tok.low in NOUN_VERBS and tok.low in VERB_FORMS:
        return True  # not "their menu items and prices": an item is never done
    return det_before and nxt.tag == "W" and is_plural(nxt.low)


def chunks(tokens: list[Token]) -> list[Chunk]:
    """Return the noun phrases: runs of adjectives and nouns that end in a noun."""
    found: list[Chunk] = []
    i = 0
    n = len(tokens)
    while i < n:
        if tokens[i].tag not in ("J", "W"):
            i += 1
            continue
        j = i
        named = 0
        while j < n and tokens[j].tag in ("J", "W"):
            j += 1
            if tokens[j - 1].possessive:
                break
            if j < n and tokens[j].tag == "J" and tokens[j - 1].tag == "W" and is_plural(tokens[j - 1].low) \
                    and not tokens[j - 1].low.endswith("ss") and tokens[j - 1].low not in VERB_FORMS:
                break  # "offer parents monthly instalments": two objects; no adjective follows a plural head
            if _named_person(tokens, j - 1):
                # "with our seamstress Jo": the role, then her name, which is no part of it
                while j + named < n and tokens[j + named].tag == "W" and tokens[j + named].text[:1].isupper():
                    named += 1
                break
        # Drop trailing adjectives: the phrase must end in a noun.
        end = j
        while end > i and tokens[end - 1].tag != "W":
            end -= 1
        if end > i:
            found.append(_make_chunk(tokens, i, end))
        i = max(j + named, i + 1)
    return found


def _named_person(tokens: list[Token], i: int) -> bool:
    """True for "seamstress" in "our seamstress Jo": a lower-case role followed by a name."""
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    return nxt is not None and tokens[i].text.islower() and tokens[i].low in PERSON_NOUNS \
        and nxt.tag == "W" and nxt.text[:1].isupper() and nxt.text[1:].islower() and len(nxt.text) > 1


def _make_chunk(tokens: list[Token], start: int, end: int) -> Chunk:
    words = [t.low for t in tokens[start:end]]
    tags = [t.tag for t in tokens[start:end]]
    # Nouns: the trailing run of W tokens (adjectives before it are modifiers only).
    k = end
    while k > start and tokens[k - 1].tag == "W" and tokens[k - 1].low not in ADJECTIVES:
        k -= 1
    nouns = [t.low for t in tokens[k:end]] or [words[-1]]
    determiner = ""
    back = start - 1
    while back >= 0 and tokens[back].tag in ("A",):
        back -= 1
    if back >= 0 and (tokens[back].tag in ("D", "N") or tokens[back].low in ("per", "by")):
        determiner = tokens[back].low
        if back >= 1 and tokens[back - 1].low in ("one", "or") and determiner == "more":
            determiner = "one or more"
    head = tokens[end - 1].text
    # A capital after only an item's number ("2.2 Customers get a quote", "a) Staff approve")
    # opens the sentence; elsewhere it marks a name.
    opens = all(t.tag in ("N", "Z") or len(t.text) == 1 for t in tokens[:start])
    proper = (not opens and head[:1].isupper() and not head.isupper() and not _title_case(tokens)
              and not _ACRONYMS.fullmatch(head)) \
        or _CAMEL_CASE.fullmatch(head) is not None \
        or (end - start >= 2 and len(tokens[start].text) >= 2 and tokens[start].text.isupper()
            and tokens[start].text.isalpha() and not _title_case(tokens) and not is_plural(head.lower())
            and all(t.text[:1].isupper() and not t.text.isupper() for t in tokens[start + 1:end])) \
        or (opens and end - start >= 2 and not _title_case(tokens) and head.lower() in ORGANISATION_NOUNS
            and all(t.text[:1].isupper() and t.text[1:].islower() for t in tokens[start:end])) \
        or (end - start >= 2 and words[0] in _HONORIFICS and tokens[start].text[:1].isupper()
            and all(t.text[:1].isupper() for t in tokens[start + 1:end]))
    # "PixelRights", "GoCardless": a brand; "CJIS Security Policy", "NHS Spine Service",
    # "Riverside Food Bank runs four centres": an organisation's name
    return Chunk(
        words=words,
        tags=tags,
        start=start,
        end=end,
        determiner=determiner,
        possessive=tokens[end - 1].possessive,
        nouns=nouns,
        proper=proper,
    )


# "Mrs Okafor found two bottles", "Dr Patel signs it off": a person's name, even opening a sentence.
_HONORIFICS = frozenset(("mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "cllr", "councillor"))
_CAMEL_CASE = re.compile(r"[A-Z]?[a-z]+(?:[A-Z][a-z]+)+")
_ACRONYMS = re.compile(r"CVs|SKUs")  # several of a kind of record, not a name (other acronyms seldom are)


def _title_case(tokens: list[Token]) -> bool:
    """Return True for headings and Title Case lines, where capitals say nothing."""
    alpha = [t.text for t in tokens if t.text[:1].isalpha()]
    upper = sum(1 for w in alpha if w[:1].isupper())
    if any(t.tag in ("V", "M") and t.text.islower() for t in tokens):
        return False  # "Brightwell Decorating Centres has 38 stores across the Midlands.": a sentence full of names
    return len(alpha) > 0 and upper * 2 > len(alpha)
