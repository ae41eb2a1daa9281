"""Build the workshop notebooks 01-03 from the cells written below.

    python notebooks/build_notebooks.py          # write the .ipynb files
    python notebooks/build_notebooks.py --check  # exit 1 if a committed notebook differs

The notebooks are committed without outputs, so diffs stay readable; the tests execute them
(tests/test_notebooks.py) and check they are what this script builds. Edit the text here,
then rebuild. Cell ids are fixed, so rebuilding unchanged text changes nothing.

Conventions in the cells:
- "Your turn" exercises are Markdown cells; hints sit in <details> blocks, which JupyterLab
  shows collapsed until clicked.
- A solution is a code cell whose source starts hidden (click the "..." to open it); it is
  tagged `review-solution` when it is a design for `%%architect --review`, and the design it
  corrects is tagged `review-exercise`, so tests/test_review.py can check both.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

HERE = Path(__file__).resolve().parent


def md(text: str) -> dict:
    return {"kind": "markdown", "source": text.strip("\n")}


def code(text: str, *tags: str, hidden: bool = False) -> dict:
    return {"kind": "code", "source": text.strip("\n"), "tags": list(tags), "hidden": hidden}


def hint(text: str, label: str = "Hint") -> str:
    return f"<details><summary>{label}</summary>\n\n{text.strip()}\n\n</details>"


SETUP = code("%load_ext archnb")

# --- 01: URL shortener ----------------------------------------------------------------------

SHORTENER_REVIEW = """
%%architect --review --name shortener_review
# My URL shortener

## Components
- web: client, React single-page app
- api: service, Go
- db: database, PostgreSQL 16
- web -> api: HTTPS
- api -> db: SQL

```sql
CREATE TABLE owners (
  id bigserial PRIMARY KEY,
  email text NOT NULL,
  password text NOT NULL
);

CREATE TABLE links (
  id bigserial PRIMARY KEY,
  owner_id bigint NOT NULL REFERENCES owners (id),
  code varchar(7) NOT NULL,
  long_url text NOT NULL,
  created_at timestamp NOT NULL DEFAULT now()
);

CREATE TABLE clicks (
  id bigserial PRIMARY KEY,
  link_id bigint NOT NULL REFERENCES links (id),
  clicked_at timestamptz NOT NULL DEFAULT now()
);
```

## Endpoints
- POST /links - shorten a URL
- GET /links - my links
- GET /{code} (public) - redirect
- GET /links/{id}/clicks - clicks of one link
"""

SHORTENER_SOLUTION = """
%%architect --review --name shortener_review_fixed
# My URL shortener, reviewed

auth: bearer

## Components
- web: client, React single-page app
- api: service, Go
- cache: cache, Redis
- db: database, PostgreSQL 16
- worker: worker, counts clicks per link and day
- web -> api: HTTPS
- api -> cache: code to URL, cache-aside
- api -> db: SQL
- api ~> worker: click events
- worker -> db: SQL

## Decisions
- Redirects: cache-aside in Redis, TTL with jitter; instead of a database read per redirect
- Click counts: the redirect emits an event, a worker aggregates per day; instead of a row per click on the hot path
- Lists: cursor pagination on every list; instead of offset pagination

```sql
CREATE TABLE owners (
  id bigserial PRIMARY KEY,
  email text NOT NULL,
  password_hash text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX ON owners (lower(email));

CREATE TABLE links (
  id bigserial PRIMARY KEY,
  owner_id bigint NOT NULL REFERENCES owners (id),
  code varchar(7) NOT NULL UNIQUE,
  long_url text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ON links (owner_id);

CREATE TABLE clicks (
  id bigserial PRIMARY KEY,
  link_id bigint NOT NULL REFERENCES links (id),
  clicked_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ON clicks (link_id);
```

## Endpoints
- POST /links - shorten a URL
- GET /links?cursor= - my links
- GET /{code} (public) - redirect
- GET /links/{id}/clicks?cursor= - clicks of one link
"""

SHORTENER = [
    md("""
# Workshop 1 · A URL shortener at scale

A URL shortener looks like a toy: one table, two endpoints. At scale it is a good teacher,
because almost all traffic is **reads** (redirects), those reads must be **fast**, and the
numbers are big enough that a back-of-the-envelope calculation changes the design.

**You will practise**
1. capacity math: from "per month" to "per second", peak versus average, storage over years;
2. designing for a read-heavy workload: caching (cache-aside, TTLs, hit ratio), replicas, the edge;
3. reading a generated plan critically, refining it, and reviewing a design of your own.

