"""Built-in design rules: what the offline architect decides when no skill has said it.

They use the same rule format as skills' rules.yaml (docs/skill-rules.md) and run after
the skills' rules. A built-in rule is skipped when a skill already made a decision on its
topic (matched by words in the decision title), so skills refine the defaults rather
than duplicate them. With no skills at all these rules still give a complete plan.
"""

from __future__ import annotations

from functools import lru_cache

from archnb.skills import Rule


def _opt(name: str, pros: list[str], cons: list[str]) -> dict:
    return {"name": name, "pros": pros, "cons": cons}


def _decision(title, context, options, choice, rationale, consequences) -> dict:
    return {
        "title": title,
        "context": context,
        "options": options,
        "choice": choice,
        "rationale": rationale,
        "consequences": consequences,
    }


def _comp(cid, name, kind, responsibility, technology) -> dict:
    return {"id": cid, "name": name, "kind": kind, "responsibility": responsibility,
            "technology": technology}


def _conn(source, target, label, protocol="HTTPS", mode="sync") -> dict:
    return {"source": source, "target": target, "label": label, "protocol": protocol, "mode": mode}


def _stack(layer, choice, rationale, alternatives) -> dict:
    return {"layer": layer, "choice": choice, "rationale": rationale, "alternatives": alternatives}


def _step(title, description, deliverables) -> dict:
    return {"title": title, "description": description, "deliverables": deliverables}


def _risk(risk, likelihood, impact, mitigation) -> dict:
    return {"risk": risk, "likelihood": likelihood, "impact": impact, "mitigation": mitigation}


