// The print buttons of the letter (A4, see letter.css) and of the scorecard (A4, admin.css's print rules):
// a [data-print] button opens the browser's print dialog, where the PDF can be saved too.
// While printing, every folded section (<details>) is open, so that the paper holds all of the page:
// for browsers without the print rule on ::details-content, and for Ctrl+P as for the button.
// Served by the app (no inline scripts, no CDN).
(function () {
  'use strict';
  var button = document.querySelector('[data-print]');
  if (button) button.addEventListener('click', function () { window.print(); });
  var opened = [];
  window.addEventListener('beforeprint', function () {
    opened = Array.prototype.filter.call(document.querySelectorAll('details:not([open])'), function (d) { d.open = true; return true; });
  });
  window.addEventListener('afterprint', function () {
    opened.forEach(function (d) { d.open = false; });
    opened = [];
  });
})();