**Time:** about 50 minutes. **Needs:** nothing but this notebook: with no API key archnb
uses its *offline engine*, which plans from the brief and the skills' rules, the same way
every time. Run the cells from top to bottom with Shift+Enter.
"""),
    SETUP,
    md("""
## 1. Capacity math first

Before drawing boxes, turn the product's numbers into load. Three rules of thumb:

| rule | why |
| --- | --- |
| 1 day ≈ 86,400 s ≈ 10⁵ s; 1 month ≈ 2.6 million s | per-month figures become per-second figures |
| peak ≈ 2 to 10 × the average | traffic follows the day and the campaigns |
| storage = rows × bytes per row × retention | plus indexes (often as large again) |

The product: **100 million new links per month**, **100 reads per write**, links kept
**5 years**, **40,000 redirects per second** at peak. Run the cell, then change a number and
run it again.
"""),
    code("""
links_per_month = 100_000_000
reads_per_write = 100
seconds_per_month = 30 * 24 * 3600
peak_factor = 10             # campaign peaks versus the monthly average
bytes_per_link = 500         # long URL (~200 B), code, owner id, timestamps, index entries
retention_years = 5

writes_per_second = links_per_month / seconds_per_month
reads_per_second = writes_per_second * reads_per_write
rows_kept = links_per_month * 12 * retention_years
storage_gb = rows_kept * bytes_per_link / 1e9

print(f"writes:  {writes_per_second:8,.0f}/s average, {writes_per_second * peak_factor:8,.0f}/s at peak")
print(f"reads:   {reads_per_second:8,.0f}/s average, {reads_per_second * peak_factor:8,.0f}/s at peak")
print(f"rows:    {rows_kept:,.0f} links after {retention_years} years")
print(f"storage: {storage_gb:,.0f} GB of links (plus indexes and replicas)")
"""),
    md("""
**What the numbers say.** Writes are modest: one PostgreSQL primary handles them easily.
Reads are the problem, and they are *skewed*: a few links (the ones in today's campaign) get
most clicks. Skewed reads are what caches are for.

## 2. Ask the architect

`%%architect` turns a brief into a Technical Plan. `--areas Performance,Database` tells it to
use the skills of those two areas (`optimizing-performance`, `cost-optimization`,
`postgresql-table-design`, `senior-data-engineer`); run `%architect skills` to see them all.
`--name shortener` keeps the result in a Python variable for later cells.
"""),
    code("""
%%architect --areas Performance,Database --name shortener
A URL shortener for a marketing platform. Owners paste a long URL and get a 7-character
short link; anyone who opens the short link is redirected to the long URL.
We create 100 million links per month and serve 40,000 redirects per second at peak;
reads outnumber writes 100 to 1. Redirects must answer in under 50 ms p95 and the service
needs 99.95% availability. Links are kept for 5 years, and owners see how many clicks each
link got per day. 2 million registered owners.
"""),
    md("""
## 3. Read the plan like a reviewer

The output above is the whole plan: diagrams, decisions, schema, API, capacity and steps.
It is also stored in the notebook as data, so it can be diffed and exported later. Look for:

- **The cache.** Which component holds it, and which decision explains it? *Cache-aside*
  means the API reads the cache first, falls back to the database, then fills the cache;
  writes delete the key. A **TTL with jitter** stops many keys expiring at once, and a
  short lock stops a *stampede* of requests rebuilding one hot key.
- **The latency budget.** 50 ms p95 for a redirect leaves little room for a database round
  trip on every request: that is why the hot path should end in memory.
- **The data model.** How is a short code found? Lookups by code need a unique index.
- **Capacity.** Compare the plan's capacity table with your own numbers from part 1.

The next cell reads the same plan through Python.
"""),
    code("""
plan = shortener.plan
print("Caches:", [f"{c.name} ({c.technology})" for c in plan.architecture.components if c.kind == "cache"])
print()
for decision in plan.decisions:
    print(f"{decision.id}  {decision.title}\\n        -> {decision.choice}")
print()
for row in plan.capacity.rows:
    print(f"{row.metric:38} {row.value:>14,.2f} {row.unit:10} = {row.formula}")
"""),
    md("""
### How big must the cache be?

Clicks follow a power law: roughly **20 % of recent links get 80 % of the clicks**. Keep
those in memory and most redirects never touch the database.
"""),
    code("""
hot_share = 0.20             # share of last month's links that are "hot"
bytes_per_cache_entry = 300  # code + long URL + Redis overhead
hit_ratio = 0.80             # share of redirects served by the cache

hot_links = links_per_month * hot_share
cache_gb = hot_links * bytes_per_cache_entry / 1e9
db_reads_at_peak = reads_per_second * peak_factor * (1 - hit_ratio)
print(f"cache: {hot_links:,.0f} hot links need about {cache_gb:,.1f} GB of memory")
print(f"database: {db_reads_at_peak:,.0f} reads/s at peak still miss the cache")
"""),
    md(f"""
### Your turn 1 · Check the numbers

1. Find the plan's capacity table (in the output of the `%%architect` cell, or printed by the
   cell above). Which figures match your own estimate, and which do not? Why?
