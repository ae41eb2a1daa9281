"""Hand-built plans for the records tests: a library-lending plan and a refinement of it.

They exercise every part the diff, exports and notebook reader look at, independently of
the engines (whose output changes as their rules grow). The refinement makes one change
of each kind, listed in REFINEMENT_CHANGES so tests can check the diff names each one.
"""

from __future__ import annotations

from archnb.plan import TechnicalPlan


def _attr(name, type="text", **flags):
    return {"name": name, "type": type, **flags}


def _id():
    return _attr("id", "uuid", primary_key=True, nullable=False, default="random_uuid")


def library_plan_data() -> dict:
    """Return the plan data of a small library-lending backend (a dict, so tests can vary it)."""
    return {
        "title": "Library lending service",
        "summary": "Members borrow copies of books held at branches; staff manage the catalogue.",
        "brief": "A city library with 12 branches lends books to 40,000 members.",
        "assumptions": ["Members sign in with email and password."],
        "requirements": [
            {"id": "FR-001", "kind": "functional", "text": "Members can borrow available copies",
             "source": "lends books to members"},
            {"id": "FR-002", "kind": "functional", "text": "Staff can add books to the catalogue"},
            {"id": "NFR-001", "kind": "non_functional", "text": "Search answers quickly",
             "metric": "p95 latency", "target": 300, "unit": "ms"},
        ],
        "open_questions": [
            {"id": "Q1", "question": "Can members reserve copies held at another branch?",
             "why_it_matters": "Changes the loan workflow.",
             "assumption": "Reservations stay within a branch.", "affects": ["D-001"]},
        ],
        "decisions": [
            {"id": "D-001", "title": "Primary datastore", "context": "Loans need transactions.",
             "options": [{"name": "PostgreSQL", "pros": ["transactions"], "cons": ["ops"]},
                         {"name": "MongoDB", "pros": ["flexible"], "cons": ["weaker joins"]}],
             "choice": "PostgreSQL", "rationale": "Loans must never double-book a copy.",
             "consequences": ["One relational database to run"], "serves": ["FR-001"]},
            {"id": "D-002", "title": "Catalogue caching", "context": "Search is read-heavy.",
             "options": [{"name": "No cache"}, {"name": "Redis"}],
             "choice": "No cache", "rationale": "Load is small at first.",
             "consequences": ["Search hits the database"], "serves": ["NFR-001"]},
        ],
        "architecture": {
            "style": "modular monolith",
            "components": [
                {"id": "client", "name": "Web app", "kind": "client",
                 "responsibility": "Member and staff UI", "serves": ["FR-001"]},
                {"id": "api", "name": "Lending API", "kind": "service",
                 "responsibility": "Loans and catalogue", "technology": "FastAPI",
                 "serves": ["FR-001", "FR-002"]},
                {"id": "db", "name": "PostgreSQL", "kind": "database",
                 "responsibility": "System of record", "technology": "PostgreSQL 16",
                 "serves": ["FR-001"]},
            ],
            "connections": [
                {"source": "client", "target": "api", "label": "REST calls"},
                {"source": "api", "target": "db", "label": "SQL", "protocol": "TCP"},
            ],
        },
        "data_model": {
            "entities": [
                {"name": "branch", "description": "A library building",
                 "attributes": [_id(), _attr("name", nullable=False)], "serves": ["FR-001"]},
                {"name": "book", "description": "A title in the catalogue",
                 "attributes": [_id(), _attr("isbn", nullable=False), _attr("title", nullable=False)],
                 "serves": ["FR-002"]},
                {"name": "copy", "description": "A physical copy of a book",
                 "attributes": [_id(), _attr("book_id", "uuid", foreign_key="book", nullable=False,
                                             indexed=True),
                                _attr("branch_id", "uuid", foreign_key="branch", nullable=False,
                                      indexed=True)],
                 "serves": ["FR-001"]},
                {"name": "member", "description": "A registered reader",
                 "attributes": [_id(), _attr("email", nullable=False, unique=True)],
                 "serves": ["FR-001"]},
                {"name": "loan", "description": "A copy lent to a member",
                 "attributes": [_id(),
                                _attr("copy_id", "uuid", foreign_key="copy", nullable=False,
                                      indexed=True),
                                _attr("member_id", "uuid", foreign_key="member", nullable=False,
                                      indexed=True),
                                _attr("due_on", "date", nullable=False)],
                 "serves": ["FR-001"]},
            ],
            "relationships": [
                {"source": "book", "target": "copy", "cardinality": "one-to-many", "label": "has"},
                {"source": "branch", "target": "copy", "cardinality": "one-to-many", "label": "holds"},
                {"source": "member", "target": "loan", "cardinality": "one-to-many", "label": "takes"},
                {"source": "copy", "target": "loan", "cardinality": "one-to-many", "label": "lent in"},
            ],
        },
        "api": {
            "endpoints": [
                {"method": "GET", "path": "/books", "summary": "Search the catalogue",
                 "entity": "book", "response": "list", "paginated": True, "auth_required": False,
                 "serves": ["NFR-001"]},
                {"method": "POST", "path": "/books", "summary": "Add a book", "entity": "book",
                 "request": ["isbn", "title"], "serves": ["FR-002"]},
                {"method": "POST", "path": "/loans", "summary": "Borrow a copy", "entity": "loan",
                 "request": ["copy_id", "member_id"], "idempotent": True, "serves": ["FR-001"]},
            ],
        },
        "stack": [
            {"layer": "language", "choice": "Python 3.12", "rationale": "Team knows it",
             "alternatives": ["Go"], "serves": ["FR-001"]},
            {"layer": "database", "choice": "PostgreSQL 16", "rationale": "Transactions",
             "alternatives": ["MySQL"], "serves": ["FR-001"]},
        ],
        "security": {"authentication": "Email and password with sessions",
                     "threats": [{"threat": "Account takeover", "mitigation": "Rate-limit logins"}]},
        "steps": [
            {"id": "S1", "title": "Set up the repository and CI", "deliverables": ["CI pipeline"]},
            {"id": "S2", "title": "Create the schema", "depends_on": ["S1"],
             "deliverables": ["schema.sql applied"], "serves": ["FR-001", "FR-002"]},
            {"id": "S3", "title": "Build the catalogue endpoints", "depends_on": ["S2"],
             "serves": ["FR-002", "NFR-001"]},
            {"id": "S4", "title": "Build the loan endpoints", "depends_on": ["S2"],
             "serves": ["FR-001"]},
            {"id": "S5", "title": "Load test search", "depends_on": ["S3", "S4"],
             "serves": ["NFR-001"]},
        ],
        "risks": [{"risk": "Double lending of one copy", "likelihood": "low", "impact": "high",
                   "mitigation": "A unique open loan per copy"}],
    }


