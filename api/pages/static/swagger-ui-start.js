// /docs: starts the vendored Swagger UI with the settings the page names
// (#swagger-settings, api/pages/api_docs.py).
"use strict";
(function () {
  const settings = JSON.parse(document.getElementById("swagger-settings").textContent);
  const { oauth2RedirectPath, ...options } = settings;
  window.ui = SwaggerUIBundle({
    ...options,
    oauth2RedirectUrl: window.location.origin + oauth2RedirectPath,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset],
  });
  // Swagger UI draws a yes/no parameter as a <select> without a name for screen readers:
  // each such select is named after its parameter's row once it is drawn.
  new MutationObserver(function () {
    document.querySelectorAll(".parameters select:not([aria-label])").forEach(function (select) {
      const name = select.closest("tr") && select.closest("tr").querySelector(".parameter__name");
      if (name) select.setAttribute("aria-label", name.firstChild.textContent.trim());
    });
  }).observe(document.body, { childList: true, subtree: true });
})();