2. Change `hit_ratio` to 0.95 and to 0.5. How many database reads per second remain at peak?
   At which hit ratio would you need read replicas?

{hint('''One PostgreSQL server answers many thousands of simple indexed reads per second while
the hot rows fit in memory; terabytes of links do not, so misses go to disk. Beyond that, add
read replicas or raise the hit ratio. The plan's figures come from
the numbers it could read in the brief: a figure it could not read is an *assumption*, listed
in the plan. Wrong inputs, wrong outputs: always check what a plan assumed.''')}
"""),
    md(f"""
### Your turn 2 · Refine the plan

A campaign brings **ten times the traffic**, and owners want **custom aliases** instead of
generated codes. `--refine shortener` makes a new version of the plan: the text below is
added to the original brief, and the output ends with a **diff** against the first version.
Run it, read the diff, then change the text (for example: links must be deleted on request
within 24 hours, for GDPR) and run it again.

{hint('''Look at which decisions, components and capacity rows changed. A tenfold peak is
400,000 redirects per second: what would you put in front of the API so most of those never
reach it? (Think of where a redirect response can be cached: at the edge, with
`Cache-Control`.) Custom aliases share the namespace with generated codes: what constraint
stops two owners taking the same alias?''')}
"""),
    code("""
%%architect --refine shortener --name shortener_v2
During campaigns traffic grows tenfold, to 400,000 redirects per second at peak.
Owners can choose a custom alias instead of the generated 7-character code.
"""),
    md(f"""
### Your turn 3 · Review your own design

Review mode reads **your** design instead of a brief: a Mermaid `erDiagram`, PostgreSQL DDL,
and plain lines for components (`- api: service, Go`), connections (`- api -> db: SQL`) and
endpoints (`GET /links`), in ``` fences or not. It answers with lint findings and concrete
suggestions, each pointing at a line of your cell.

The design below has several classic mistakes. Run it, then **fix the design in the cell**
until the review has no warnings left. If a line cannot be read, the error names it.
Findings named `skill/check` come from the skills: they ask what your design must also
decide. Answer them in a `## Decisions` section, one line each:
`- Redirects: cache-aside in Redis; instead of a database read per redirect`.

{hint('''There are at least seven problems: a lookup key that is not unique, a password stored
as it was typed, an email that two accounts could share, two foreign keys without an index,
a timestamp without a time zone, and lists without pagination. The suggestions say how to
fix each one, usually with the SQL to write.''')}
"""),
    code(SHORTENER_REVIEW, "review-exercise"),
    md("""
**Solution.** The cell below holds one fixed version; its code is folded. Open it (click the
"⋯" or the blue bar on its left) only after you have tried.
"""),
    code(SHORTENER_SOLUTION, "review-solution", hidden=True),
    md("""
## Discussion

- **301 or 302?** A permanent redirect (301) is cached by browsers, so repeated clicks never
  reach you: cheaper, but the click counts go blind. Which does a marketing platform want?
- **Where do clicks get counted?** Writing a row per redirect puts a write on the hot path.
  What if the redirect publishes an event and a worker aggregates counts per day?
- **How long must a code be?** 62⁷ ≈ 3.5 × 10¹²; you create 6 × 10⁹ links in 5 years. A
  random code then collides rarely, but not never: what handles the collision?
- **A hot key.** One link in a Super Bowl ad gets most of the traffic. Which layer absorbs it?

Next: `02-checkout-sagas.ipynb`, where the hard part is not load but failure.
"""),
]

# --- 02: checkout with sagas ------------------------------------------------------------------

CHECKOUT_REVIEW = """
%%architect --review --name checkout_review
# Checkout (student design)

