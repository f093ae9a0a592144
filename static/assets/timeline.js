// Timeline filter, an enhancement: the filter links work without JavaScript (one page per
// domain); with it, a click filters in place and the address follows.
(function () {
  var root = document.querySelector(".timeline");
  var links = document.querySelectorAll(".filters a[data-filter]");
  if (!root || !links.length || !window.history || !history.pushState) return;
  function apply(key) {
    root.querySelectorAll(".tl-item").forEach(function (li) {
      li.hidden = key !== "" && li.getAttribute("data-domain") !== key;
    });
    root.querySelectorAll(".tl-year").forEach(function (sec) {
      sec.hidden = !sec.querySelector(".tl-item:not([hidden])");
    });
    links.forEach(function (a) {
      if (a.getAttribute("data-filter") === key) a.setAttribute("aria-current", "page");
      else a.removeAttribute("aria-current");
    });
  }
  // Only the timeline of all domains (whole, or one year of it) holds every item of what it
  // shows; a domain's page, and the first page of a timeline split by year, keep their links.
  if (root.getAttribute("data-current") !== "" || root.hasAttribute("data-partial")) return;
  links.forEach(function (a) {
    a.addEventListener("click", function (e) {
      e.preventDefault();
      apply(a.getAttribute("data-filter"));
      history.replaceState(null, "", a.getAttribute("data-filter") ? "#" + a.getAttribute("data-filter") : location.pathname);
    });
  });
  var initial = location.hash.slice(1);
  if (initial && document.querySelector('.filters a[data-filter="' + initial + '"]')) apply(initial);
})();
