"""Read PostgreSQL DDL: CREATE TABLE (columns, keys, REFERENCES, UNIQUE, NOT NULL, DEFAULT,
CHECK ... IN), CREATE [UNIQUE] INDEX, ALTER TABLE ... ADD, and CREATE TYPE ... AS ENUM.

Statements are split on `;` outside strings, comments and dollar quotes. Everything else
PostgreSQL accepts (views, functions, INSERTs) is skipped with a note, never an error.
"""

from __future__ import annotations

import bisect
import difflib
import re
from dataclasses import dataclass

from archnb.review.design import AttrDraft, Design, EntityDraft, TableOp
from archnb.review.lists import is_section_start
from archnb.review.source import Line, ReviewParseError, shorten

_TOKEN = re.compile(
    r"(?P<space>\s+)|(?P<comment>--[^\n]*|/\*.*?\*/)|(?P<dollar>\$(?P<tag>[A-Za-z_]*)\$.*?\$(?P=tag)\$)"
    r"|(?P<string>'(?:[^']|'')*')|(?P<ident>\"(?:[^\"]|\"\")*\")|(?P<word>[A-Za-z_][\w$]*)"
    r"|(?P<number>\d+(?:\.\d+)?)|(?P<cast>::)|(?P<open>/\*|\$[A-Za-z_]*\$|'|\")|(?P<punct>.)",
    re.S,
)
_BARE_START = re.compile(r"^(create|alter|comment\s+on|drop\s+(table|index|type))\b", re.I)
_COMMANDS = (
    "CREATE",
    "ALTER",
    "DROP",
    "COMMENT",
    "INSERT",
    "UPDATE",
    "DELETE",
    "SELECT",
    "SET",
    "BEGIN",
    "COMMIT",
    "ROLLBACK",
    "START",
    "GRANT",
    "REVOKE",
    "WITH",
    "TRUNCATE",
    "DO",
    "ANALYZE",
    "VACUUM",
)
_SILENT = (
    "DROP",
    "COMMENT",
    "SET",
    "BEGIN",
    "COMMIT",
    "ROLLBACK",
    "START",
    "GRANT",
    "REVOKE",
    "ANALYZE",
    "VACUUM",
)
_COLUMN_WORDS = (
    "CONSTRAINT",
    "NOT",
    "NULL",
    "PRIMARY",
    "REFERENCES",
    "UNIQUE",
    "DEFAULT",
    "CHECK",
    "GENERATED",
    "COLLATE",
)
_TABLE_CONSTRAINTS = ("CONSTRAINT", "PRIMARY", "FOREIGN", "UNIQUE", "CHECK", "EXCLUDE", "LIKE")
_TABLE_OPTIONS = ("PARTITION", "WITH", "INHERITS", "TABLESPACE", "USING", "ON", "WITHOUT")
_DEFAULTS = {
    "now": "now",
    "current_timestamp": "now",
    "clock_timestamp": "now",
    "localtimestamp": "now",
    "statement_timestamp": "now",
    "transaction_timestamp": "now",
    "current_date": "now",
    "gen_random_uuid": "random_uuid",
    "uuid_generate_v4": "random_uuid",
    "true": "true",
    "false": "false",
    "0": "zero",
    "0.0": "zero",
    "'{}'": "empty_json",
    "'[]'": "empty_json",
}


@dataclass
class Token:
    kind: str
    text: str
    line: int

    @property
    def upper(self) -> str:
        return self.text.upper() if self.kind == "word" else ""

    @property
    def value(self) -> str:
        """The identifier or string this token spells, without quotes."""
        if self.kind == "ident":
            return self.text[1:-1].replace('""', '"')
        if self.kind == "string":
            return self.text[1:-1].replace("''", "'")
        return self.text