```mermaid
erDiagram
    CUSTOMER ||--o{ ORDERS : places
    ORDERS ||--|{ ORDER_ITEM : contains
    PRODUCT ||--o{ ORDER_ITEM : "sold as"
    ORDERS ||--o| PAYMENT : "paid by"
    CUSTOMER {
        bigint id PK
        string email
        string name
    }
    PRODUCT {
        bigint id PK
        string sku
        float price
        int stock
    }
    ORDERS {
        bigint id PK
        bigint customer_id FK
        string status
        float total
        timestamp created_at
    }
    ORDER_ITEM {
        bigint id PK
        bigint order_id FK
        bigint product_id FK
        int quantity
    }
    PAYMENT {
        bigint id PK
        bigint order_id FK
        string stripe_charge_id
        float amount
    }
```

## Components
- web: client, Next.js
- api: service, Node.js with Express
- db: database, PostgreSQL
- stripe: external, Stripe
- web -> api: HTTPS
- api -> db: SQL
- api -> stripe: charge the card

## Endpoints
- POST /checkout - pay for the cart
- POST /payments/webhook (public) - Stripe events
- GET /orders - my orders
- GET /orders/{id}
- POST /orders/{id}/cancel
"""

CHECKOUT_SOLUTION = """
%%architect --review --name checkout_review_fixed
# Checkout (reviewed)

auth: bearer

```sql
CREATE TABLE customer (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email text NOT NULL,
  name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX ON customer (lower(email));

CREATE TABLE product (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  sku text NOT NULL UNIQUE,
  price numeric(12,2) NOT NULL CHECK (price >= 0),
  stock integer NOT NULL CHECK (stock >= 0),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE orders (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  customer_id bigint NOT NULL REFERENCES customer (id),
  status text NOT NULL CHECK (status IN ('pending', 'paid', 'cancelled', 'refunded')),
  total numeric(12,2) NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ON orders (customer_id);

CREATE TABLE order_item (
  order_id bigint NOT NULL REFERENCES orders (id),
  product_id bigint NOT NULL REFERENCES product (id),
  quantity integer NOT NULL CHECK (quantity > 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (order_id, product_id)
);
CREATE INDEX ON order_item (product_id);

CREATE TABLE payment (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  order_id bigint NOT NULL UNIQUE REFERENCES orders (id),
  stripe_payment_intent_id text NOT NULL UNIQUE,
  amount numeric(12,2) NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE order_status_history (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  order_id bigint NOT NULL REFERENCES orders (id),
  status text NOT NULL CHECK (status IN ('pending', 'paid', 'cancelled', 'refunded')),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ON order_status_history (order_id);

CREATE TABLE saga_instance (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  order_id bigint NOT NULL UNIQUE REFERENCES orders (id),
  step text NOT NULL CHECK (step IN ('reserve', 'authorize', 'confirm', 'capture', 'done', 'compensating')),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE processed_event (
  event_id text PRIMARY KEY,
  created_at timestamptz NOT NULL DEFAULT now()
);
```

## Decisions
- Checkout flow: an orchestrated saga, its state in saga_instance, a compensation per step; instead of choreography
- Payment: authorize at checkout, capture once the order is confirmed, void as compensation; instead of charging at once
- Retries: Idempotency-Key on POST /checkout, idempotent webhook consumers via processed_event; instead of trusting clients not to retry
- Calls to Stripe: a 10 s timeout and capped retries, then a dead letter for a person; instead of waiting without limit
- Stock: a reservation with an expiry of 15 minutes; instead of holding stock until payment
- Order status: every transition is recorded in order_status_history; instead of overwriting the status

## Components
- web: client, Next.js
- api: service, Node.js with Express
- worker: worker, processes webhook events and saga steps
- db: database, PostgreSQL
- stripe: external, Stripe
- web -> api: HTTPS
- api -> db: SQL
- worker -> db: SQL
- api -> stripe: authorize the payment
- stripe ~> api: webhook events

## Endpoints
- POST /checkout (idempotent) - pay for the cart
- POST /payments/webhook (public, idempotent) - Stripe events, signature checked
- GET /orders?cursor= - my orders, with their items in one query
- GET /orders/{id}
- POST /orders/{id}/cancel
"""

CHECKOUT = [
    md("""
# Workshop 2 · Checkout: sagas and idempotent payments

A checkout touches four things that cannot share one database transaction: **stock** in
your database, the **payment** at a provider such as Stripe, the **order**, and an
**email**. Any of them can fail halfway, and the network can lose the answer to a request
that *did* succeed. This notebook is about designing for that.

