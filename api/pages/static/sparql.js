// The SPARQL editor (YASGUI) on /sparql, set up to talk to this server only:
// - the endpoint is this server's /sparql, and the endpoint list holds nothing else;
// - no autocompleter asks the web (Linked Open Vocabularies, prefix.cc): prefixes come from
//   YASGUI's bundled list, variables from the query;
// - ?edit=QUERY (config.fromUrl) opens the editor on QUERY; the examples select loads a query
//   of the library with its default values written in;
// - the address is the editor's permalink: ?edit= follows the query as edited (an example
//   loaded, then changed), so that YASGUI's share link, which is built from the address, and
//   a reload open the query in the editor, not the one the page was opened on.
(function () {
  "use strict";
  const config = JSON.parse(document.getElementById("editor-config").textContent);
  const examples = JSON.parse(document.getElementById("editor-examples").textContent);
  const endpoint = new URL(config.endpoint, window.location.href).href;

  Yasgui.Yasqe.defaults.autocompleters = ["prefixes", "variables"];
  Yasgui.Yasqe.defaults.prefixCcApi = null;
  Yasgui.Yasqe.defaults.value = config.query;
  Yasgui.Yasr.defaults.prefixes = config.prefixes;

  const yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    endpointCatalogueOptions: { getData: () => [{ endpoint: endpoint }] },
    copyEndpointOnNewTab: true,
    populateFromUrl: false,
    persistenceId: "actieplan-sparql",
  });

  // YASGUI's markup misses a few accessibility basics (axe-core: critical "label",
  // "select-name" and "aria-required-children", serious "scrollable-region-focusable"): the
  // query field and the results' page-size select get a name, the "add tab" button inside
  // the tab list the role of a tab, the scrolling editor a tab stop. YASGUI redraws parts of
  // itself (tabs, results), so this runs again after every change of its markup.
  const names = {
    "#yasgui .CodeMirror textarea": config.fieldLabel,
    "#yasgui select.tableSizer": config.pageSizeLabel,
    "#yasgui .tabsList input[type=text]": config.tabNameLabel,
  };
  function repairAccessibility() {
    document.querySelectorAll("#yasgui .tabsList button").forEach(function (button) {
      button.setAttribute("role", "tab");
      button.setAttribute("aria-selected", "false");
    });
    Object.keys(names).forEach(function (selector) {
      document.querySelectorAll(selector).forEach(function (control) {
        if (control.getAttribute("aria-label") !== names[selector]) {
          control.setAttribute("aria-label", names[selector]);
        }
      });
    });
    document.querySelectorAll("#yasgui .CodeMirror-scroll").forEach(function (area) {
      area.setAttribute("tabindex", "0");
    });
  }
  let repairPending = false;
  new MutationObserver(function () {
    if (!repairPending) {
      repairPending = true;
      window.requestAnimationFrame(function () {
        repairPending = false;
        repairAccessibility();
      });
    }
  }).observe(document.getElementById("yasgui"), { childList: true, subtree: true });

  function show(query) {
    const tab = yasgui.getTab();
    tab.setEndpoint(endpoint);
    tab.setQuery(query);
  }

  // The editor's state may come back from localStorage: the URL's query wins, and the
  // endpoint is always this server's.
  if (config.fromUrl) {
    show(config.query);
  } else {
    yasgui.getTab().setEndpoint(endpoint);
  }

  repairAccessibility();

  // ?edit= of the address set to the query in the editor (nothing done when it holds it).
  function keepAddress() {
    const query = yasgui.getTab().getQuery();
    const url = new URL(window.location.href);
    if (url.searchParams.get("edit") !== query) {
      url.searchParams.set("edit", query);
      window.history.replaceState(null, "", url);
    }
  }
  // While the query is typed: once typing pauses. Each tab's editor is followed once.
  let addressTimer = null;
  const followed = new WeakSet();
  function followEditor() {
    const yasqe = yasgui.getTab().getYasqe();
    if (yasqe && !followed.has(yasqe)) {
      followed.add(yasqe);
      yasqe.on("change", function () {
        window.clearTimeout(addressTimer);
        addressTimer = window.setTimeout(keepAddress, 250);
      });
    }
  }
  followEditor();
  yasgui.on("tabSelect", function () {
    window.setTimeout(function () {
      followEditor();
      keepAddress();
    }, 0);
  });
  // And always just before YASGUI builds its share link (capture: before its own listener).
  ["click", "keydown"].forEach(function (kind) {
    document.addEventListener(
      kind,
      function (event) {
        if (event.target instanceof Element && event.target.closest(".yasqe_share")) {
          window.clearTimeout(addressTimer);
          keepAddress();
        }
      },
      true
    );
  });

  document.getElementById("examples").addEventListener("submit", function (event) {
    event.preventDefault();
    const name = document.getElementById("example").value;
    const example = examples.find((item) => item.name === name);
    if (example) {
      show(example.sparql);
      keepAddress();  // the URL is a permalink of the editor
    }
  });
})();
