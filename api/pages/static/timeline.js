// The timeline (/timeline): places the years, ticks and bars on the axis from their
// data-left and data-width (percent of the axis). Set here, through the style object, because
// the Content-Security-Policy refuses style attributes in the page's HTML.
"use strict";
for (const element of document.querySelectorAll(".timeline [data-left]")) {
  element.style.left = element.dataset.left + "%";
  if (element.dataset.width !== undefined) {
    element.style.width = element.dataset.width + "%";
  }
}