def parse_ddl(lines: list[Line], start: int, design: Design, bare: bool) -> int:
    """Read the statements starting at lines[start]; return the index of the first line after them.

    In bare text the DDL ends at the first line between statements that is not SQL; inside
    a ```sql fence every statement must be SQL.
    """
    i, pending = start, _Pending()
    while i < len(lines):
        line = lines[i]
        if not pending.lines:
            text = line.stripped
            if not text or text.startswith("--"):
                i += 1
                continue
            if bare and not _BARE_START.match(text):
                break
        pending.add(line)
        i += 1
        if pending.complete() or (pending.balanced() and _ends_here(lines, i, bare)):
            _statements(pending.tokens, pending.lines, design)
            pending = _Pending()
    if pending.lines:
        unclosed = pending.unclosed
        if unclosed is not None:
            text = next((line.text for line in pending.lines if line.number == unclosed.line), "")
            raise ReviewParseError(
                unclosed.line,
                f"this {unclosed.text} is never closed",
                text,
                f"close it with a matching {unclosed.text}",
            )
        _statements(pending.tokens, pending.lines, design)
    return i


class _Pending:
    """The lines of the statement being read, tokenized as they arrive.

    Each line is tokenized once; only a quote or comment still open at the end of a line
    makes the lines since it opened be read again, and only once a later line could close
    it. So a long statement costs time in proportion to its length.
    """

    def __init__(self) -> None:
        self.lines: list[Line] = []
        self.tokens: list[Token] = []
        self.depth = 0
        self.unclosed: Token | None = None
        self._from = 0  # index of the first line tokenized together with the newest one
        self._kept = 0  # tokens before that line
        self._kept_depth = 0

    def add(self, line: Line) -> None:
        self.lines.append(line)
        if self.unclosed is not None and not _may_close(line.text, self.unclosed.text):
            return
        if self.unclosed is None:
            self._from, self._kept, self._kept_depth = (
                len(self.lines) - 1,
                len(self.tokens),
                self.depth,
            )
        del self.tokens[self._kept :]
        fresh, self.unclosed = tokenize(self.lines[self._from :])
        self.tokens += fresh
        self.depth = self._kept_depth + _depth(fresh)

    def complete(self) -> bool:
        """True when the statement ends with `;` outside any bracket, quote or comment."""
        return self.balanced() and bool(self.tokens) and self.tokens[-1].text == ";"

    def balanced(self) -> bool:
        return self.unclosed is None and self.depth <= 0


def _may_close(text: str, opening: str) -> bool:
    closing = {"'": "'", '"': '"', "/*": "*/"}.get(opening, opening)
    return closing in text


def _statements(tokens: list[Token], lines: list[Line], design: Design) -> None:
    """Read each `;`-separated statement among `tokens`."""
    current: list[Token] = []
    depth = 0
    for token in tokens:
        if token.kind == "punct" and token.text in "()":
            depth += 1 if token.text == "(" else -1
        if token.text == ";" and token.kind == "punct" and depth <= 0:
            _statement(current, lines, design)
            current, depth = [], 0
        else:
            current.append(token)
    _statement(current, lines, design)


def tokenize(lines: list[Line]) -> tuple[list[Token], Token | None]:
    """Return the tokens of `lines` (no spaces or comments) and the unclosed quote, if any."""
    text = "\n".join(line.text for line in lines)
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line.text) + 1)
    tokens, unclosed = [], None
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup if match.lastgroup != "tag" else "dollar"
        if kind in ("space", "comment"):
            continue
        number = lines[bisect.bisect_right(starts, match.start()) - 1].number
        token = Token(kind, match.group(0), number)
        if kind == "open":
            unclosed = token
            break
        tokens.append(token)
    return tokens, unclosed


def _depth(tokens: list[Token]) -> int:
    depth = 0
    for token in tokens:
        depth += {"(": 1, ")": -1}.get(token.text, 0) if token.kind == "punct" else 0
    return depth


def _ends_here(lines: list[Line], i: int, bare: bool) -> bool:
    """A statement without `;` ends before a blank line, a new statement or another section."""
    if i >= len(lines):
        return True
    text = lines[i].stripped
    return not text or bool(_BARE_START.match(text)) or (bare and is_section_start(text))


# --- statements ---------------------------------------------------------------------------


