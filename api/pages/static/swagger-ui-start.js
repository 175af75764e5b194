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
})();