# Each entry: (topic words that mean a skill already decided it, rule data).
_BUILTIN: list[tuple[tuple[str, ...], dict]] = [
    (("architecture style", "architectural style", "monolith", "microservices", "service boundar"), {
        "id": "style", "priority": 10,
        "decision": _decision(
            "Architecture style",
            "The product needs one shape a small team can build, deploy and run now, with seams "
            "to split later if load or team size demands it.",
            [
                _opt("Modular monolith", ["One deployable and one transaction scope",
                     "Module boundaries keep a later split possible", "Cheapest to run"],
                     ["Modules scale together", "Boundaries need discipline"]),
                _opt("Microservices", ["Independent deploys and scaling per service"],
                     ["Network failures and distributed data between services",
                      "Needs platform tooling and on-call per service"]),
                _opt("Serverless functions", ["Scales to zero", "No servers to patch"],
                     ["Cold starts and per-invocation limits", "Harder local development"]),
            ],
            "Modular monolith",
            "One deployable with modules that own their tables is the simplest design that "
            "meets the brief; a module is extracted into a service only when its load or its "
            "team outgrows the rest.",
            ["Each module owns its tables and exposes functions, never its tables",
             "One PostgreSQL database and one deploy pipeline"],
        ),
        "stack": [
            _stack("Database", "PostgreSQL 16", "Relational integrity, transactions, JSONB and "
                   "full-text search in one managed service.", ["MySQL 8", "MongoDB"]),
            _stack("Hosting", "Managed containers (2+ stateless instances) and managed PostgreSQL",
                   "No servers to patch; rolling deploys; backups and failover by the provider.",
                   ["Kubernetes", "A single VM", "Serverless functions"]),
        ],
        "steps": [_step("Walking skeleton", "Repository, module layout, CI, migrations and a "
                        "health endpoint deployed to staging.",
                        ["CI pipeline", "Staging deploy", "Health endpoint"])],
        "risks": [_risk("Module boundaries erode as modules read each other's tables", "medium",
                        "medium", "Import rules checked in CI; cross-module reads go through "
                        "module functions.")],
    }),
    (("api style", "api contract", "error contract"), {
        "id": "api-style", "priority": 20,
        "decision": _decision(
            "API style",
            "Web and mobile clients need one predictable contract for reading and changing data.",
            [
                _opt("REST with OpenAPI 3.1", ["Understood by every client and tool",
                     "Cacheable GETs", "Contract drives docs and tests"],
                     ["Several calls for some screens"]),
                _opt("GraphQL", ["Clients fetch exactly what a screen needs"],
                     ["Harder HTTP caching", "Query cost limits needed"]),
            ],
            "REST with OpenAPI 3.1",
            "The clients are ordinary web and mobile apps; REST keeps the contract readable and "
            "lets teams build against openapi.yaml in parallel.",
            ["Errors use RFC 9457 problem details", "Lists use cursor pagination",
             "State changes beyond CRUD are POST actions on the resource"],
        ),
        "stack": [_stack("API contract", "REST + JSON, OpenAPI 3.1", "Widest client support; "
                         "the contract is checked in CI.", ["GraphQL", "gRPC"])],
    }),
    (("authentication", "identity", "login", "sign-in", "sign in"), {
        "id": "auth", "priority": 30,
        "decision": _decision(
            "Authentication and authorization",
            "Every change to data must come from a known user acting within their role.",
            [
                _opt("Managed identity provider (OIDC) with short-lived JWTs",
                     ["No password storage of our own", "MFA and social login built in"],
                     ["Vendor dependency", "Per-user pricing at scale"]),
                _opt("Own accounts with sessions", ["Full control", "No vendor"],
                     ["We own password storage, resets and MFA"]),
            ],
            "Managed identity provider (OIDC) with short-lived JWTs",
            "Delegating sign-in removes the riskiest code from the product; the API checks "
            "each token and enforces roles and record ownership itself.",
            ["Access tokens live 15 minutes; refresh tokens rotate",
             "Roles are checked per endpoint; ownership is checked per record"],
        ),
        "components": [_comp("idp", "Identity provider", "external",
                             "Signs users in (OIDC) and issues tokens.", "Managed OIDC provider")],
        "connections": [_conn("client", "idp", "signs in (OIDC)"),
                        _conn("api", "idp", "fetches signing keys (JWKS)")],
        "stack": [_stack("Identity", "Managed OIDC provider (e.g. Auth0, Cognito, Keycloak)",
                         "Standard tokens, MFA and social login without storing passwords.",
                         ["Own accounts with sessions", "Keycloak self-hosted"])],
        "security": {"authentication": "OIDC sign-in at a managed identity provider; the API "
                     "verifies short-lived JWT access tokens (15 min) against the provider's keys.",
                     "threats": [
                         {"threat": "Insecure direct object references (reading another user's "
                          "records by id)", "mitigation": "Every query filters by the caller's "
                          "ownership or role; tests try other users' ids."},
                         {"threat": "Credential stuffing and brute force",
                          "mitigation": "Sign-in at the identity provider with rate limits and MFA."},
                     ]},
        "steps": [_step("Sign-in and roles", "OIDC sign-in, token verification middleware, "
                        "role and ownership checks.", ["Auth middleware", "Role matrix tests"])],
    }),
    (("tenant",), {
        "id": "tenancy", "priority": 35, "when": {"features_any": ["multitenancy"]},
        "decision": _decision(
            "Tenant isolation",
            "Several customer organisations share the product; one must never see another's data.",
            [
                _opt("Shared tables with tenant_id and row-level security",
                     ["One schema to migrate", "Cheapest per tenant"],
                     ["A missing filter is a leak unless the database enforces it"]),
                _opt("Schema per tenant", ["Stronger separation"],
                     ["Migrations run per tenant", "Thousands of schemas strain the catalog"]),
                _opt("Database per tenant", ["Strongest isolation"],
                     ["Highest cost and operational load"]),
            ],
            "Shared tables with tenant_id and row-level security",
            "Row-level security makes PostgreSQL refuse cross-tenant reads even when application "
            "code forgets a filter, at the cost of one column per table.",
            ["Every domain table has tenant_id; RLS policies use a per-request setting",
             "Tenant id comes from the token, never from the request body"],
        ),
        "entities": [{"name": "tenant", "description": "A customer organisation that owns its data.",
                      "attributes": [
                          {"name": "name", "type": "varchar(200)", "nullable": False},
                          {"name": "slug", "type": "varchar(63)", "nullable": False, "unique": True},
                          {"name": "plan", "type": "varchar(30)", "nullable": False,
                           "choices": ["free", "standard", "enterprise"]},
                          {"name": "created_at", "type": "timestamptz", "nullable": False,
                           "default": "now"}]}],
        "attributes": [{"entity": "*", "name": "tenant_id", "type": "uuid", "nullable": False,
                        "foreign_key": "tenant", "indexed": True}],
        "security": {"authorization": "Roles per tenant; PostgreSQL row-level security on "
                     "tenant_id enforces isolation in the database."},
        "risks": [_risk("Cross-tenant data leak", "low", "high",
                        "Row-level security plus tests that query as another tenant.")],
    }),
    (("asynchronous", "background work", "background job", "job queue", "work boundary", "message broker"), {
        "id": "async-work", "priority": 40,
        "when": {"features_any": ["notifications", "email", "webhooks", "uploads", "batch",
                                  "integrations", "media", "scheduling", "rag", "workflow"]},
        "decision": _decision(
            "Background work",
            "Some work is slow or depends on outside systems (messages, files, providers); it "
            "must not hold up or fail user requests.",
            [
                _opt("In the request", ["Simplest"], ["Users wait; provider outages fail requests"]),
                _opt("PostgreSQL job table and a worker", ["Jobs commit with the business change",
                     "No new infrastructure"], ["Polling load", "Not for very high rates"]),
                _opt("Message broker (RabbitMQ, SQS)", ["High throughput, fan-out"],
                     ["Another system; needs an outbox for consistency"]),
            ],
            "PostgreSQL job table and a worker",
            "A job written in the same transaction cannot be lost, and SKIP LOCKED polling "
            "handles hundreds of jobs per second without a broker.",
            ["Slow operations return 202 Accepted with a job id",
             "Jobs retry with exponential backoff and end as dead after N attempts"],
        ),
        "components": [_comp("worker", "Background worker", "worker",
                             "Runs queued jobs with retries and backoff.",
                             "Same codebase as the API, separate process")],
        "connections": [_conn("worker", "db", "claims jobs (SKIP LOCKED)", "SQL", "async")],
        "entities": [{"name": "background_job", "description": "A unit of background work.",
                      "attributes": [
                          {"name": "kind", "type": "varchar(100)", "nullable": False},
                          {"name": "payload", "type": "jsonb", "nullable": False,
                           "default": "empty_json"},
                          {"name": "status", "type": "varchar(20)", "nullable": False,
                           "indexed": True,
                           "choices": ["queued", "running", "succeeded", "failed", "dead"]},
                          {"name": "attempts", "type": "integer", "nullable": False,
                           "default": "zero"},
                          {"name": "run_at", "type": "timestamptz", "nullable": False,
                           "default": "now", "indexed": True},
                          {"name": "last_error", "type": "text"},
                          {"name": "created_at", "type": "timestamptz", "nullable": False,
                           "default": "now"}]}],
        "scalability": {"async_work": ["Messages, file processing and provider calls run in the "
                                       "worker, outside the request."],
                        "queues": ["PostgreSQL job table polled with FOR UPDATE SKIP LOCKED."]},
        "observability": {"metrics": ["Job queue depth and age of the oldest queued job"],
                          "alerts": ["Oldest queued job older than 10 minutes"]},
        "steps": [_step("Background jobs", "Job table, worker process, retries and dead jobs.",
                        ["background_job migration", "Worker deployed"])],
        "risks": [_risk("Job backlog when a provider is down", "medium", "medium",
                        "Backoff with a cap and an alert on queue age.")],
    }),
    (("contended", "double", "oversell", "overbook", "hold", "inventory", "concurren"), {
        "id": "contended-inventory", "priority": 45, "when": {"features_any": ["contention"]},
        "decision": _decision(
            "Consistency for contended items",
            "Several people can try to take the same seat, slot, room or stock at the same "
            "moment; the design must never sell it twice.",
            [
                _opt("Check then insert in application code", ["Simple"],
                     ["Races sell the same item twice under load"]),
                _opt("Expiring holds guarded by a database uniqueness constraint",
                     ["The database rejects the second claim", "Abandoned holds free themselves"],
                     ["A sweeper job releases expired holds"]),
                _opt("Distributed lock service", ["Works across databases"],
                     ["Another system; locks can outlive crashes"]),
            ],
            "Expiring holds guarded by a database uniqueness constraint",
            "A partial unique index on the item's active hold makes double-selling impossible "
            "even under a race, and a hold that expires returns unbought items automatically.",
            ["Taking an item inserts a hold with expires_at; a conflict answers 409",
             "Confirming converts the hold within one transaction; a job releases expired holds"],
        ),
        "scalability": {"notes": ["Contended rows are claimed with INSERT ... ON CONFLICT or "
                                  "SELECT ... FOR UPDATE SKIP LOCKED, never read-then-write."]},
        "risks": [_risk("Hot items under a rush (everyone wants the same seats)", "high", "high",
                        "Short transactions, holds with expiry, a waiting room or rate limit "
                        "in front of the hottest items.")],
        "steps": [_step("Holds and race tests", "Hold table, expiry job, confirm flow, and a "
                        "test that fires parallel claims at one item.",
                        ["Hold migration", "Parallel claim test"])],
    }),
    (("payments", "payment provider", "checkout", "billing", "card data", "pci"), {
        "id": "payments", "priority": 50, "when": {"features_any": ["payments", "subscriptions"]},
        "decision": _decision(
            "Payments",
            "The product takes money; card data is regulated (PCI DSS) and retries must never "
            "charge twice.",
            [
                _opt("Hosted checkout at a payment provider", ["Card data never touches our "
                     "servers (PCI SAQ A)", "Wallets and 3-D Secure included"],
                     ["Provider fees", "Less control of the checkout page"]),
                _opt("Own card form with provider tokenisation", ["Full control of the UI"],
                     ["Larger PCI scope"]),
            ],
            "Hosted checkout at a payment provider",
            "Keeping card data at the provider keeps PCI scope minimal; our payment rows hold "
            "provider references, amounts and states only.",
            ["POST endpoints that create payments take an Idempotency-Key header",
             "Payment state changes come from verified provider webhooks"],
        ),
        "components": [_comp("payments", "Payment provider", "external",
                             "Hosted checkout, card processing and refunds.",
                             "Stripe, Adyen or similar")],
        "connections": [_conn("api", "payments", "creates checkout sessions and refunds")],
        "stack": [_stack("Payments", "Hosted checkout at a payment provider (e.g. Stripe)",
                         "Minimal PCI scope; webhooks report payment state.",
                         ["Adyen", "PayPal", "Own card form"])],
        "security": {"data_protection": ["No card numbers stored; only provider references "
                                         "(PCI SAQ A scope)."]},
        "steps": [_step("Payments", "Checkout session, payment states, refunds, idempotency keys.",
                        ["Payment flow in staging with test cards"])],
    }),
    (("webhook",), {
        "id": "webhooks", "priority": 55, "when": {"features_any": ["webhooks"]},
        "decision": _decision(
            "Idempotent webhook handling",
            "Providers deliver webhooks at least once, possibly out of order and in bursts.",
            [
                _opt("Handle inline on receipt", ["Simple"],
                     ["Duplicates act twice", "Slow handlers cause provider retries"]),
                _opt("Verify, record the event id, acknowledge, process in a job",
                     ["Duplicates are ignored by a unique key", "Fast acknowledgement"],
                     ["One more table and a job"]),
            ],
            "Verify, record the event id, acknowledge, process in a job",
            "A unique event id makes redelivery harmless, and acknowledging quickly stops the "
            "provider's retry storm.",
            ["Signature checked before anything else", "processed_event has a unique event id"],
        ),
        "entities": [{"name": "processed_event", "description": "Webhook events already received.",
                      "attributes": [
                          {"name": "provider", "type": "varchar(50)", "nullable": False},
                          {"name": "event_id", "type": "varchar(255)", "nullable": False,
                           "unique": True},
                          {"name": "event_type", "type": "varchar(100)", "nullable": False},
                          {"name": "payload", "type": "jsonb", "nullable": False,
                           "default": "empty_json"},
                          {"name": "received_at", "type": "timestamptz", "nullable": False,
                           "default": "now"}]}],
        "endpoints": [{"method": "POST", "path": "/webhooks/{provider}",
                       "summary": "Receive a provider webhook (signature-verified, public)",
                       "entity": "processed_event", "response": "accepted",
                       "auth_required": False, "idempotent": True}],
        "security": {"threats": [{"threat": "Forged webhook calls",
                                  "mitigation": "Verify the provider's signature and timestamp "
                                  "before parsing the body."}]},
    }),
    (("file storage", "uploads", "uploaded", "object storage", "media storage", "files"), {
        "id": "uploads", "priority": 60, "when": {"features_any": ["uploads", "media"]},
        "decision": _decision(
            "File storage",
            "Users upload files; files are large, binary and read far more than written.",
            [
                _opt("Object storage with presigned URLs", ["Cheap and durable",
                     "Uploads bypass the API servers"], ["Two-step upload flow"]),
                _opt("Files in the database (bytea)", ["One backup"],
                     ["Bloats the database and its backups"]),
            ],
            "Object storage with presigned URLs",
            "Clients upload straight to object storage with short-lived URLs; the database keeps "
            "only keys and metadata.",
            ["Uploads are scanned and sized-checked by a job before use",
             "Buckets are private; reads use short-lived signed URLs or a CDN"],
        ),
        "components": [_comp("storage", "Object storage", "storage",
                             "Stores uploaded files; serves them through signed URLs.",
                             "S3-compatible object storage")],
        "connections": [_conn("client", "storage", "uploads and downloads with signed URLs"),
                        _conn("api", "storage", "issues signed URLs")],
        "stack": [_stack("File storage", "S3-compatible object storage",
                         "Durable, cheap per GB, presigned uploads.",
                         ["Database bytea columns", "Local disk"])],
        "security": {"threats": [{"threat": "Malicious or oversized uploads",
                                  "mitigation": "Size limits in the signed URL, content-type "
                                  "checks and malware scanning before use."}]},
    }),
    (("search",), {
        "id": "search", "priority": 65, "when": {"features_any": ["search"]},
        "decision": _decision(
            "Search",
            "Users look records up by words and filters.",
            [
                _opt("PostgreSQL full-text search (tsvector + GIN)", ["No new system",
                     "Always consistent with the data"], ["Limited relevance tuning"]),
                _opt("Dedicated search engine (OpenSearch)", ["Relevance, facets, typo tolerance"],
                     ["Another system to sync and run"]),
            ],
            "PostgreSQL full-text search (tsvector + GIN)",
            "Until search volume or relevance needs outgrow it, PostgreSQL's full-text search "
            "answers in milliseconds with no extra system to keep in sync.",
            ["A generated tsvector column and GIN index on searchable tables",
             "Move to OpenSearch fed by change events if relevance or load demand it"],
        ),
    }),
    (("push", "real-time", "realtime", "live update"), {
        "id": "realtime", "priority": 70, "when": {"features_any": ["realtime", "messaging"]},
        "decision": _decision(
            "Live updates",
            "Users must see changes made by others without refreshing.",
            [
                _opt("Polling", ["No new protocol"], ["Slow and wasteful at scale"]),
                _opt("WebSocket/SSE from the API with pub/sub fan-out", ["Instant updates",
                     "No new deployable"], ["Connection handling across instances"]),
            ],
            "WebSocket/SSE from the API with pub/sub fan-out",
            "Events published after commit reach every instance through pub/sub, so any "
            "instance can push to its connected clients.",
            ["Clients reconnect with the last event id and catch up over REST"],
        ),
        "components": [_comp("realtime", "Push channel", "gateway",
                             "Holds WebSocket/SSE connections and pushes committed changes.",
                             "WebSocket/SSE in the API, Redis pub/sub")],
        "connections": [_conn("client", "realtime", "subscribes to live updates", "WebSocket",
                              "async"),
                        _conn("api", "realtime", "publishes committed changes", "pub/sub",
                              "async")],
    }),
    (("cach",), {
        "id": "caching", "priority": 75,
        "when": {"features_any": ["read_heavy", "high_scale"]},
        "decision": _decision(
            "Caching",
            "Many requests read the same data; serving them all from the database wastes it.",
            [
                _opt("No cache", ["Nothing to invalidate"], ["Database carries every read"]),
                _opt("Redis cache-aside with short TTLs", ["Sub-millisecond hot reads",
                     "Shields the database in rushes"], ["Invalidation on writes"]),
                _opt("CDN for public responses", ["Offloads the edge"], ["Only for public data"]),
            ],
            "Redis cache-aside with short TTLs",
            "Hot, rarely changing reads are served from Redis; writes delete the affected keys "
            "and TTLs bound staleness.",
            ["Cache keys are versioned per entity", "Cache misses fall back to the database"],
        ),
        "components": [_comp("cache", "Cache", "cache", "Hot reads, rate-limit counters.",
                             "Redis (managed)")],
        "connections": [_conn("api", "cache", "reads and invalidates hot keys", "RESP")],
        "stack": [_stack("Cache", "Redis (managed)", "Cache-aside, counters and pub/sub in one "
                         "small service.", ["Memcached", "In-process cache"])],
        "scalability": {"caching": ["Cache-aside in Redis for hot reads with TTLs; writes "
                                    "invalidate keys."]},
    }),
    (("partition", "time-series", "time series", "retention"), {
        "id": "time-partitioning", "priority": 80,
        "when": {"features_any": ["timeseries", "events"]},
        "decision": _decision(
            "Time-series storage and retention",
            "Readings or events arrive continuously and are queried by time range; old data "
            "must age out.",
            [
                _opt("One plain table", ["Simple"], ["Index and vacuum costs grow without bound"]),
                _opt("Time-partitioned tables (TimescaleDB or native partitions)",
                     ["Fast range queries", "Retention drops whole partitions"],
                     ["Partition management"]),
                _opt("Separate time-series database", ["Built for the workload"],
                     ["Second database to run and join across"]),
            ],
            "Time-partitioned tables (TimescaleDB or native partitions)",
            "Partitioning by time keeps inserts and range queries fast and makes retention a "
            "cheap DROP of old partitions instead of mass DELETEs.",
            ["Daily or weekly partitions; retention drops partitions past the limit",
             "Rollups (per minute/hour) serve dashboards"],
        ),
        "scalability": {"partitioning": ["Time-range partitions on append-only tables; "
                                         "retention drops old partitions."]},
    }),
    (("event stream", "high-rate", "broker", "kafka", "event log", "ingest"), {
        "id": "event-ingest", "priority": 85, "when": {"min": {"events_per_second": 1000}},
        "decision": _decision(
            "Ingestion path for a high event rate",
            "About {events_per_second} events per second arrive; writing each one synchronously "
            "would bind ingestion to database latency.",
            [
                _opt("Direct inserts per event", ["Simple"], ["Database write amplification"]),
                _opt("Durable log (Kafka/Redpanda) with batched consumers",
                     ["Absorbs bursts", "Replays after failures"], ["Another system to run"]),
            ],
            "Durable log (Kafka/Redpanda) with batched consumers",
            "A log absorbs bursts and lets consumers write in batches (COPY), which keeps "
            "{events_per_second} events per second well within PostgreSQL's reach.",
            ["Ingest endpoints acknowledge after the log write", "Consumers batch inserts"],
        ),
        "components": [
            _comp("event_log", "Event log", "queue", "Durable buffer for incoming events.",
                  "Kafka or Redpanda (managed)"),
            _comp("ingest_worker", "Ingest consumer", "worker",
                  "Reads events in batches and writes them to partitioned tables.",
                  "Consumer group, batched COPY"),
        ],
        "connections": [_conn("api", "event_log", "appends events", "Kafka", "async"),
                        _conn("event_log", "ingest_worker", "delivers batches", "Kafka", "async"),
                        _conn("ingest_worker", "db", "batch inserts", "SQL", "async")],
        "stack": [_stack("Event log", "Kafka-compatible log (managed Redpanda or MSK)",
                         "Buffers bursts and allows replay.", ["Amazon Kinesis", "RabbitMQ"])],
    }),
    (("vector", "embedding", "retrieval", "rag", "chunks"), {
        "id": "rag", "priority": 90, "when": {"features_any": ["rag"]},
        "decision": _decision(
            "Retrieval for grounded answers",
            "Answers must come from the organisation's documents, with citations.",
            [
                _opt("pgvector in PostgreSQL", ["One database; filters and vectors in one query"],
                     ["Tuning for very large corpora"]),
                _opt("Dedicated vector database", ["Scales to billions of vectors"],
                     ["Another system; permissions duplicated"]),
            ],
            "pgvector in PostgreSQL",
            "Chunks, vectors and access rules live together, so retrieval respects permissions "
            "in the same query; an ingestion worker chunks and embeds documents.",
            ["Hybrid retrieval: vector similarity plus full-text, then rerank",
             "Answers cite chunk ids; the model sees only retrieved text"],
        ),
        "components": [
            _comp("llm", "Language model provider", "external", "Embeds text and generates "
                  "answers from retrieved chunks.", "Hosted LLM API"),
            _comp("vectors", "Vector index", "vector_store", "Nearest-neighbour search over "
                  "chunk embeddings.", "pgvector (HNSW) in PostgreSQL"),
        ],
        "connections": [_conn("api", "llm", "generates answers"),
                        _conn("api", "vectors", "retrieves similar chunks", "SQL")],
        "stack": [_stack("Retrieval", "pgvector with HNSW index", "Vectors next to the data "
                         "and its permissions.", ["Qdrant", "Pinecone", "OpenSearch k-NN"])],
        "risks": [_risk("Answers not supported by the documents", "medium", "high",
                        "Cite retrieved chunks, refuse when retrieval finds nothing, and "
                        "evaluate on a fixed question set.")],
    }),
    (("notification", "email", "message delivery"), {
        "id": "notifications", "priority": 95, "when": {"features_any": ["notifications", "email"]},
        "decision": _decision(
            "Notifications",
            "Users get emails, SMS or push messages about their records.",
            [
                _opt("Send from the request", ["Simple"], ["Provider outages fail requests"]),
                _opt("Queue jobs and send through a provider", ["Retries", "Rate control"],
                     ["Delivery is slightly delayed"]),
            ],
            "Queue jobs and send through a provider",
            "Messages are jobs: they retry on provider errors and never block the user's request.",
            ["Each message is recorded with its status", "Templates live in the code repository"],
        ),
        "components": [_comp("messaging", "Email/SMS provider", "external",
                             "Delivers emails, SMS and push messages.",
                             "Transactional email/SMS service")],
        "entities": [{"name": "notification", "description": "A message sent to a person, with "
                      "its delivery status.",
                      "attributes": [
                          {"name": "user_id", "type": "uuid", "foreign_key": "user",
                           "nullable": False, "indexed": True},
                          {"name": "channel", "type": "varchar(10)", "nullable": False,
                           "choices": ["email", "sms", "push"]},
                          {"name": "template", "type": "varchar(100)", "nullable": False},
                          {"name": "payload", "type": "jsonb", "nullable": False,
                           "default": "empty_json"},
                          {"name": "status", "type": "varchar(20)", "nullable": False,
                           "choices": ["queued", "sent", "failed"]},
                          {"name": "sent_at", "type": "timestamptz"},
                          {"name": "created_at", "type": "timestamptz", "nullable": False,
                           "default": "now"}]}],
        "connections": [_conn("worker", "messaging", "sends messages", "HTTPS", "async")],
    }),
    (("geo", "location", "postgis", "spatial"), {
        "id": "geospatial", "priority": 100, "when": {"features_any": ["geospatial"]},
        "decision": _decision(
            "Location queries",
            "The product searches and sorts by distance and position.",
            [
                _opt("PostGIS in PostgreSQL", ["Spatial indexes and distance queries in SQL"],
                     ["Extension to enable"]),
                _opt("Latitude/longitude columns with haversine in code",
                     ["No extension"], ["Full scans for nearby queries"]),
            ],
            "PostGIS in PostgreSQL",
            "A GiST index on geography points answers 'nearby' queries in milliseconds without "
            "another system.",
            ["Positions stored as geography(Point)", "Frequent position updates go to a "
             "separate table or cache, not the main row"],
        ),
    }),
    (("report", "analytic", "read model", "dashboard"), {
        "id": "analytics", "priority": 105, "when": {"features_any": ["analytics"]},
        "decision": _decision(
            "Reporting",
            "Staff need aggregated views (dashboards, reports) without slowing daily operations.",
            [
                _opt("Queries on the live tables", ["Always fresh"], ["Heavy queries slow users"]),
                _opt("Materialized views refreshed by a job", ["Cheap fast reads"],
                     ["Minutes of staleness"]),
                _opt("Separate warehouse", ["Scales for analysts"], ["Pipelines to build and run"]),
            ],
            "Materialized views refreshed by a job",
            "Pre-aggregated views answer dashboards quickly and keep heavy scans off the hot "
            "path; a warehouse comes later if analysts need ad hoc queries.",
            ["Report freshness is stated on each dashboard"],
        ),
    }),
    (("personal data", "data protection", "privacy", "erasure", "encryption", "gdpr", "hipaa"), {
        "id": "data-protection", "priority": 110,
        "decision": _decision(
            "Data protection",
            "The product stores personal data; it must be protected, minimised and removable.",
            [
                _opt("Provider encryption at rest plus TLS", ["No code"],
                     ["Insiders with database access see everything"]),
                _opt("Encryption at rest, TLS, column encryption for sensitive fields and an "
                     "erasure workflow", ["Limits exposure of the most sensitive data",
                     "Answers deletion requests"], ["Key management", "Encrypted fields are "
                                                    "not searchable"]),
            ],
            "Encryption at rest, TLS, column encryption for sensitive fields and an erasure "
            "workflow",
            "Personal data is the main liability of a product like this; minimising it and "
            "being able to erase it on request is cheaper than retrofitting later.",
            ["Personal fields are listed in a data inventory",
             "An erasure job deletes or anonymises a person's records and logs it"],
        ),
        # The same words as senior-architect's, so a plan with both says each once.
        "security": {"data_protection": ["TLS 1.2+ in transit; encryption at rest for the database, "
                                         "backups and object storage.",
                                         "Sensitive fields classified; secrets in a secret manager, "
                                         "never in code or logs."]},
    }),
    (("observability", "monitoring", "logging", "tracing", "telemetry"), {
        "id": "observability", "priority": 115,
        "decision": _decision(
            "Observability",
            "Problems must be found from signals before users report them.",
            [
                _opt("Logs only", ["Cheap"], ["Slow to find causes"]),
                _opt("OpenTelemetry traces, metrics and structured logs", ["One standard across "
                     "languages", "Vendor-neutral"], ["Some setup and ingest cost"]),
            ],
            "OpenTelemetry traces, metrics and structured logs",
            "Traces link a slow request to its query; RED metrics and SLO alerts page on user "
            "impact, not on noise.",
            ["Every request carries a request id into logs and traces"],
        ),
        "components": [_comp("telemetry", "Telemetry", "observability",
                             "Collects traces, metrics and logs; alerts on SLOs.",
                             "OpenTelemetry collector, Prometheus/Grafana or a managed APM")],
        "connections": [_conn("api", "telemetry", "exports traces, metrics and logs", "OTLP",
                              "async")],
        "stack": [_stack("Observability", "OpenTelemetry + Prometheus/Grafana (or a managed APM)",
                         "Vendor-neutral signals, dashboards and alerts.",
                         ["Datadog", "New Relic", "Cloud provider monitoring"])],
        "observability": {"logs": "Structured JSON logs with request id, user id and tenant id; "
                          "no personal data in log messages.",
                          "tracing": "OpenTelemetry traces from the API through the database "
                          "and external calls.",
                          "metrics": ["Request rate, error rate and latency per endpoint (RED)",
                                      "Database connections and slow queries"],
                          "alerts": ["Error rate above 1% for 5 minutes",
                                     "p95 latency above target for 10 minutes"]},
    }),
    (("horizontal", "scaling of the api", "load balanc", "instances"), {
        "id": "scale-out", "priority": 120, "when": {"min": {"rps": 200}},
        "decision": _decision(
            "Horizontal scaling",
            "The brief expects about {rps} requests per second at peak.",
            [
                _opt("One bigger instance", ["Simple"], ["Single point of failure"]),
                _opt("Stateless instances behind a load balancer with autoscaling",
                     ["Scale by adding copies", "Zero-downtime deploys"],
                     ["Needs a connection pooler as instances grow"]),
            ],
            "Stateless instances behind a load balancer with autoscaling",
            "At a few hundred requests per second per instance, {rps} rps needs several "
            "instances with headroom, and losing one must not hurt.",
            ["Sessions live in tokens or Redis, not on instances",
             "PgBouncer in transaction mode keeps database connections bounded"],
        ),
        "components": [_comp("edge", "Load balancer / CDN", "edge",
                             "TLS, caching of static assets, spreading requests across instances.",
                             "Managed load balancer and CDN")],
        "connections": [_conn("client", "edge", "HTTPS requests"),
                        _conn("edge", "api", "forwards to healthy instances", "HTTP")],
    }),
    (("backup", "disaster", "high availability", "failover", "multi-az", "redundan", "availability target", "availability and recovery"), {
        "id": "availability", "priority": 125, "when": {"min": {"availability": 99.9}},
        "decision": _decision(
            "Availability and recovery",
            "The brief targets {availability}% availability.",
            [
                _opt("Single zone with nightly backups", ["Cheapest"],
                     ["Hours of downtime on a zone failure"]),
                _opt("Multi-zone database with automatic failover and point-in-time recovery",
                     ["Minutes of failover", "Restore to any second"], ["About double the "
                                                                        "database cost"]),
            ],
            "Multi-zone database with automatic failover and point-in-time recovery",
            "{availability}% leaves minutes of downtime a month; only automatic failover and "
            "at least two instances in different zones fit that budget.",
            ["Recovery drills each quarter", "RPO under 5 minutes, RTO under 15 minutes"],
        ),
    }),
    (("region", "residency"), {
        "id": "multiregion", "priority": 130, "when": {"features_any": ["multiregion"]},
        "decision": _decision(
            "Regions and data residency",
            "Users are spread over several regions, and data may have to stay where it belongs.",
            [
                _opt("One region with a CDN", ["Simplest, consistent"],
                     ["Higher latency far away"]),
                _opt("Home region per tenant/user (data stays there), CDN at the edge",
                     ["Meets residency rules", "Local latency"], ["Routing by home region"]),
                _opt("Active-active multi-region database", ["Lowest latency everywhere"],
                     ["Conflict handling, highest cost"]),
            ],
            "Home region per tenant/user (data stays there), CDN at the edge",
            "Each account's data lives in its home region, which satisfies residency and "
            "keeps writes local, without the cost of active-active replication.",
            ["A global directory maps accounts to home regions",
             "Cross-region reads go through the owning region's API"],
        ),
    }),
    (("schedul", "periodic", "cron"), {
        "id": "scheduling", "priority": 135, "when": {"features_any": ["scheduling"]},
        "components": [_comp("scheduler", "Scheduler", "scheduler",
                             "Enqueues periodic jobs (reminders, expiry, reports) on a timetable.",
                             "Cron-style scheduler writing to the job table")],
        "connections": [_conn("scheduler", "db", "enqueues periodic jobs", "SQL", "async")],
        "scalability": {"async_work": ["Periodic tasks run from a single scheduler that enqueues "
                                       "jobs; workers do the work."]},
    }),
    (("rate limit", "api key", "versioning", "public api"), {
        "id": "public-api", "priority": 140, "when": {"features_any": ["public_api"]},
        "decision": _decision(
            "Public API access",
            "Outside developers call the API with their own keys.",
            [
                _opt("Same tokens as the app", ["One scheme"], ["No per-client limits or revocation"]),
                _opt("Hashed API keys with per-key rate limits and versioned paths",
                     ["Revocable, measurable, fair use"], ["Key management UI"]),
            ],
            "Hashed API keys with per-key rate limits and versioned paths",
            "Keys identify each integration; limits protect everyone else; /v1 lets the "
            "contract evolve without breaking partners.",
            ["429 with Retry-After when a key exceeds its limit"],
        ),
        "entities": [{"name": "api_key", "description": "A revocable key for an API client.",
                      "attributes": [
                          {"name": "prefix", "type": "varchar(12)", "nullable": False,
                           "unique": True},
                          {"name": "key_hash", "type": "text", "nullable": False},
                          {"name": "rate_limit_per_minute", "type": "integer", "nullable": False},
                          {"name": "revoked_at", "type": "timestamptz"},
                          {"name": "created_at", "type": "timestamptz", "nullable": False,
                           "default": "now"}]}],
    }),
    (("audit",), {
        "id": "audit", "priority": 145, "when": {"features_any": ["audit"]},
        "decision": _decision(
            "Audit trail",
            "Changes to records must be attributable: who did what, when.",
            [
                _opt("Application log lines", ["No schema"], ["Hard to query, easy to lose"]),
                _opt("Append-only audit_log table written in the same transaction",
                     ["Queryable and complete"], ["Table grows; needs partitioning later"]),
            ],
            "Append-only audit_log table written in the same transaction",
            "Writing the audit row with the change guarantees no change goes unrecorded.",
            ["The application role cannot UPDATE or DELETE audit rows"],
        ),
        "entities": [{"name": "audit_log", "description": "Who changed what, when.",
                      "attributes": [
                          {"name": "actor_id", "type": "uuid"},
                          {"name": "action", "type": "varchar(50)", "nullable": False},
                          {"name": "entity_type", "type": "varchar(50)", "nullable": False},
                          {"name": "entity_id", "type": "uuid", "nullable": False,
                           "indexed": True},
                          {"name": "changes", "type": "jsonb", "nullable": False,
                           "default": "empty_json"},
                          {"name": "created_at", "type": "timestamptz", "nullable": False,
                           "default": "now"}]}],
    }),
    (("workflow", "saga", "orchestrat", "state machine", "multi-step"), {
        "id": "workflow", "priority": 150, "when": {"features_any": ["workflow"]},
        "decision": _decision(
            "Multi-step processes",
            "Some processes span several steps, people or systems and can fail midway.",
            [
                _opt("Ad hoc status flags", ["Quick"], ["Invalid transitions slip in"]),
                _opt("Explicit state machine per record with jobs for each step",
                     ["Only valid transitions", "Retries per step"], ["More upfront modelling"]),
                _opt("Workflow engine (Temporal)", ["Durable long-running flows"],
                     ["New infrastructure"]),
            ],
            "Explicit state machine per record with jobs for each step",
            "Status columns with checked transitions plus retried jobs cover these processes; a "
            "workflow engine is worth it only for long multi-service flows.",
            ["Transitions are validated in one module and recorded with who made them"],
        ),
    }),
    (("third-party", "integration", "adapter", "external system", "other systems", "circuit breaker"), {
        "id": "integrations", "priority": 155, "when": {"features_any": ["integrations"]},
        "decision": _decision(
            "Third-party integrations",
            "The product talks to outside systems that fail, slow down and change.",
            [
                _opt("Call them directly from the code that needs them", ["Fast to write"],
                     ["Failures spread; vendor details everywhere"]),
                _opt("One adapter per system with timeouts, retries and a circuit breaker",
                     ["Failures contained", "Vendor swap touches one module"],
                     ["Some boilerplate"]),
            ],
            "One adapter per system with timeouts, retries and a circuit breaker",
            "Adapters keep vendor details in one place and stop an outside outage from "
            "taking the product down.",
            ["Calls that can wait run as jobs"],
        ),
        "components": [_comp("third_party", "Third-party systems", "external",
                             "Outside systems the product integrates with.", "Partner APIs")],
        "connections": [_conn("worker", "third_party", "syncs through adapters", "HTTPS",
                              "async")],
    }),
]

