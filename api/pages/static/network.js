// The network explorer: draws the elements the server computed (/network.json: positions,
// sizes, colours) with Cytoscape.js, and ties the picture to the list of actors beside it.
// Keyboard: Tab into the list, arrows move, Enter opens; the focused actor is highlighted in
// the picture and its ties are listed. The selected actor is kept in the URL (?selected=).
(function () {
  "use strict";
  const doc = JSON.parse(document.getElementById("network-data").textContent);
  const text = JSON.parse(document.getElementById("network-text").textContent);
  const list = document.getElementById("node-list");
  const details = document.getElementById("node-details");
  const tip = document.getElementById("edge-tip");
  const links = Array.from(list.querySelectorAll("a[data-node]"));
  const linkOf = (id) => links.find((a) => a.dataset.node === id);

  const cy = cytoscape({
    container: document.getElementById("cy"),
    elements: doc.elements,
    layout: { name: "preset", fit: true, padding: 30 },
    autoungrabify: true,
    boxSelectionEnabled: false,
    style: [
      { selector: "node", style: {
        width: "data(size)", height: "data(size)", "background-color": "data(colour)",
        label: "data(short)", "font-size": 11, "text-valign": "bottom", "text-margin-y": 3,
        "text-outline-color": "#fff", "text-outline-width": 2, color: "#1b1b1b",
        "border-width": 1, "border-color": "#1b1b1b" } },
      { selector: "edge", style: {
        width: "data(width)", "line-color": "#8a96a3", opacity: 0.7, "curve-style": "straight" } },
      { selector: "edge.hover", style: { "line-color": "#9a4700", opacity: 1 } },
      { selector: "node.focused", style: {
        "border-width": 5, "border-color": "#ffbf47", "z-index": 10, "font-weight": "bold" } },
      { selector: ".faded", style: { opacity: 0.2 } },
    ],
  });
  window.networkExplorer = { cy: cy };

  function tieText(edge) {
    const d = edge.data();
    const a = cy.getElementById(d.source).data("label");
    const b = cy.getElementById(d.target).data("label");
    const word = d.shared_actions === 1 ? text.sharedOne : text.shared;
    return a + " – " + b + ": " + d.shared_actions + " " + word + " (" + d.actions.join(", ") + ")";
  }

  function showDetails(node) {
    details.replaceChildren();
    const heading = document.createElement("p");
    heading.textContent = node.data("label") + " — " + text.partners + ":";
    details.append(heading);
    const ties = node.connectedEdges().sort((x, y) => y.data("shared_actions") - x.data("shared_actions"));
    if (ties.length === 0) {
      heading.textContent = node.data("label") + ": " + text.none;
      return;
    }
    const items = document.createElement("ul");
    ties.forEach((edge) => {
      const item = document.createElement("li");
      item.textContent = tieText(edge);
      items.append(item);
    });
    details.append(items);
  }

  // Highlights an actor; `remember` (keyboard focus: a selection) also puts it in the URL.
  function focusNode(id, remember) {
    cy.elements().removeClass("focused faded");
    const node = cy.getElementById(id);
    if (node.empty()) return;
    node.addClass("focused");
    cy.elements().not(node.closedNeighborhood()).addClass("faded");
    showDetails(node);
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
      const next = links[Math.max(0, Math.min(links.length - 1, moves[event.key]))];
      next.focus();
    });
  });

  cy.on("tap", "node", (event) => {
    const link = linkOf(event.target.id());
    const href = link ? link.href : event.target.data("href");
    if (href) window.location.href = href; // none for an IRI the server would not link
  });
  cy.on("mouseover", "node", (event) => focusNode(event.target.id(), false));
  cy.on("mouseover", "edge", (event) => {
    event.target.addClass("hover");
    tip.textContent = tieText(event.target);
    const box = event.renderedPosition;
    tip.style.left = box.x + 12 + "px";
    tip.style.top = box.y + 12 + "px";
    tip.hidden = false;
  });
  cy.on("mouseout", "edge", (event) => { event.target.removeClass("hover"); tip.hidden = true; });

  document.getElementById("download-png").addEventListener("click", () => {
    const blob = cy.png({ output: "blob", full: true, scale: 2, bg: "#ffffff" });
    const link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = text.png + ".png";
    document.body.append(link);
    link.click();
    link.remove();
  });

  // Filters apply as soon as they change (the Show button does the same without script).
  document.querySelectorAll(".network-filters select, .network-filters input").forEach((control) => {
    control.addEventListener("change", () => control.form.requestSubmit());
  });

  const selected = doc.drawing.selected;  // ?selected= (or ?focus=) as the server read it
  cy.ready(() => {
    if (selected) {
      const node = cy.getElementById(selected);
      if (node.nonempty()) {
        node.addClass("focused");
        cy.elements().not(node.closedNeighborhood()).addClass("faded");
        showDetails(node);
        links.forEach((a) => { a.tabIndex = a.dataset.node === selected ? 0 : -1; });
      }
    }
    // The first draw: what bench/bench_pages.py reads.
    requestAnimationFrame(() => {
      performance.mark("network-drawn");
      document.body.dataset.networkReady = "1";
    });
  });
})();
