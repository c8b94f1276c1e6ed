// factline pages work without this script; it only adds conveniences.
(function () {
  "use strict";
  // Date pickers marked data-autosubmit submit their form when a full date is chosen.
  document.querySelectorAll("input[data-autosubmit]").forEach(function (input) {
    input.addEventListener("change", function () {
      if (input.form && (input.value === "" || /^\d{4}-\d{2}-\d{2}$/.test(input.value))) {
        input.form.submit();
      }
    });
  });
  // Chart points: reachable by keyboard, with their description announced on focus.
  document.querySelectorAll("svg.chart circle.pt").forEach(function (pt) {
    var t = pt.querySelector("title");
    pt.setAttribute("tabindex", "0");
    if (t) { pt.setAttribute("aria-label", t.textContent); }
  });
  // Following a link to a highlighted fact briefly outlines it.
  function flash() {
    var id = decodeURIComponent(location.hash.slice(1));
    if (!id) { return; }
    var anchor = document.getElementById(id);
    var mark = anchor && anchor.nextElementSibling;
    while (mark && mark.tagName !== "MARK") { mark = mark.nextElementSibling; }
    if (mark) {
      mark.style.outline = "3px solid #f0b400";
      setTimeout(function () { mark.style.outline = ""; }, 1800);
    }
  }
  window.addEventListener("hashchange", flash);
  flash();
})();
