// The letter's print view: the print button opens the browser's print dialog (A4, see letter.css).
// Served by the app (no inline scripts, no CDN).
(function () {
  'use strict';
  var button = document.querySelector('[data-print]');
  if (button) button.addEventListener('click', function () { window.print(); });
})();
