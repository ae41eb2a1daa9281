// Check Mermaid diagrams with Mermaid's own parser (the version JupyterLab bundles).
//
// stdin: a JSON array of diagram sources. stdout: a JSON array of {ok, error}, one per
// source, in order. One process checks a whole batch, because starting Node and loading
// Mermaid costs about a second and parsing one diagram costs a few milliseconds.

import { JSDOM } from "jsdom";

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
mermaid.initialize({ startOnLoad: false, securityLevel: "strict" });

const sources = JSON.parse(await readStdin());
if (!Array.isArray(sources)) {
  process.stderr.write("expected a JSON array of strings on stdin\n");
  process.exit(2);
}
const results = [];
for (const source of sources) {
  try {
    const parsed = await mermaid.parse(String(source));
    results.push({ ok: Boolean(parsed), type: parsed ? parsed.diagramType : null, error: null });
  } catch (error) {
    results.push({ ok: false, type: null, error: oneLine(error) });
  }
}
process.stdout.write(JSON.stringify(results) + "\n");
