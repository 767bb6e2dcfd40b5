"use strict";
const tokenInput = document.getElementById("token");
tokenInput.value = localStorage.getItem("resumepair.docs.token") || "";
tokenInput.addEventListener("change", () => localStorage.setItem("resumepair.docs.token", tokenInput.value.trim()));
const el = (tag, attrs = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) k === "text" ? node.textContent = v : node.setAttribute(k, v);
  node.append(...children);
  return node;
};
const resolve = (doc, schema) => schema && schema.$ref ? resolve(doc, schema.$ref.split("/").slice(1).reduce((o, k) => o[k], doc)) : schema;
function example(doc, schema, depth = 0) {
  schema = resolve(doc, schema) || {};
  if (depth > 6) return null;
  if (schema.example !== undefined) return schema.example;
  const type = Array.isArray(schema.type) ? schema.type.find(t => t !== "null") : schema.type;
  if (schema.enum) return schema.enum[0];
  if (type === "object" || schema.properties) return Object.fromEntries(Object.entries(schema.properties || {}).map(([k, v]) => [k, example(doc, v, depth + 1)]));
  if (type === "array") return [example(doc, schema.items, depth + 1)];
  if (type === "integer" || type === "number") return 0;
  if (type === "boolean") return false;
  if (schema.format === "uuid") return "00000000-0000-0000-0000-000000000000";
  return "";
}
function show(doc, path, method, op) {
  const main = document.getElementById("main");
  main.replaceChildren();
  main.append(el("h1", {}, el("span", { class: "m " + method.toUpperCase(), text: method.toUpperCase() }), " ", el("code", { text: path })));
  if (op.summary) main.append(el("p", { text: op.summary }));
  if (op.description) main.append(el("p", { class: "muted", text: op.description }));
  const params = (op.parameters || []).map(p => resolve(doc, p));
  const inputs = {};
  if (params.length) {
    main.append(el("h2", { text: "Parameters" }));
    for (const p of params) {
      const id = "p-" + p.in + "-" + p.name;
      inputs[p.name] = el("input", { id, placeholder: (p.schema && (p.schema.format || p.schema.type)) || "" });
      main.append(el("label", { for: id, text: `${p.name} (${p.in}${p.required ? ", required" : ""})` }), inputs[p.name]);
    }
  }
  const media = op.requestBody && op.requestBody.content && Object.keys(op.requestBody.content)[0];
  let body;
  if (media) {
    main.append(el("h2", { text: "Body (" + media + ")" }));
    body = el("textarea", { id: "body", "aria-label": "Request body" });
    body.value = JSON.stringify(example(doc, op.requestBody.content[media].schema), null, 2);
    main.append(body);
  }
  const responses = el("table", {}, el("tr", {}, el("th", { text: "Status" }), el("th", { text: "Meaning" })));
  for (const [code, r] of Object.entries(op.responses || {})) responses.append(el("tr", {}, el("td", { text: code }), el("td", { text: resolve(doc, r).description || "" })));
  main.append(el("h2", { text: "Responses" }), responses);
  const output = el("pre", { "aria-live": "polite", text: "" });
  const send = el("button", { class: "send", type: "button", text: "Send request" });
  send.addEventListener("click", async () => {
    let url = path, query = new URLSearchParams();
    for (const p of params) {
      const v = inputs[p.name].value;
      if (p.in === "path") url = url.replace("{" + p.name + "}", encodeURIComponent(v));
      else if (p.in === "query" && v) query.set(p.name, v);
    }
    const headers = {};
    for (const p of params.filter(p => p.in === "header")) if (inputs[p.name].value) headers[p.name] = inputs[p.name].value;
    if (tokenInput.value.trim()) headers.Authorization = "Bearer " + tokenInput.value.trim();
    if (media) headers["Content-Type"] = media;
    output.textContent = "…";
    const started = performance.now();
    try {
      const res = await fetch(url + (query.size ? "?" + query : ""), { method: method.toUpperCase(), headers, body: media ? body.value : undefined, redirect: "manual" });
      const text = await res.text();
      let pretty = text; try { pretty = JSON.stringify(JSON.parse(text), null, 2); } catch { }
      const shown = ["content-type", "etag", "location", "retry-after", "x-request-id", "traceparent"].filter(h => res.headers.get(h)).map(h => `${h}: ${res.headers.get(h)}`);
      output.textContent = `${res.status} ${res.statusText} · ${Math.round(performance.now() - started)} ms\n${shown.join("\n")}\n\n${pretty}`;
    } catch (e) { output.textContent = "Request failed: " + e; }
  });
  main.append(send, el("h2", { text: "Response" }), output);
}
(async () => {
  const nav = document.getElementById("nav");
  nav.replaceChildren();
  const services = await (await fetch("/api/docs/services")).json();
  for (const service of services) {
    nav.append(el("h2", { text: service }));
    try {
      const res = await fetch(`/api/docs/${service}.json`);
      if (!res.ok) throw new Error(res.status);
      const doc = await res.json();
      const ops = Object.entries(doc.paths || {}).flatMap(([path, item]) => Object.entries(item).filter(([m]) => ["get","post","put","patch","delete"].includes(m)).map(([m, op]) => [path, m, op]));
      if (!ops.length) nav.append(el("div", { class: "muted", text: "no public operations" }));
      for (const [path, method, op] of ops) {
        const b = el("button", { class: "op", type: "button" }, el("span", { class: "m " + method.toUpperCase(), text: method.toUpperCase() }), el("code", { text: path }));
        b.addEventListener("click", () => show(doc, path, method, op));
        nav.append(b);
      }
    } catch (e) { nav.append(el("div", { class: "muted", text: "unavailable (" + e.message + ")" })); }
  }
})();
