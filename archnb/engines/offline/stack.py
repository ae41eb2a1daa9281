"""The application stack the brief's constraints point to (language, hosting)."""

from __future__ import annotations

from archnb.engines.offline.reader import BriefFacts
from archnb.plan import StackChoice

_LANGUAGE_STACKS = {
    "Python": ("Python 3.12 + FastAPI", ["Django", "Flask"],
               "FastAPI generates the OpenAPI contract from typed code and is quick to learn."),
    "TypeScript": ("TypeScript + NestJS on Node.js 20", ["Fastify", "Express"],
                   "One language across front end and back end; NestJS gives module structure."),
    "Java": ("Java 21 + Spring Boot 3", ["Quarkus", "Micronaut"],
             "Mature ecosystem for transactional back ends; modules map to packages."),
    "Kotlin": ("Kotlin + Spring Boot 3", ["Ktor", "Java + Spring Boot"],
               "Concise, null-safe code on the JVM's mature ecosystem."),
    "Go": ("Go 1.22 + chi (net/http)", ["Gin", "Echo"],
           "Small fast binaries, simple concurrency, low memory per instance."),
    "C#": ("C# + ASP.NET Core 8", ["Minimal APIs", "Java + Spring Boot"],
           "High-performance web stack with strong typing and tooling."),
    "Ruby": ("Ruby on Rails 7", ["Hanami", "Sinatra"],
             "Conventions make CRUD-heavy products fast to build."),
    "PHP": ("PHP 8.3 + Laravel 11", ["Symfony"],
            "Batteries-included framework with queues, auth and migrations."),
    "Elixir": ("Elixir + Phoenix", ["Plug"],
               "Excellent for many concurrent connections and live updates."),
    "Rust": ("Rust + Axum", ["Actix Web"], "Predictable latency and memory safety."),
    "Scala": ("Scala + http4s", ["Play Framework"], "Functional, typed services on the JVM."),
}
_HOSTING = {
    "AWS": ("AWS: ECS Fargate containers, RDS for PostgreSQL (Multi-AZ), S3",
            ["EKS", "Elastic Beanstalk"]),
    "GCP": ("Google Cloud: Cloud Run, Cloud SQL for PostgreSQL, Cloud Storage",
            ["GKE", "App Engine"]),
    "Azure": ("Azure: Container Apps, Azure Database for PostgreSQL, Blob Storage",
              ["AKS", "App Service"]),
    "on-premises": ("Own servers: containers with Docker/Kubernetes, PostgreSQL with Patroni "
                    "failover", ["A private cloud", "A managed hosting provider"]),
}


def base_stack(facts: BriefFacts) -> list[StackChoice]:
    """Return the language/framework choice and, when the brief names a cloud, the hosting."""
    language = facts.languages[0] if facts.languages else "Python"
    choice, alternatives, why = _LANGUAGE_STACKS[language]
    if facts.languages:
        why = f"The team already works in {language}. " + why
    others = [_LANGUAGE_STACKS[lang][0] for lang in ("TypeScript", "Python", "Go") if lang != language]
    stack = [StackChoice(layer="Backend language and framework", choice=choice, rationale=why,
                         alternatives=list(dict.fromkeys(alternatives + others[:1])))]
    if facts.clouds:
        hosting, alts = _HOSTING[facts.clouds[0]]
        stack.append(StackChoice(layer="Hosting", choice=hosting,
                                 rationale=f"The brief names {facts.clouds[0]}; managed services "
                                 "there keep operations small.", alternatives=alts))
    return stack
