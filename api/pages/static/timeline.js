// The timeline (/timeline): places the years, ticks and bars on the axis from their
// data-left and data-width (percent of the axis). Set here, through the style object, because
// the Content-Security-Policy refuses style attributes in the page's HTML.
// The "active in year" select filters the rows at once, without a new request (the server
// marks the same rows hidden for ?year=, so the page works without this script too): the
// count, the address and the download links follow.
"use strict";
for (const element of document.querySelectorAll(".timeline [data-left]")) {
  element.style.left = element.dataset.left + "%";
  if (element.dataset.width !== undefined) {
    element.style.width = element.dataset.width + "%";
  }
}

function activeIn(row, year) {
  if (!year || row.dataset.ongoing === "true") return true;
  const first = row.dataset.firstYear, last = row.dataset.lastYear;
  if (!first) return false;
  return Number(first) <= year && (!last || Number(last) >= year);
}

function withYear(href, year) {
  const url = new URL(href, window.location.href);
  if (year) url.searchParams.set("year", String(year));
  else url.searchParams.delete("year");
  return url.pathname + url.search + url.hash;
}

const yearSelect = document.getElementById("t-year");
if (yearSelect) {
  yearSelect.addEventListener("change", () => {
    const year = yearSelect.value ? Number(yearSelect.value) : null;
    let shown = 0;
    for (const row of document.querySelectorAll(".timeline .row")) {
      const active = activeIn(row, year);
      row.hidden = !active;
      const number = row.id.slice("action-".length);
      const tableRow = document.querySelector(`#timeline-table tr[data-action="${CSS.escape(number)}"]`);
      if (tableRow) tableRow.hidden = !active;
      if (active) shown += 1;
    }
    document.getElementById("timeline-shown").textContent = String(shown);
    document.getElementById("timeline-year").textContent = year ? String(year) : "";
    document.getElementById("timeline-year-note").hidden = !year;
    for (const link of document.querySelectorAll("#timeline-downloads a, link[rel=alternate], a.language")) {
      link.setAttribute("href", withYear(link.getAttribute("href"), year));
    }
    window.history.replaceState(null, "", withYear(window.location.href, year));
  });
}