# Variants: the same question answered differently when the brief's figures demand it. They
# come before the default of their topic, which is then skipped.
_VARIANTS: list[tuple[tuple[str, ...], dict]] = [
    (("architecture style", "architectural style", "monolith", "microservices", "service boundar"), {
        "id": "style-services", "priority": 9, "when": {"min": {"team_size": 30}},
        "decision": _decision(
            "Architecture style",
            "About {team_size} engineers work on the product; one deployable would make teams "
            "wait on each other's releases.",
            [
                _opt("Modular monolith", ["One deploy, simplest operations"],
                     ["Teams contend for one release train"]),
                _opt("Services split by business capability", ["Teams deploy independently",
                     "Hot capabilities scale alone"],
                     ["Distributed data and failures", "Platform team needed"]),
            ],
            "Services split by business capability",
            "With {team_size} engineers the coordination cost of one deployable exceeds the "
            "operational cost of a few well-bounded services, each owning its data.",
            ["Each service owns its database schema; no shared tables",
             "Services talk through versioned APIs and events from an outbox"],
        ),
    }),
    (("search",), {
        "id": "search-engine", "priority": 64,
        "when": {"features_all": ["search", "high_scale"]},
        "decision": _decision(
            "Search",
            "Many users search a large collection, with relevance and filters.",
            [
                _opt("PostgreSQL full-text search (tsvector + GIN)", ["No new system"],
                     ["Relevance tuning and heavy query load land on the primary database"]),
                _opt("Dedicated search engine (OpenSearch)", ["Relevance, facets, typo tolerance",
                     "Search load off the database"], ["Another system to sync and run"]),
            ],
            "Dedicated search engine (OpenSearch)",
            "At this scale search traffic and relevance needs justify a search engine fed from "
            "PostgreSQL change events; PostgreSQL stays the source of truth.",
            ["Index updated asynchronously from an outbox; seconds of lag are acceptable"],
        ),
        "components": [_comp("search", "Search engine", "search",
                             "Full-text and faceted search over the catalogue.",
                             "OpenSearch (managed)")],
        "connections": [_conn("api", "search", "queries", "HTTPS"),
                        _conn("worker", "search", "indexes changes", "HTTPS", "async")],
        "stack": [_stack("Search", "OpenSearch (managed)", "Relevance and facets at scale.",
                         ["PostgreSQL full-text search", "Meilisearch", "Elasticsearch"])],
    }),
]


@lru_cache(maxsize=1)
def builtin_rules() -> list[tuple[tuple[str, ...], Rule]]:
    """Return the built-in rules, validated once, with the topic words of each."""
    return [(topic, Rule.model_validate(data)) for topic, data in _VARIANTS + _BUILTIN]
