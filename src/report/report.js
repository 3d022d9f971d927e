// Renders the documents of a newsclean report. Every string from the data block came from a
// scraped page: it goes into the page only through textContent and setAttribute, never as markup.
"use strict";
(function () {
  const PAGE = 50;
  const PALETTE = 12;
  const state = { rule: null, lo: null, hi: null, changedOnly: false, sort: "source", page: 0, open: null };
  let data = null;

  function el(tag, attrs, text) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  async function load() {
    const packed = document.getElementById("data").textContent.trim();
    const bytes = Uint8Array.from(atob(packed), (c) => c.charCodeAt(0));
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return JSON.parse(await new Response(stream).text());
  }

  function visible() {
    let docs = data.docs.map((d, i) => [d, i]);
    if (state.rule !== null) docs = docs.filter(([d]) => d.rules.includes(state.rule));
    if (state.lo !== null) docs = docs.filter(([d]) => {
      const pct = d.share * 100;
      return pct >= state.lo && (pct < state.hi || (state.hi === 100 && pct <= 100));
    });
    if (state.changedOnly) docs = docs.filter(([d]) => d.base && d.base.changed);
    if (state.sort === "share") docs.sort((a, b) => b[0].share - a[0].share || a[1] - b[1]);
    if (state.sort === "chars") docs.sort((a, b) => b[0].removed - a[0].removed || a[1] - b[1]);
    return docs;
  }

  function renderList() {
    const docs = visible();
    const pages = Math.max(1, Math.ceil(docs.length / PAGE));
    state.page = Math.min(state.page, pages - 1);
    const body = document.getElementById("doc-rows");
    body.replaceChildren();
    for (const [d, i] of docs.slice(state.page * PAGE, (state.page + 1) * PAGE)) {
      const tr = el("tr", { "data-doc": String(i), class: state.open === i ? "open" : "" });
      tr.appendChild(el("td", {}, d.source));
      tr.appendChild(el("td", { class: "status-" + d.status }, d.status + (d.base && d.base.changed ? " ·changed" : "")));
      tr.appendChild(el("td", {}, d.title || ""));
      tr.appendChild(el("td", { class: "n" }, d.removed));
      tr.appendChild(el("td", { class: "n" }, (d.share * 100).toFixed(1) + "%"));
      tr.appendChild(el("td", {}, d.rules.map((r) => data.rules[r]).join(", ")));
      tr.addEventListener("click", () => openDoc(i));
      body.appendChild(tr);
    }
    let label = "all documents";
    if (state.rule !== null) label = "documents touched by " + data.rules[state.rule];
    if (state.lo !== null) label += ` with ${state.lo}–${state.hi}% removed`;
    if (state.changedOnly) label += ", changed vs baseline";
    document.getElementById("filter-label").textContent = label;
    const omitted = data.omitted ? ` (${data.omitted} more not listed: --max-docs)` : "";
    document.getElementById("page-info").textContent =
      `${docs.length} documents, page ${state.page + 1} of ${pages}${omitted}`;
    for (const tr of document.querySelectorAll("tr.rule-row")) {
      tr.classList.toggle("active", state.rule !== null && Number(tr.dataset.rule) === state.rule);
    }
  }

  function field(dl, name, value) {
    if (value === null || value === undefined || value === "") return;
    dl.appendChild(el("dt", {}, name));
    dl.appendChild(el("dd", {}, value));
  }

  function openDoc(i) {
    state.open = i;
    const d = data.docs[i];
    const view = document.getElementById("doc-view");
    view.replaceChildren();
    view.hidden = false;
    view.appendChild(el("h3", {}, d.title || d.source));
    const dl = el("dl");
    const src = el("dd");
    if (d.link) {
      const a = el("a", { href: d.link }, d.source);
      src.appendChild(a);
    } else {
      src.textContent = d.source;
    }
    dl.appendChild(el("dt", {}, "source"));
    dl.appendChild(src);
    field(dl, "status", d.status + (d.reason ? ": " + d.reason : ""));
    field(dl, "title", d.title);
    field(dl, "published", d.published);
    field(dl, "outlet", d.outlet);
    field(dl, "encoding", d.encoding);
    field(dl, "format", d.format);
    field(dl, "removed", `${d.removed} of ${d.chars_in} chars (${(d.share * 100).toFixed(1)}%)`);
    if (d.base) field(dl, "baseline", `${d.base.status || "absent"}, ${d.base.removed} chars removed`);
    view.appendChild(dl);
    if (d.note) view.appendChild(el("p", { class: "note" }, d.note));
    const added = new Set((d.base ? d.base.added : []).map(([r, t]) => r + "\u0000" + t));
    const text = el("div", { class: "text" });
    for (const s of d.segs) {
      if (s[0] === 0) text.appendChild(document.createTextNode(s[1]));
      else if (s[0] === 2) text.appendChild(el("span", { class: "gap", title: "kept text left out" }, s[1]));
      else {
        const rule = data.rules[s[2]];
        const isNew = added.has(s[2] + "\u0000" + s[1]);
        const del = el("del", {
          class: "c" + (s[2] % PALETTE) + (isNew ? " diff-added" : ""),
          title: rule + (isNew ? " (new vs baseline)" : ""),
          "data-rule": rule,
        }, s[1]);
        text.appendChild(del);
      }
    }
    view.appendChild(text);
    if (d.nodes.length) {
      view.appendChild(el("h4", {}, "Dropped HTML elements"));
      const ul = el("ul");
      for (const [r, path, t] of d.nodes) {
        const li = el("li", { title: data.rules[r] });
        li.appendChild(el("code", {}, data.rules[r] + " " + path));
        li.appendChild(document.createTextNode(" " + t.slice(0, 300)));
        ul.appendChild(li);
      }
      view.appendChild(ul);
    }
    if (d.base && d.base.gone.length) {
      view.appendChild(el("h4", {}, "Removed in the baseline only (kept now)"));
      const ul = el("ul");
      for (const [r, t] of d.base.gone) {
        const li = el("li", { class: "diff-gone" });
        li.appendChild(el("code", {}, r));
        li.appendChild(document.createTextNode(" " + t));
        ul.appendChild(li);
      }
      view.appendChild(ul);
    }
    renderList();
    view.scrollIntoView({ block: "nearest" });
  }

  function filterRule(i) {
    state.rule = state.rule === i ? null : i;
    state.page = 0;
    renderList();
  }

  function sortRules(th) {
    const key = th.dataset.key;
    if (th.dataset.sort === "none") return;
    const desc = !th.classList.contains("sorted-desc");
    for (const h of document.querySelectorAll("#rule-table th")) h.classList.remove("sorted-asc", "sorted-desc");
    th.classList.add(desc ? "sorted-desc" : "sorted-asc");
    const body = document.querySelector("#rule-table tbody");
    const rows = Array.from(body.rows);
    rows.sort((a, b) => {
      const x = a.dataset[key], y = b.dataset[key];
      const c = th.dataset.sort === "num" ? Number(x) - Number(y) : String(x).localeCompare(String(y));
      return desc ? -c : c;
    });
    body.replaceChildren(...rows);
  }

  async function main() {
    data = await load();
    for (const tr of document.querySelectorAll("tr.rule-row")) {
      tr.addEventListener("click", () => filterRule(Number(tr.dataset.rule)));
    }
    for (const g of document.querySelectorAll("#rule-chart .bar")) {
      g.addEventListener("click", () => filterRule(Number(g.dataset.rule)));
    }
    for (const g of document.querySelectorAll("#share-chart .bin")) {
      g.addEventListener("click", () => {
        const lo = Number(g.dataset.lo);
        const same = state.lo === lo;
        state.lo = same ? null : lo;
        state.hi = same ? null : Number(g.dataset.hi);
        state.page = 0;
        renderList();
      });
    }
    for (const th of document.querySelectorAll("#rule-table th")) th.addEventListener("click", () => sortRules(th));
    document.getElementById("clear-filter").addEventListener("click", () => {
      Object.assign(state, { rule: null, lo: null, hi: null, changedOnly: false, page: 0 });
      document.getElementById("changed-only").checked = false;
      renderList();
    });
    const changed = document.getElementById("changed-only");
    changed.disabled = !data.baseline;
    changed.addEventListener("change", () => { state.changedOnly = changed.checked; state.page = 0; renderList(); });
    document.getElementById("doc-sort").addEventListener("change", (e) => { state.sort = e.target.value; renderList(); });
    document.getElementById("prev").addEventListener("click", () => { state.page = Math.max(0, state.page - 1); renderList(); });
    document.getElementById("next").addEventListener("click", () => { state.page += 1; renderList(); });
    renderList();
    document.body.dataset.ready = "true";
  }

  main().catch((e) => {
    document.body.dataset.ready = "error";
    document.getElementById("filter-label").textContent = "could not read the report data: " + e;
  });
})();