def library_plan() -> TechnicalPlan:
    """Return the library plan with its content id."""
    return TechnicalPlan.model_validate(library_plan_data()).with_id()


# What refine_library_plan changes, as (section, kind, key) the diff must name.
REFINEMENT_CHANGES = [
    ("requirements", "added", "NFR-002"),
    ("entities", "added", "reservation"),
    ("attributes", "changed", "book.isbn"),
    ("attributes", "removed", "loan.due_on"),
    ("attributes", "added", "loan.due_at"),
    ("relationships", "added", "member -> reservation"),
    ("endpoints", "added", "POST /reservations"),
    ("endpoints", "changed", "GET /books"),
    ("components", "added", "cache"),
    ("connections", "added", "api -> cache"),
    ("stack", "changed", "language"),
    ("decisions", "changed", "Catalogue caching"),
    ("steps", "added", "Build reservations"),
]


def refined_library_plan(parent: TechnicalPlan | None = None) -> TechnicalPlan:
    """Return a refinement of the library plan that makes each change in REFINEMENT_CHANGES."""
    parent = parent or library_plan()
    data = library_plan_data()
    data["requirements"].append({"id": "NFR-002", "kind": "non_functional",
                                 "text": "Search stays fast at 200 requests per second",
                                 "metric": "rps", "target": 200, "unit": "req/s"})
    entities = {e["name"]: e for e in data["data_model"]["entities"]}
    isbn = entities["book"]["attributes"][1]
    isbn.update(unique=True, indexed=True, type="varchar(13)")
    loan_attrs = entities["loan"]["attributes"]
    loan_attrs[-1] = _attr("due_at", "timestamptz", nullable=False)
    data["data_model"]["entities"].append(
        {"name": "reservation", "description": "A hold on a book",
         "attributes": [_id(), _attr("member_id", "uuid", foreign_key="member", nullable=False,
                                     indexed=True),
                        _attr("book_id", "uuid", foreign_key="book", nullable=False, indexed=True)],
         "serves": ["FR-001"]})
    data["data_model"]["relationships"].append(
        {"source": "member", "target": "reservation", "cardinality": "one-to-many"})
    data["api"]["endpoints"][0]["summary"] = "Search the catalogue by title or ISBN"
    data["api"]["endpoints"].append(
        {"method": "POST", "path": "/reservations", "summary": "Reserve a book",
         "entity": "reservation", "request": ["book_id"], "serves": ["FR-001"]})
    data["architecture"]["components"].append(
        {"id": "cache", "name": "Redis", "kind": "cache", "responsibility": "Search cache",
         "technology": "Redis 7", "serves": ["NFR-002"]})
    data["architecture"]["connections"].append(
        {"source": "api", "target": "cache", "label": "cache reads", "protocol": "RESP"})
    data["stack"][0]["choice"] = "Python 3.13"
    data["decisions"].append(
        {"id": "D-003", "title": "Catalogue caching", "context": "Search now has 200 rps.",
         "options": [{"name": "No cache"}, {"name": "Redis", "pros": ["fast"]}],
         "choice": "Redis", "rationale": "Peak search load needs a cache.",
         "consequences": ["One more service to run"], "serves": ["NFR-002"],
         "supersedes": "D-002"})
    del data["decisions"][1]
    data["steps"].append({"id": "S6", "title": "Build reservations", "depends_on": ["S4"],
                          "serves": ["FR-001"]})
    data["metadata"] = {"parent_id": parent.plan_id}
    return TechnicalPlan.model_validate(data).with_id()
