// /redoc: starts the vendored ReDoc with the settings the page names (#redoc-settings,
// api/pages/api_docs.py): the OpenAPI document.
"use strict";
(function () {
  // ReDoc 2.5.4 always draws its maker's logo from https://cdn.redoc.ly/ (in the sidebar's
  // "API docs by Redocly" link): point every image source there at the local icon.
  const local = (value) =>
    String(value).startsWith("https://cdn.redoc.ly/") ? "/static/favicon.svg" : value;
  const src = Object.getOwnPropertyDescriptor(HTMLImageElement.prototype, "src");
  Object.defineProperty(HTMLImageElement.prototype, "src", {
    get() { return src.get.call(this); },
    set(value) { src.set.call(this, local(value)); },
  });
  const setAttribute = Element.prototype.setAttribute;
  Element.prototype.setAttribute = function (name, value) {
    const image = this.tagName === "IMG" && name === "src";
    return setAttribute.call(this, name, image ? local(value) : value);
  };

  const settings = JSON.parse(document.getElementById("redoc-settings").textContent);
  Redoc.init(settings.specUrl, {}, document.getElementById("redoc"));
})();