class Cursor:
    """Tokens of one statement, read left to right; errors name the statement's line."""

    def __init__(self, tokens: list[Token], lines: list[Line]) -> None:
        self.tokens = [t for t in tokens if t.text != ";"]
        self.pos = 0
        self.texts = {line.number: line.text for line in lines}
        self.first = lines[0].number if lines else 0

    def peek(self, ahead: int = 0) -> Token | None:
        at = self.pos + ahead
        return self.tokens[at] if at < len(self.tokens) else None

    def next(self) -> Token | None:
        token = self.peek()
        self.pos += token is not None
        return token

    def at(self, *words: str) -> bool:
        return all((self.peek(k) or Token("", "", 0)).upper == w for k, w in enumerate(words))

    def accept(self, *words: str) -> bool:
        if self.at(*words):
            self.pos += len(words)
            return True
        return False

    def fail(self, expected: str, hint: str = "") -> ReviewParseError:
        token = self.peek() or (self.tokens[-1] if self.tokens else None)
        number = token.line if token else self.first
        got = shorten(self.texts.get(number, ""))
        return ReviewParseError(
            number, f"expected {expected}, got `{got}`", self.texts.get(number, ""), hint
        )

    def name(self, what: str) -> Token:
        """Read a possibly schema-qualified name; return its last part."""
        token = self.next()
        if token is None or token.kind not in ("word", "ident"):
            self.pos -= token is not None
            raise self.fail(what)
        while self.peek() is not None and self.peek().text == "." and self.peek(1) is not None:
            self.pos += 1
            token = self.next()
        return token

    def group(self) -> list[Token]:
        """Read a parenthesised group; return the tokens inside it."""
        opening = self.next()
        if opening is None or opening.text != "(":
            self.pos -= opening is not None
            raise self.fail("`(`")
        inner, depth = [], 1
        while (token := self.next()) is not None:
            depth += {"(": 1, ")": -1}.get(token.text, 0) if token.kind == "punct" else 0
            if depth == 0:
                return inner
            inner.append(token)
        raise ReviewParseError(
            opening.line,
            "this `(` is never closed",
            self.texts.get(opening.line, ""),
            "close the list with `)` and end the statement with `;`",
        )


def _statement(tokens: list[Token], lines: list[Line], design: Design) -> None:
    cursor = Cursor(tokens, lines)
    first = cursor.peek()
    if first is None:
        return
    command = first.upper
    if command not in _COMMANDS:
        close = difflib.get_close_matches(first.text.upper(), ["CREATE", "ALTER"], n=1, cutoff=0.6)
        hint = (
            f"did you mean {close[0]}?"
            if close
            else "review reads CREATE TABLE, CREATE INDEX and ALTER TABLE"
        )
        raise cursor.fail("a SQL statement such as CREATE TABLE", hint)
    if command == "CREATE":
        _create(cursor, design)
    elif command == "ALTER" and cursor.at("ALTER", "TABLE"):
        _alter_table(cursor, design)
    elif command not in _SILENT:
        _skipped(first, f"a {command} statement", design)


def _skipped(token: Token, what: str, design: Design) -> None:
    design.note(
        "REV102", "info", token.line, f"skipped {what}: the review reads tables, keys and indexes"
    )


def _create(cursor: Cursor, design: Design) -> None:
    start = cursor.next()
    cursor.accept("OR", "REPLACE")
    while cursor.peek() and cursor.peek().upper in (
        "UNLOGGED",
        "TEMP",
        "TEMPORARY",
        "GLOBAL",
        "LOCAL",
    ):
        cursor.next()
    if cursor.accept("TABLE"):
        _create_table(cursor, design)
    elif cursor.at("INDEX") or cursor.at("UNIQUE", "INDEX"):
        _create_index(cursor, design)
    elif cursor.accept("TYPE"):
        _create_type(cursor, design, start)
    elif cursor.peek() is None or cursor.peek().upper not in ("EXTENSION", "SCHEMA"):
        what = cursor.peek().text.upper() if cursor.peek() else "statement"
        _skipped(start, f"CREATE {what}", design)


