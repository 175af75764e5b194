// The network explorer: draws the network the server computed (/network.json: positions,
// sizes, colours) as SVG, fitted to its box, and ties the picture to the list of actors
// beside it. Names are placed apart: most central actor first, each name in the first spot
// around its disc where it overlaps no other name and no other disc; a name with no free
// spot is left out of the picture (it stays in the actor's tooltip, the list and the table).
// Keyboard: Tab into the list, arrows move, Enter opens; the focused actor is highlighted in
// the picture and its ties are listed. The selected actor is kept in the URL (?selected=).
// "Present": the same drawing at 1600 px wide with title, filters, legend, date and source,
// as SVG or PNG, made here in the browser (no internet needed).
(function () {
  "use strict";
  const SVG = "http://www.w3.org/2000/svg";
  const doc = JSON.parse(document.getElementById("network-data").textContent);
  const text = JSON.parse(document.getElementById("network-text").textContent);
  const box = document.getElementById("network-picture");
  const list = document.getElementById("node-list");
  const details = document.getElementById("node-details");
  const tip = document.getElementById("edge-tip");
  const links = Array.from(list.querySelectorAll("a[data-node]"));
  const linkOf = (id) => links.find((a) => a.dataset.node === id);
  const nodes = doc.elements.nodes.map((e) => Object.assign({}, e.data, { px: e.position.x, py: e.position.y }));
  const ties = doc.elements.edges.map((e) => e.data);
  const byId = new Map(nodes.map((n) => [n.id, n]));
  // most central first: the order in which names get their place
  const central = nodes.slice().sort((a, b) =>
    (b.weighted_degree || 0) - (a.weighted_degree || 0) || (b.degree || 0) - (a.degree || 0) ||
    (a.id < b.id ? -1 : 1));
  const FONT = 13;  // px at the default size: the smallest name the page draws
  const INK = "#1b1b1b";
  const TIE = "#8a96a3";

  function make(name, attributes, parent) {
    const element = document.createElementNS(SVG, name);
    Object.entries(attributes || {}).forEach(([k, v]) => element.setAttribute(k, v));
    if (parent) parent.append(element);
    return element;
  }

  // Draws the network into `svg` (emptied) in a width × height box at `origin` (y offset);
  // names at `font` px. Returns where each actor is: id -> {x, y, r, label (or null)}.
  function draw(svg, width, height, font, top) {
    const layer = make("g", { class: "network", transform: "translate(0," + (top || 0) + ")" }, svg);
    const scale = Math.max(0.45, Math.min(1, Math.min(width, height) / 640));
    const radius = (n) => Math.max(5, (n.size / 2) * scale);
    const biggest = Math.max(...nodes.map(radius), 5);
    const padX = biggest + 4 + font * 2;
    const padY = biggest + font * 1.6;
    // (0, 0) is the centre of the layout (the most central actor): it stays in the middle
    const reachX = Math.max(...nodes.map((n) => Math.abs(n.px))), reachY = Math.max(...nodes.map((n) => Math.abs(n.py)));
    const fit = (v, reach, pad, size) => size / 2 + (reach < 1e-9 ? 0 : (v / reach) * (size / 2 - pad));
    const at = new Map(nodes.map((n) => [n.id, {
      x: fit(n.px, reachX, padX, width), y: fit(n.py, reachY, padY, height), r: radius(n), label: null,
    }]));
    const tieLayer = make("g", { class: "ties" }, layer);
    ties.forEach((t) => {
      const a = at.get(t.source), b = at.get(t.target);
      const line = make("line", { x1: a.x, y1: a.y, x2: b.x, y2: b.y, stroke: TIE, "stroke-opacity": 0.7,
        "stroke-width": t.width * scale, class: "tie", "data-source": t.source, "data-target": t.target }, tieLayer);
      line.dataset.id = t.id;
      // a wider, invisible line on top: the mouse finds thin lines too
      const hit = make("line", { x1: a.x, y1: a.y, x2: b.x, y2: b.y, stroke: "transparent",
        "stroke-width": 12, class: "tie-hit" }, tieLayer);
      hit.dataset.id = t.id;
    });
    const nodeLayer = make("g", { class: "nodes" }, layer);
    nodes.forEach((n) => {
      const p = at.get(n.id);
      const group = make("g", { class: "node", "data-node": n.id }, nodeLayer);
      make("circle", { cx: p.x, cy: p.y, r: p.r, fill: n.colour, stroke: INK, "stroke-width": 1 }, group);
      make("title", {}, group).textContent = n.label + (n.short !== n.label ? " (" + n.short + ")" : "");
    });
    const labelLayer = make("g", { class: "labels" }, layer);
    const placed = [];
    const gap = 2;
    const overlaps = (a, b) => a.x < b.x + b.w + gap && b.x < a.x + a.w + gap && a.y < b.y + b.h + gap && b.y < a.y + a.h + gap;
    const hitsDisc = (r, id) => nodes.some((n) => {
      if (n.id === id) return false;
      const c = at.get(n.id);
      const dx = Math.max(r.x - c.x, 0, c.x - (r.x + r.w)), dy = Math.max(r.y - c.y, 0, c.y - (r.y + r.h));
      return dx * dx + dy * dy < (c.r + 1) * (c.r + 1);
    });
    central.forEach((n) => {
      const p = at.get(n.id);
      const label = make("text", { class: "node-label", "data-node": n.id, "font-size": font, "font-family": "sans-serif",
        fill: INK, stroke: "#ffffff", "stroke-width": 3, "stroke-linejoin": "round", "paint-order": "stroke",
        "text-anchor": "start", x: 0, y: 0 }, labelLayer);
      wrap(label, n.short, Math.max(110, Math.min(240, width * 0.4)), font);
      const measured = label.getBBox();
      const w = measured.width, h = measured.height, ascent = -measured.y;
      // around the disc: below, above, right, left, the four corners; then a little farther
      const around = (d) => [
        [p.x - w / 2, p.y + d], [p.x - w / 2, p.y - d - h], [p.x + d, p.y - h / 2], [p.x - d - w, p.y - h / 2],
        [p.x + d * 0.7, p.y + d * 0.7], [p.x - d * 0.7 - w, p.y + d * 0.7],
        [p.x + d * 0.7, p.y - d * 0.7 - h], [p.x - d * 0.7 - w, p.y - d * 0.7 - h],
      ];
      const spots = around(p.r + 3).concat(around(p.r + 3 + font * 0.8))
        .map(([x, y]) => ({ x: x, y: y, w: w, h: h }))
        .filter((r) => r.x >= 1 && r.y >= 1 && r.x + r.w <= width - 1 && r.y + r.h <= height - 1);
      const free = (strict) => spots.find((r) => !placed.some((q) => overlaps(r, q)) && !(strict && hitsDisc(r, n.id)));
      const spot = free(true) || free(false);
      if (!spot) { label.remove(); return; }
      label.querySelectorAll("tspan").forEach((line) => line.setAttribute("x", spot.x.toFixed(1)));
      label.setAttribute("y", (spot.y + ascent).toFixed(1));
      placed.push(spot);
      p.label = spot;
    });
    return at;
  }

  // Puts `words` into `label` as lines (tspans) no wider than `most` px, broken between words.
  function wrap(label, words, most, font) {
    const line = () => make("tspan", { x: 0, dy: label.childNodes.length ? font * 1.15 : 0 }, label);
    let current = line();
    words.split(" ").forEach((word) => {
      const before = current.textContent;
      current.textContent = before ? before + " " + word : word;
      if (before && current.getComputedTextLength() > most) {
        current.textContent = before;
        current = line();
        current.textContent = word;
      }
    });
  }

  let svg = null;
  let where = new Map();
  let drawnWidth = 0;

  function render() {
    const width = Math.floor(box.clientWidth), height = Math.floor(box.clientHeight);
    if (width === drawnWidth && svg) return;
    drawnWidth = width;
    const fresh = make("svg", { width: width, height: height, viewBox: "0 0 " + width + " " + height,
      class: "network-svg", "aria-hidden": "true", focusable: "false" });
    if (svg) svg.replaceWith(fresh); else box.append(fresh);
    svg = fresh;
    where = draw(svg, width, height, FONT, 0);
    svg.querySelectorAll("g.node").forEach((group) => {
      const id = group.dataset.node;
      group.addEventListener("mouseenter", () => focusNode(id, false));
      group.addEventListener("click", () => {
        const link = linkOf(id);
        const href = link ? link.href : byId.get(id).href;
        if (href) window.location.href = href;  // none for an IRI the server would not link
      });
    });
    svg.querySelectorAll("line.tie-hit").forEach((line) => {
      const shown = svg.querySelector("line.tie[data-id='" + CSS.escape(line.dataset.id) + "']");
      const tie = ties.find((t) => t.id === line.dataset.id);
      line.addEventListener("mouseenter", (event) => {
        shown.classList.add("hover");
        tip.textContent = tieText(tie);
        const frame = box.getBoundingClientRect();
        tip.style.left = event.clientX - frame.left + 12 + "px";
        tip.style.top = event.clientY - frame.top + 12 + "px";
        tip.hidden = false;
      });
      line.addEventListener("mouseleave", () => { shown.classList.remove("hover"); tip.hidden = true; });
    });
    if (current) highlight(current);
  }

  function tieText(t) {
    const word = t.shared_actions === 1 ? text.sharedOne : text.shared;
    return byId.get(t.source).label + " – " + byId.get(t.target).label + ": " + t.shared_actions + " " + word +
      " (" + t.actions.join(", ") + ")";
  }

  function showDetails(id) {
    const n = byId.get(id);
    details.replaceChildren();
    const heading = document.createElement("p");
    heading.textContent = n.label + " — " + text.partners + ":";
    details.append(heading);
    const own = ties.filter((t) => t.source === id || t.target === id)
      .sort((x, y) => y.shared_actions - x.shared_actions);
    if (own.length === 0) {
      heading.textContent = n.label + ": " + text.none;
      return;
    }
    const items = document.createElement("ul");
    own.forEach((t) => {
      const item = document.createElement("li");
      item.textContent = tieText(t);
      items.append(item);
    });
    details.append(items);
  }

  let current = null;
  function highlight(id) {
    current = id;
    const near = new Set([id]);
    ties.forEach((t) => {
      if (t.source === id) near.add(t.target);
      if (t.target === id) near.add(t.source);
    });
    svg.querySelectorAll("g.node, text.node-label").forEach((e) => {
      e.classList.toggle("focused", e.dataset.node === id);
      e.classList.toggle("faded", !near.has(e.dataset.node));
    });
    svg.querySelectorAll("line.tie").forEach((line) => {
      line.classList.toggle("faded", line.dataset.source !== id && line.dataset.target !== id);
    });
  }

  // Highlights an actor; `remember` (keyboard focus: a selection) also puts it in the URL.
  function focusNode(id, remember) {
    if (!byId.has(id)) return;
    highlight(id);
    showDetails(id);
    links.forEach((a) => { a.tabIndex = a.dataset.node === id ? 0 : -1; });
    const url = new URL(window.location.href);
    if (!remember || url.searchParams.get("selected") === id) return;
    url.searchParams.delete("focus");
    url.searchParams.set("selected", id);
    window.history.replaceState(null, "", url);
  }

  // Roving focus: one actor of the list is in the Tab order; arrows move within the list.
  links.forEach((a, index) => {
    a.tabIndex = index === 0 ? 0 : -1;
    a.addEventListener("focus", () => focusNode(a.dataset.node, true));
    a.addEventListener("keydown", (event) => {
      const moves = { ArrowDown: index + 1, ArrowRight: index + 1, ArrowUp: index - 1,
                      ArrowLeft: index - 1, Home: 0, End: links.length - 1 };
      if (!(event.key in moves)) return;
      event.preventDefault();
      links[Math.max(0, Math.min(links.length - 1, moves[event.key]))].focus();
    });
  });

  // "Present": title, what the network is, filters, date, the drawing, legend, source.
  const PRESENT_WIDTH = 1600, PRESENT_DRAWING = 760, PRESENT_FONT = 18;
  function today() {
    const d = new Date();
    const pad = (v) => String(v).padStart(2, "0");
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
  }
  function fileName(suffix) { return doc.words.file_stem + "-" + today() + "." + suffix; }

  function presentSvg() {
    const lang = document.documentElement.lang || "nl";
    const out = make("svg", { xmlns: SVG, width: PRESENT_WIDTH, height: 100, "font-family": "sans-serif" });
    out.classList.add("present-work");
    document.body.append(out);  // in the page, hidden, so that names can be measured
    const background = make("rect", { x: 0, y: 0, width: PRESENT_WIDTH, height: 100, fill: "#ffffff" }, out);
    const line = (content, x, y, size, attributes) => {
      const t = make("text", Object.assign({ x: x, y: y, "font-size": size, fill: INK }, attributes || {}), out);
      t.textContent = content;
      return t;
    };
    const header = make("g", { class: "present-header" }, out);
    const title = line(text.title, 40, 56, 34, { "font-weight": "bold", class: "present-title" });
    header.append(title);
    const date = new Intl.DateTimeFormat(lang, { dateStyle: "long" }).format(new Date());
    header.append(line(date, PRESENT_WIDTH - 40, 56, 20, { "text-anchor": "end", class: "present-date" }));
    header.append(line(doc.words.counts + " " + doc.words.linked, 40, 92, 20, { class: "present-network" }));
    const filters = doc.words.filters.length ? text.filters + ": " + doc.words.filters.join(" · ") : text.noFilters;
    header.append(line(filters, 40, 122, 20, { class: "present-filters" }));
    const top = 140;
    const drawing = make("g", {}, out);
    draw(drawing, PRESENT_WIDTH, PRESENT_DRAWING, PRESENT_FONT, top);
    // legend: colour groups, then size and line width
    const legend = make("g", { class: "present-legend" }, out);
    let x = 40, y = top + PRESENT_DRAWING + 40;
    legend.append(line(text.legend + ":", x, y, 20, { "font-weight": "bold" }));
    x += legend.lastChild.getBBox().width + 20;
    const entries = doc.legend.map((g) => ({ colour: g.colour, words: g.label + " (" + g.count + ")" }))
      .concat([{ words: text.size }, { words: text.lineWidth, line: true }]);
    entries.forEach((entry) => {
      const item = make("g", {}, legend);
      const word = line(entry.words, 0, 0, 18, {});
      item.append(word);
      const w = word.getBBox().width + 30;
      if (x + w > PRESENT_WIDTH - 40) { x = 40; y += 32; }
      if (entry.line) make("rect", { x: x, y: y - 9, width: 18, height: 4, fill: TIE }, item);
      else make("circle", { cx: x + 9, cy: y - 6, r: 8, fill: entry.colour || "#ffffff", stroke: INK }, item);
      word.setAttribute("x", x + 24);
      word.setAttribute("y", y);
      x += w + 20;
    });
    y += 44;
    out.append(line(text.source + ": " + text.plan + " · " + window.location.href, 40, y, 16, { class: "present-source" }));
    const height = y + 24;
    out.setAttribute("height", height);
    out.setAttribute("viewBox", "0 0 " + PRESENT_WIDTH + " " + height);
    background.setAttribute("height", height);
    out.remove();
    out.removeAttribute("class");
    out.querySelectorAll(".tie-hit").forEach((e) => e.remove());
    return { markup: '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(out),
             width: PRESENT_WIDTH, height: height };
  }

  function save(blob, name) {
    const link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = name;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 10000);
  }

  document.getElementById("download-svg").addEventListener("click", () => {
    save(new Blob([presentSvg().markup], { type: "image/svg+xml" }), fileName("svg"));
  });
  document.getElementById("download-png").addEventListener("click", () => {
    const picture = presentSvg();
    const image = new Image();
    image.onload = () => {
      const canvas = document.createElement("canvas");
      canvas.width = picture.width;
      canvas.height = picture.height;
      const context = canvas.getContext("2d");
      context.drawImage(image, 0, 0);
      canvas.toBlob((blob) => save(blob, fileName("png")), "image/png");
    };
    image.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(picture.markup);
  });

  // Filters apply as soon as they change (the Show button does the same without script).
  document.querySelectorAll(".network-filters select, .network-filters input").forEach((control) => {
    control.addEventListener("change", () => control.form.requestSubmit());
  });

  window.networkExplorer = { where: () => where, presentSvg: presentSvg, fileName: fileName };
  render();
  const selected = doc.drawing.selected;  // ?selected= (or ?focus=) as the server read it
  if (selected && byId.has(selected)) {
    highlight(selected);
    showDetails(selected);
    links.forEach((a) => { a.tabIndex = a.dataset.node === selected ? 0 : -1; });
  }
  new ResizeObserver(() => requestAnimationFrame(render)).observe(box);
  // The first draw: what bench/bench_pages.py reads.
  requestAnimationFrame(() => {
    performance.mark("network-drawn");
    document.body.dataset.networkReady = "1";
  });
})();
