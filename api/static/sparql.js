// The SPARQL editor (YASGUI) on /sparql, set up to talk to this server only:
// - the endpoint is this server's /sparql, and the endpoint list holds nothing else;
// - no autocompleter asks the web (Linked Open Vocabularies, prefix.cc): prefixes come from
//   YASGUI's bundled list, variables from the query;
// - ?edit=QUERY (config.fromUrl) opens the editor on QUERY; the examples select loads a query
//   of the library with its default values written in.
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

  document.getElementById("examples").addEventListener("submit", function (event) {
    event.preventDefault();
    const name = document.getElementById("example").value;
    const example = examples.find((item) => item.name === name);
    if (example) {
      show(example.sparql);
      const url = new URL(window.location.href);
      url.searchParams.set("edit", example.sparql);
      window.history.replaceState(null, "", url);  // the URL is a permalink of the editor
    }
  });
})();