def _create_table(cursor: Cursor, design: Design) -> None:
    cursor.accept("IF", "NOT", "EXISTS")
    name = cursor.name("a table name after CREATE TABLE")
    if cursor.peek() is None or cursor.peek().text != "(":
        raise cursor.fail(
            f"`(` and the columns of table {name.value}",
            "CREATE TABLE books (id bigint PRIMARY KEY, ...);",
        )
    entity = EntityDraft(name=name.value, line=name.line, origin="ddl")
    later: list[TableOp] = []
    elements = _split_commas(cursor.group(), cursor, name.value)
    trailing = cursor.peek()
    if trailing is not None and trailing.upper not in _TABLE_OPTIONS:
        raise cursor.fail(
            f"`;` after the columns of table {name.value}", "end each statement with `;`"
        )
    for element in elements:
        sub = Cursor(element, [])
        sub.texts, sub.first = cursor.texts, element[0].line
        if element[0].upper in _TABLE_CONSTRAINTS:
            op = _table_constraint(sub, name.value)
            if op is not None:
                later.append(op)
        else:
            entity.attributes.append(_column(sub, name.value, design))
    design.entities.append(entity)
    design.table_ops.extend(later)


def _split_commas(tokens: list[Token], cursor: Cursor, table: str) -> list[list[Token]]:
    parts: list[list[Token]] = [[]]
    depth = 0
    for token in tokens:
        if token.kind == "punct" and token.text in "()":
            depth += 1 if token.text == "(" else -1
        if depth == 0 and token.kind == "punct" and token.text == ",":
            if not parts[-1]:
                raise _empty(token, cursor, table)
            parts.append([])
        else:
            parts[-1].append(token)
    if not parts[-1]:
        last = tokens[-1] if tokens else None
        if last is None:
            raise cursor.fail(f"the columns of table {table}")
        raise _empty(last, cursor, table)
    return parts


def _empty(token: Token, cursor: Cursor, table: str) -> ReviewParseError:
    return ReviewParseError(
        token.line,
        f"an extra comma in CREATE TABLE {table} leaves an empty column",
        cursor.texts.get(token.line, ""),
        "remove the comma before `)`",
    )


def _column(cursor: Cursor, table: str, design: Design) -> AttrDraft:
    name = cursor.name(f"a column name in table {table}")
    type_tokens = []
    depth = 0
    while (token := cursor.peek()) is not None and not (
        depth == 0 and token.upper in _COLUMN_WORDS
    ):
        depth += {"(": 1, ")": -1}.get(token.text, 0) if token.kind == "punct" else 0
        type_tokens.append(cursor.next())
    if not type_tokens:
        raise ReviewParseError(
            name.line,
            f"column `{name.value}` of table {table} has no type",
            cursor.texts.get(name.line, ""),
            f"write it as `{name.value} text`, or with another type",
        )
    if any(t.line != name.line for t in type_tokens):
        raise _missing_comma(name, table, cursor)
    attr = AttrDraft(name=name.value, type=_join(type_tokens), line=name.line)
    while (token := cursor.peek()) is not None:
        if token.line != name.line and token.upper not in _COLUMN_WORDS:
            raise _missing_comma(name, table, cursor)
        _column_constraint(cursor, attr, table, name.value)
    return attr


def _missing_comma(name: Token, table: str, cursor: Cursor) -> ReviewParseError:
    return ReviewParseError(
        name.line,
        f"column `{name.value}` of table {table} runs on into the next line",
        cursor.texts.get(name.line, ""),
        "is a comma missing at the end of this line?",
    )


def _join(tokens: list[Token]) -> str:
    """Return type tokens as text: words apart, brackets and commas attached."""
    out = ""
    for token in tokens:
        glue = token.kind == "punct" or (out and out[-1] in "([,")
        out += token.text if glue or not out else " " + token.text
    return out


