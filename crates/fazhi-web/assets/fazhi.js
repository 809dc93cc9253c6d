// fazhi web: the page's one behaviour of its own (htmx does the rest); no inline script.
document.addEventListener("click", function (event) {
  var button = event.target.closest && event.target.closest("[data-print]");
  if (button) {
    event.preventDefault();
    window.print();
  }
});
