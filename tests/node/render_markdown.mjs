// Render Markdown with marked (JupyterLab's Markdown renderer, same version, GFM on) and
// report what a browser would build from the HTML, so tests can assert on it.
//
// stdin: a JSON array of Markdown texts. stdout: a JSON array with, per text:
//   {html, tags, attributes, hrefs, text, headings, cells, items, mermaid}
// tags/attributes: every element name and attribute name in the HTML (sorted, unique);
// hrefs: link targets; text: the text a reader sees; headings, cells and items: the text
// of each heading, table cell and list item; mermaid: the contents of ```mermaid fences
// (what JupyterLab hands to Mermaid).
// With --lines the process stays up: one JSON array per line in, one answer per line out.

import { JSDOM } from "jsdom";
import { marked } from "marked";

const dom = new JSDOM("<!doctype html><html><body></body></html>");

function inspect(markdown) {
  const html = marked.parse(String(markdown), { gfm: true, async: false });
  const host = dom.window.document.createElement("div");
  host.innerHTML = html;
  const elements = [...host.querySelectorAll("*")];
  const tags = new Set(elements.map((e) => e.tagName.toLowerCase()));
  const attributes = new Set(elements.flatMap((e) => [...e.attributes].map((a) => a.name)));
  return {
    html,
    tags: [...tags].sort(),
    attributes: [...attributes].sort(),
    hrefs: [...host.querySelectorAll("[href], [src]")].map(
      (e) => e.getAttribute("href") ?? e.getAttribute("src"),
    ),
    text: host.textContent,
    headings: [...host.querySelectorAll("h1, h2, h3, h4, h5, h6")].map((e) => e.textContent),
    cells: [...host.querySelectorAll("th, td")].map((e) => e.textContent),
    items: [...host.querySelectorAll("li")].map((e) => e.textContent),
    mermaid: [...host.querySelectorAll("pre > code.language-mermaid")].map((e) => e.textContent),
  };
}

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return Buffer.concat(chunks).toString("utf8");
}

if (process.argv.includes("--lines")) {
  const { createInterface } = await import("node:readline");
  for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
    if (!line.trim()) continue;
    process.stdout.write(JSON.stringify(JSON.parse(line).map(inspect)) + "\n");
  }
} else {
  process.stdout.write(JSON.stringify(JSON.parse(await readStdin()).map(inspect)) + "\n");
}