def _column_constraint(cursor: Cursor, attr: AttrDraft, table: str, column: str) -> None:
    if cursor.accept("CONSTRAINT"):
        cursor.name("a constraint name")
    elif cursor.accept("NOT", "NULL"):
        attr.nullable = False
    elif cursor.accept("NULL"):
        attr.nullable = True
    elif cursor.accept("PRIMARY", "KEY"):
        attr.primary_key, attr.nullable = True, False
    elif cursor.accept("UNIQUE"):
        attr.unique = True
        _nulls_distinct(cursor)
    elif cursor.accept("REFERENCES"):
        attr.foreign_key = cursor.name("the referenced table after REFERENCES").value
        if cursor.peek() is not None and cursor.peek().text == "(":
            cursor.group()
        _fk_actions(cursor)
    elif cursor.accept("DEFAULT"):
        attr.default = _default(_until_keyword(cursor))
    elif cursor.accept("CHECK"):
        attr.choices = _choices(cursor.group(), column) or attr.choices
    elif cursor.accept("GENERATED"):
        _until_keyword(cursor, skip=("ALWAYS", "BY", "DEFAULT", "AS", "IDENTITY", "STORED"))
    elif cursor.accept("COLLATE"):
        cursor.name("a collation")
    else:
        raise cursor.fail(
            f"a constraint of column `{column}` in table {table}",
            "after the type come NOT NULL, PRIMARY KEY, UNIQUE, REFERENCES t, DEFAULT x or CHECK",
        )


def _nulls_distinct(cursor: Cursor) -> None:
    if cursor.accept("NULLS"):
        cursor.accept("NOT")
        cursor.accept("DISTINCT")


def _fk_actions(cursor: Cursor) -> None:
    while True:
        if cursor.accept("ON"):
            cursor.next()  # DELETE or UPDATE
            if cursor.accept("SET"):
                cursor.next()
                if cursor.peek() is not None and cursor.peek().text == "(":
                    cursor.group()
            elif not cursor.accept("NO", "ACTION"):
                cursor.next()
        elif cursor.accept("MATCH") or cursor.accept("INITIALLY"):
            cursor.next()
        elif not (cursor.accept("DEFERRABLE") or cursor.accept("NOT", "DEFERRABLE")):
            return


def _until_keyword(cursor: Cursor, skip: tuple[str, ...] = ()) -> list[Token]:
    taken, depth = [], 0
    while (token := cursor.peek()) is not None:
        if depth == 0 and token.upper in _COLUMN_WORDS and token.upper not in skip:
            break
        depth += {"(": 1, ")": -1}.get(token.text, 0) if token.kind == "punct" else 0
        taken.append(cursor.next())
    return taken


def _default(tokens: list[Token]) -> str | None:
    if not tokens:
        return None
    head = tokens[0].text.lower()
    if tokens[0].kind == "string":
        return _DEFAULTS.get(tokens[0].text)
    return _DEFAULTS.get(head)


def _choices(tokens: list[Token], column: str | None) -> list[str]:
    """Return the values of `col IN ('a', 'b')` or `col = ANY (ARRAY['a', 'b'])`, else []."""
    for k, token in enumerate(tokens):
        if token.upper in ("IN", "ANY"):
            names = [t.value.lower() for t in tokens[:k] if t.kind in ("word", "ident")]
            if column is None or column.lower() in names:
                return [t.value for t in tokens[k + 1 :] if t.kind == "string"]
    return []


def _check_column(tokens: list[Token]) -> str | None:
    for k, token in enumerate(tokens):
        if token.upper in ("IN", "ANY"):
            names = [
                t.value
                for t in tokens[:k]
                if t.kind in ("word", "ident") and t.upper not in ("TEXT", "VARCHAR")
            ]
            return names[0] if names else None
    return None


