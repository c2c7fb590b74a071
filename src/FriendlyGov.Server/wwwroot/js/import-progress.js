// The import page's progress bar: reads the run's progress once a second and reloads the page
// when the check or the write has finished. Served by the app (no inline scripts, no CDN).
(function () {
  'use strict';
  var box = document.querySelector('[data-progress-url]');
  if (!box) return;
  var bar = box.querySelector('progress');
  var text = box.querySelector('[data-progress-text]');
  var state = box.getAttribute('data-state');
  var template = text ? text.getAttribute('data-template') : '';
  function poll() {
    fetch(box.getAttribute('data-progress-url'), { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
      .then(function (p) {
        if (p.state !== state) { window.location.reload(); return; }
        if (p.total > 0) {
          bar.max = p.total;
          bar.value = p.done;
          if (text) text.textContent = template.replace('{done}', p.done.toLocaleString('vi-VN')).replace('{total}', p.total.toLocaleString('vi-VN'));
        }
        window.setTimeout(poll, 1000);
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 500);
})();