**You will practise**
1. sagas: a sequence of local steps, each with a *compensation* that undoes it;
2. idempotency: retries that cannot charge a card twice (`Idempotency-Key`), and webhooks that
   arrive twice or late (a table of processed event ids);
3. reviewing a student's design with `%%architect --review`, then fixing it.

**Time:** about 60 minutes, no API key needed.
"""),
    SETUP,
    md("""
## 1. Why one transaction is not enough

Inside PostgreSQL, `BEGIN ... COMMIT` makes several writes all-or-nothing. Stripe is not in
your transaction. What can go wrong, in order:

| step | fails after it succeeded elsewhere | without a plan, you get |
| --- | --- | --- |
| reserve stock | payment declined | stock locked forever |
| charge the card | timeout: did the charge happen? | a retry charges twice |
| create the order | database error after payment | money taken, no order |
| send the email | provider down | the customer is unsure and pays again |

A **saga** splits the flow into local steps. Each step commits on its own and has a
**compensation** (release the stock, void or refund the payment, cancel the order). An
*orchestrator* (one component that runs the steps and remembers where it is) or
*choreography* (each service reacting to the previous one's events) drives it.

## 2. Ask the architect, with chosen skills

`%architect skills` lists the skills by area. For a checkout, pick them explicitly:
"""),
    code("%architect skills"),
    code("""
%%architect --skills saga-orchestration,designing-apis,error-handling-patterns,postgresql-table-design --name checkout
An online shop's checkout. A signed-in customer checks out a cart: we reserve the stock,
take the payment through Stripe, create the order and send a confirmation email.
Stripe confirms payments with webhooks, which can arrive twice or late. A payment must
never be taken twice, and if any step fails the earlier steps are undone.
2,000 orders per hour at peak.
"""),
    md("""
## 3. Read the plan: where is the safety?

Find these in the plan above, or with the cell below:

- **The saga decision**: orchestrated or choreographed, where its state is stored, and the
  compensation of each step. Storing the saga's state in PostgreSQL means a crash resumes
  the saga instead of forgetting it.
- **Authorize, then capture.** Authorizing a card only holds the money; capturing takes it.
  Voiding an authorization is a cheap compensation; a refund after capture is not.
- **Idempotency keys**: the client sends an `Idempotency-Key` header with `POST /checkout`;
  the server stores the key with the first response and replays that response on a retry.
- **Webhooks**: verify the signature, store the provider's event id under a **unique**
  constraint, acknowledge at once, and process in a worker. A second delivery of the same
  event then does nothing.
- **Dead letters**: work that keeps failing is parked, alerted on and replayed by a person.
"""),
    code("""
plan = checkout.plan
for decision in plan.decisions:
    if decision.source_skill in ("saga-orchestration", "designing-apis", "error-handling-patterns"):
        print(f"{decision.id} [{decision.source_skill}] {decision.title}\\n    -> {decision.choice}")
print()
safety_tables = ("idempotency_key", "processed_event", "saga_instance", "saga_step", "dead_letter")
print("Tables that make retries safe:", [e.name for e in plan.data_model.entities if e.name in safety_tables])
"""),
    md(f"""
### Your turn 1 · Walk the saga

On paper (or in a Markdown cell), write the checkout saga as a table: each step, what it
writes, and its compensation. Then answer:

1. The payment was authorized, but creating the order fails. Which compensations run, in
   which order?
2. A compensation itself fails (Stripe is down while voiding). What should happen next?
3. Why must every step, *and every compensation*, be idempotent?

{hint('''Compensations run in reverse order: void the authorization, then release the stock.
A failing compensation is retried with backoff and, after the last attempt, parked as a dead
letter for a person, with an alert: it must never be silently dropped. Steps are retried
after crashes and timeouts, so running one twice must have the effect of running it once.''')}
"""),
    md(f"""
## 4. Review a student's design

Here is a checkout designed by a student: an ERD, components and endpoints. It works in a
demo, and it has the mistakes that hurt in production. Run the review and read the
suggestions: each one names the line of the cell it is about.

### Your turn 2 · Fix the design

Edit the cell until the review has no warnings left. You may switch the ERD to DDL:
`CHECK (status IN (...))` can only be written in SQL. Findings named `skill/check` come from
the skills (saga, API, error handling) and ask what your design must also decide: answer
them in a `## Decisions` section, one line each, such as
`- Checkout flow: an orchestrated saga with a compensation per step; instead of choreography`.

{hint('''Money is never a float: use numeric(12,2). Emails and SKUs must be unique. Every
foreign key needs an index. `POST /checkout` needs an idempotency key: mark it
`(idempotent)` once the design stores keys. The webhook needs a `processed_event` table with
the event id as its key. Lists need pagination (`GET /orders?cursor=`).''')}
"""),
    code(CHECKOUT_REVIEW, "review-exercise"),
    md("""
**Solution.** One fixed design, written as DDL so it can say `CHECK`, with the decisions the
skills asked for; its code is folded.
"""),
    code(CHECKOUT_SOLUTION, "review-solution", hidden=True),
    md(f"""
## 5. Refine the plan

The plan above asked **open questions**: things the brief did not say, with the assumption
it made meanwhile. A refinement can answer them with lines like `Q1: ...` and add new
requirements; the output ends with the diff against the first version.

### Your turn 3 · Gift cards

Customers may now pay part of an order with a **gift card** and the rest by card. Run the
cell, read the diff, then answer the question about holding stock differently and compare.

{hint('''A gift card is a second payment step in the saga, with its own compensation
(restore the balance). Which step should run first, and why? (Hint: the one that is cheaper
to undo.)''')}
"""),
    code("""
hold_question = next((q for q in checkout.plan.open_questions if "held" in q.question or "hold" in q.question),
                     checkout.plan.open_questions[0])
print(hold_question.id, hold_question.question)
print("assumed meanwhile:", hold_question.assumption)
"""),
    code("""
%%architect --refine checkout --name checkout_v2
{hold_question.id}: Stock is held for 15 minutes; after that the reservation expires.
Customers can pay part of an order with a gift card and the rest by card.
"""),
    md("""
## Discussion

- **Orchestration or choreography?** Which is easier to debug at 3 a.m.? Which couples the
  services less? When would you switch?
- **Exactly once?** Networks only give *at least once*. Which parts of this design turn
  at-least-once delivery into exactly-once *effects*?
- **The outbox.** The order row is committed, then publishing "order placed" fails. How does
  writing the event into an `outbox` table in the same transaction fix this?
- **What the customer sees** while a saga is still running: a spinner, an email, a status page?

Next: `03-rag-assistant.ipynb`.
"""),
]

# --- 03: RAG knowledge assistant --------------------------------------------------------------

RAG = [
    md("""
# Workshop 3 · A RAG knowledge assistant

*Retrieval-augmented generation* answers a question in two steps: **retrieve** the passages
of your documents that matter, then let a language model **generate** an answer from them,
with citations. The model is the easy part; the hard parts are the pipeline around it.

```
documents -> chunk -> embed -> store (vectors + text) -> retrieve (hybrid) -> rerank -> generate + cite
                                                                 ^ permissions and freshness apply here
```

**You will practise**
1. sizing a vector store, and the cost of embedding a corpus;
2. the design decisions of a RAG backend: pgvector or a dedicated store, hybrid retrieval,
   pinning the embedding model, permissions, re-indexing, evaluation;
3. answering a plan's open questions with `--refine`, and measuring retrieval quality.

**Time:** about 50 minutes, no API key needed (the plan is made by the offline engine; the
assistant it designs would of course call a model).
"""),
    SETUP,
    md("""
## 1. Size it first

Documents are split into **chunks** of a few hundred tokens, with some overlap so a sentence
cut at a boundary is still found. Each chunk gets an **embedding**: a vector of floats (768
to 3,072 of them, depending on the model). Storage and cost follow directly:
"""),
    code("""
documents = 200_000
chunks_per_document = 12       # about 5 pages of 500 tokens each, with overlap
tokens_per_chunk = 500
dimensions = 1536
bytes_per_float = 4            # float32; halfvec stores 2 bytes per dimension
price_per_million_tokens = 0.02  # an example embedding price in USD: check your provider's

chunks = documents * chunks_per_document
vector_gb = chunks * dimensions * bytes_per_float / 1e9
text_gb = chunks * tokens_per_chunk * 4 / 1e9       # about 4 bytes of text per token
first_embedding_usd = chunks * tokens_per_chunk / 1e6 * price_per_million_tokens

print(f"{chunks:,} chunks")
print(f"vectors: {vector_gb:,.1f} GB (an HNSW index adds roughly as much again)")
print(f"text:    {text_gb:,.1f} GB")
print(f"embedding the whole corpus once: about ${first_embedding_usd:,.0f}")
"""),
    md("""
Tens of gigabytes fit comfortably in PostgreSQL with the **pgvector** extension, next to the
documents, users and permissions they belong to: one database, one backup, one place to
enforce who may read what. A dedicated vector database pays off at hundreds of millions of
vectors, or when filtering and scaling needs outgrow it.

## 2. Ask the architect

`--areas RAG/Vectors,Database` uses `rag-implementation`, `embedding-strategies`,
`postgresql-table-design` and `senior-data-engineer`.
"""),
    code("""
%%architect --areas RAG/Vectors,Database --name assistant
A knowledge assistant for a 3,000-person company. Employees ask questions in plain English
and get answers with citations from 200,000 internal documents (Confluence pages, PDFs and
Google Docs). Documents change daily. An answer may only use documents the asker is allowed
to read. 500 questions per hour at peak, answers in under 5 seconds.
"""),
    md("""
## 3. Read the plan

- **Where vectors live**: the decision between pgvector and a dedicated store, and the table
  that holds the chunks with their text, their `tsvector` for keyword search and their
  embedding (pgvector's `vector(n)`, or `real[]` in a schema that must also load where the
  extension is not installed).
- **Hybrid retrieval**: vectors find paraphrases, keywords (`tsvector`) find exact names and
  error codes. Results are fused (reciprocal rank fusion) and **reranked**, and only the top
  few chunks go to the model.
- **The embedding model is pinned** and recorded with every vector: vectors from two models
  cannot be compared, so changing models means re-embedding, into a shadow column.
- **Ingestion is asynchronous**: a worker chunks and embeds changed documents.
- **Evaluation**: a golden set of questions with known answers, run on every change.
"""),
    code("""
plan = assistant.plan
embeddings = [(e.name, a.name, a.type) for e in plan.data_model.entities for a in e.attributes
              if a.type.startswith("vector") or a.name.startswith("embedding") and a.type.endswith("[]")]
print("Embedding columns:", embeddings)
print("Stores:", [(c.name, c.technology) for c in plan.architecture.components
                  if c.kind in ("database", "vector_store", "search", "storage")])
print()
for q in plan.open_questions:
    print(f"{q.id}: {q.question}\\n    assumed: {q.assumption}")
"""),
    md(f"""
### Your turn 1 · Answer the permissions question

The brief said answers may only use documents the asker may read, but not *how* permissions
are known. The plan asked. The next cell finds that question; the one after answers it with
a `Q...: answer` line and a new requirement, and shows the diff. Change the answer (for
example: permissions come from the identity provider's groups, checked at question time)
and compare the two diffs.

{hint('''Filtering must happen **inside retrieval** (a `WHERE` on the allowed groups, or one
index partition per tenant), not after generation: a model that has seen a secret document
can leak it in its answer, citations or not. Ask yourself too: how quickly must a revoked
permission take effect?''')}
"""),
    code("""
access_question = next((q for q in assistant.plan.open_questions if "see" in q.question or "allowed" in q.question),
                       assistant.plan.open_questions[0])
print(access_question.id, access_question.question)
"""),
    code("""
%%architect --refine assistant --name assistant_v2
{access_question.id}: Each document lists the groups that may read it; groups are synced from the identity provider every 15 minutes, and retrieval filters chunks by the asker's groups.
An edited document must be answerable within 10 minutes of the edit.
"""),
    md(f"""
### Your turn 2 · Measure retrieval

A RAG system is only as good as what it retrieves. Two standard measures, for a set of test
questions whose relevant chunks are known:

- **recall@k**: the share of relevant chunks found in the top *k* results;
- **MRR** (mean reciprocal rank): 1 / the rank of the first relevant result, averaged.

Complete `recall_at_k` and `reciprocal_rank` below (they return placeholders now), then run
the cell. Which retriever is better, and does the answer depend on *k*?

{hint('''`recall_at_k`: `len(set(ranked[:k]) & relevant) / len(relevant)`.
`reciprocal_rank`: loop over `enumerate(ranked, start=1)` and return `1 / rank` at the first
relevant chunk, or 0.0 when none is relevant.''')}
"""),
    code("""
def recall_at_k(ranked: list[str], relevant: set[str], k: int) -> float:
    return 0.0  # your turn


def reciprocal_rank(ranked: list[str], relevant: set[str]) -> float:
    return 0.0  # your turn


golden = {  # question -> the chunks a person marked as answering it
    "How do I reset my VPN token?": {"it-17", "it-18"},
    "What is the travel budget per day in Berlin?": {"fin-03"},
    "Who approves a new supplier?": {"proc-11", "proc-12"},
}
vector_only = {
    "How do I reset my VPN token?": ["it-02", "it-17", "hr-40", "it-18", "it-05"],
    "What is the travel budget per day in Berlin?": ["fin-09", "fin-07", "fin-03", "hr-01", "fin-04"],
    "Who approves a new supplier?": ["proc-30", "proc-11", "legal-2", "proc-12", "fin-08"],
}
hybrid_reranked = {
    "How do I reset my VPN token?": ["it-17", "it-18", "it-02", "it-05", "hr-40"],
    "What is the travel budget per day in Berlin?": ["fin-03", "fin-09", "fin-07", "fin-04", "hr-01"],
    "Who approves a new supplier?": ["proc-11", "proc-30", "proc-12", "legal-2", "fin-08"],
}
for name, results in (("vector only", vector_only), ("hybrid + rerank", hybrid_reranked)):
    for k in (1, 3):
        recall = sum(recall_at_k(results[q], rel, k) for q, rel in golden.items()) / len(golden)
        print(f"{name:16} recall@{k} = {recall:.2f}")
    mrr = sum(reciprocal_rank(results[q], rel) for q, rel in golden.items()) / len(golden)
    print(f"{name:16} MRR      = {mrr:.2f}")
"""),
    md("""
**Solution** (folded): the two functions, filled in. Run it, then rerun the cell above.
"""),
    code("""
def recall_at_k(ranked: list[str], relevant: set[str], k: int) -> float:
    return len(set(ranked[:k]) & relevant) / len(relevant)


def reciprocal_rank(ranked: list[str], relevant: set[str]) -> float:
    for rank, chunk in enumerate(ranked, start=1):
        if chunk in relevant:
            return 1 / rank
    return 0.0


print(f"check: recall@3 = {recall_at_k(['a', 'b', 'c'], {'b', 'z'}, 3):.2f} (0.50), "
      f"RR = {reciprocal_rank(['a', 'b'], {'b'}):.2f} (0.50)")
""", hidden=True),
    md("""
## Discussion

- **Chunk size.** Small chunks retrieve precisely but lose context; large ones dilute the
  embedding. How would you choose, with the golden set as the judge?
- **Freshness.** An edited page must be answerable in 10 minutes. What triggers re-embedding:
  a webhook from Confluence, a nightly job, or both? What about deleted pages?
- **Cost.** Which costs more per month: embedding (once per change) or generation (once per
  question)? Use the numbers from part 1 and 500 questions per hour.
- **"I don't know."** When retrieval finds nothing relevant, what should the assistant say,
  and how would you test that it does?

That is the end of the workshop notebooks: export a plan with `%architect export NAME DIR`,
or keep going with a brief of your own.
"""),
]

NOTEBOOKS: dict[str, list[dict]] = {
    "01-url-shortener.ipynb": SHORTENER,
    "02-checkout-sagas.ipynb": CHECKOUT,
    "03-rag-assistant.ipynb": RAG,
}


def build(name: str, cells: list[dict]) -> nbformat.NotebookNode:
    """Return the notebook `name` made of `cells`, with fixed cell ids and no outputs."""
    stem = name.split("-")[0]
    notebook = new_notebook()
    notebook.metadata = {
        "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    for index, cell in enumerate(cells):
        if cell["kind"] == "markdown":
            made = new_markdown_cell(cell["source"])
        else:
            made = new_code_cell(cell["source"])
            if cell["tags"]:
                made.metadata["tags"] = cell["tags"]
            if cell["hidden"]:
                made.metadata["jupyter"] = {"source_hidden": True}
        made.id = f"nb{stem}-{index:02d}"
        notebook.cells.append(made)
    nbformat.validate(notebook)
    return notebook


def render(name: str) -> str:
    return nbformat.writes(build(name, NOTEBOOKS[name])) + "\n"


def main(argv: list[str]) -> int:
    """Write the notebooks, or with --check report the ones that differ from this script."""
    check = "--check" in argv
    stale = []
    for name in NOTEBOOKS:
        path = HERE / name
        text = render(name)
        if check:
            if not path.is_file() or path.read_text(encoding="utf-8") != text:
                stale.append(name)
        else:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(HERE.parent)}")
    for name in stale:
        print(f"{name} is out of date: run python notebooks/build_notebooks.py")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