def _table_constraint(cursor: Cursor, table: str) -> TableOp | None:
    """Read PRIMARY KEY / UNIQUE / FOREIGN KEY / CHECK (...) of a table or an ALTER TABLE ADD."""
    if cursor.accept("CONSTRAINT"):
        cursor.name("a constraint name")
    line = cursor.peek().line if cursor.peek() else cursor.first
    if cursor.accept("PRIMARY", "KEY"):
        return TableOp(table, line, _names(cursor.group()), "primary_key")
    if cursor.accept("UNIQUE"):
        _nulls_distinct(cursor)
        return TableOp(table, line, _names(cursor.group()), "unique")
    if cursor.accept("FOREIGN", "KEY"):
        columns = _names(cursor.group())
        if not cursor.accept("REFERENCES"):
            raise cursor.fail(
                "REFERENCES after FOREIGN KEY (...)",
                "FOREIGN KEY (member_id) REFERENCES members (id)",
            )
        target = cursor.name("the referenced table").value
        return TableOp(table, line, columns, "foreign_key", target=target)
    if cursor.accept("CHECK"):
        inner = cursor.group()
        column = _check_column(inner)
        choices = _choices(inner, column)
        return (
            TableOp(table, line, [column], "check", choices=choices) if column and choices else None
        )
    if cursor.accept("EXCLUDE") or cursor.accept("LIKE"):
        return None
    raise cursor.fail("PRIMARY KEY, UNIQUE, FOREIGN KEY or CHECK")


def _names(tokens: list[Token]) -> list[str]:
    return [
        t.value for t in tokens if t.kind in ("word", "ident") and t.upper not in ("ASC", "DESC")
    ]


def _create_index(cursor: Cursor, design: Design) -> None:
    unique = cursor.accept("UNIQUE")
    cursor.accept("INDEX")
    cursor.accept("CONCURRENTLY")
    cursor.accept("IF", "NOT", "EXISTS")
    if not cursor.at("ON"):
        cursor.name("an index name or ON")
    if not cursor.accept("ON"):
        raise cursor.fail("ON table (columns)", "CREATE INDEX ON loans (member_id);")
    cursor.accept("ONLY")
    table = cursor.name("the table of the index")
    if cursor.accept("USING"):
        cursor.next()
    columns = []
    for element in _split_plain(cursor.group()):
        column = _index_column(element)
        if column:
            columns.append(column)
    if columns:
        design.table_ops.append(
            TableOp(table.value, table.line, columns, "unique" if unique else "index")
        )


def _split_plain(tokens: list[Token]) -> list[list[Token]]:
    parts, depth = [[]], 0
    for token in tokens:
        if token.kind == "punct" and token.text in "()":
            depth += 1 if token.text == "(" else -1
        if depth == 0 and token.text == ",":
            parts.append([])
        else:
            parts[-1].append(token)
    return [p for p in parts if p]


def _index_column(tokens: list[Token]) -> str | None:
    """Return the column an index element is about: `email`, or `email` in `lower(email)`."""
    for k, token in enumerate(tokens):
        follows = tokens[k + 1].text if k + 1 < len(tokens) else ""
        if token.kind in ("word", "ident") and follows != "(":
            return token.value
    return None


def _create_type(cursor: Cursor, design: Design, start: Token) -> None:
    name = cursor.name("a type name")
    if cursor.accept("AS", "ENUM"):
        values = [t.value for t in cursor.group() if t.kind == "string"]
        from archnb.review.types import normalise

        design.enums[normalise(name.value)] = values
    else:
        _skipped(start, f"CREATE TYPE {name.value}", design)


def _alter_table(cursor: Cursor, design: Design) -> None:
    cursor.accept("ALTER", "TABLE")
    cursor.accept("IF", "EXISTS")
    cursor.accept("ONLY")
    table = cursor.name("a table name after ALTER TABLE")
    for action in _split_plain(cursor.tokens[cursor.pos :]):
        sub = Cursor(action, [])
        sub.texts, sub.first = cursor.texts, action[0].line
        if not sub.accept("ADD"):
            continue  # ALTER COLUMN, DROP, OWNER TO ...: nothing a review reads
        if sub.peek() is not None and sub.peek().upper in _TABLE_CONSTRAINTS:
            op = _table_constraint(sub, table.value)
            if op is not None:
                design.table_ops.append(op)
            continue
        sub.accept("COLUMN")
        sub.accept("IF", "NOT", "EXISTS")
        column = _column(sub, table.value, design)
        design.table_ops.append(
            TableOp(table.value, column.line, [column.name], "column", column=column)
        )
