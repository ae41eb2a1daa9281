// Check Mermaid diagrams with Mermaid's own parser (the version JupyterLab bundles).
//
// stdin: a JSON array of diagram sources (or {"sources": [...], "details": true} to also
// get what Mermaid read: labels as a reader sees them). stdout: a JSON array of
// {ok, type, error[, details]}, one per source, in order. One process checks a whole batch, because starting Node and
// loading Mermaid costs about a second and parsing one diagram a few milliseconds.
//
// With --lines the process stays up: every line on stdin is a JSON array, and every
// answer is one line on stdout. Tests use this to check each generated example at once.

import { JSDOM } from "jsdom";

// stdout carries only answers: anything Mermaid or jsdom logs goes to stderr.
for (const level of ["log", "info", "debug", "warn"]) {
  console[level] = (...args) => process.stderr.write(args.map(String).join(" ") + "\n");
}

// Mermaid touches window/document while its modules load (DOMPurify, d3), so the fake
// browser must exist before the dynamic import below.
const dom = new JSDOM("<!doctype html><html><body></body></html>", { pretendToBeVisual: true });
const fakeGlobals = {
  window: dom.window,
  document: dom.window.document,
  Element: dom.window.Element,
  HTMLElement: dom.window.HTMLElement,
  SVGElement: dom.window.SVGElement,
  Node: dom.window.Node,
  DOMParser: dom.window.DOMParser,
  MutationObserver: dom.window.MutationObserver,
};
for (const [name, value] of Object.entries(fakeGlobals)) {
  if (!(name in globalThis)) {
    Object.defineProperty(globalThis, name, { value, configurable: true, writable: true });
  }
}

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return Buffer.concat(chunks).toString("utf8");
}

function oneLine(error) {
  const text = error && error.message ? error.message : String(error);
  return text.replace(/\s+/g, " ").trim().slice(0, 500);
}

const { default: mermaid } = await import("mermaid");
// securityLevel strict is what JupyterLab uses; parse must succeed under it.
mermaid.initialize({ startOnLoad: false, securityLevel: "strict", logLevel: "fatal" });

// Mermaid swaps `#name;` and `#123;` codes for placeholders while it parses and turns them
// into HTML entities when it draws; this gives back the characters a reader will see.
function visible(text) {
  const decoder = dom.window.document.createElement("textarea");
  return String(text ?? "")
    .replace(/\uFB02\u00B0\u00B0(\d+)\u00B6\u00DF/g, (_, code) => String.fromCodePoint(Number(code)))
    .replace(/\uFB02\u00B0(\w+)\u00B6\u00DF/g, (whole, name) => {
      decoder.innerHTML = `&${name};`;
      return decoder.value;
    });
}

// What Mermaid understood: nodes, edges and subgraphs, or entities and relationships.
async function describe(source) {
  const diagram = await mermaid.mermaidAPI.getDiagramFromText(source);
  const db = diagram.db;
  if (diagram.type === "er") {
    const entities = [...db.getEntities().values()];
    const nameOf = new Map(entities.map((e) => [e.id, e.label]));
    return {
      entities: entities.map((e) => ({
        name: e.label,
        attributes: e.attributes.map((a) => ({
          type: a.type, name: a.name, keys: a.keys, comment: visible(a.comment),
        })),
      })),
      relationships: db.getRelationships().map((r) => ({
        a: nameOf.get(r.entityA), b: nameOf.get(r.entityB), label: visible(r.roleA), spec: r.relSpec,
      })),
    };
  }
  return {
    nodes: [...db.getVertices().values()].map((v) => ({ id: v.id, text: visible(v.text), shape: v.type })),
    edges: db.getEdges().map((e) => ({ start: e.start, end: e.end, text: visible(e.text), stroke: e.stroke })),
    subgraphs: db.getSubGraphs().map((g) => ({ id: g.id, title: visible(g.title), nodes: g.nodes })),
  };
}

async function check(sources, details = false) {
  const results = [];
  for (const source of sources) {
    try {
      const parsed = await mermaid.parse(String(source));
      const result = { ok: Boolean(parsed), type: parsed ? parsed.diagramType : null, error: null };
      if (details && parsed) result.details = await describe(String(source));
      results.push(result);
    } catch (error) {
      results.push({ ok: false, type: null, error: oneLine(error) });
    }
  }
  return results;
}

// A request is an array of sources, or {sources, details} to also get what Mermaid read.
async function answer(request) {
  if (Array.isArray(request)) return check(request);
  return check(request.sources, Boolean(request.details));
}

if (process.argv.includes("--lines")) {
  const { createInterface } = await import("node:readline");
  for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
    if (!line.trim()) continue;
    process.stdout.write(JSON.stringify(await answer(JSON.parse(line))) + "\n");
  }
} else {
  const request = JSON.parse(await readStdin());
  if (!Array.isArray(request) && !Array.isArray(request?.sources)) {
    process.stderr.write("expected a JSON array of diagram sources on stdin\n");
    process.exit(2);
  }
  process.stdout.write(JSON.stringify(await answer(request)) + "\n");
}
