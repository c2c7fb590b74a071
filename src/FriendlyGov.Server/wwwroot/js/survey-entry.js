// Fast keyboard entry of paper survey forms: a score box moves on to the next field once a digit
// 1–5 is typed; C (có) or K (không), typed in a score box or on the answers, picks the overall answer; Enter in
// a box saves the form. Without this script the form works the same with Tab. Served by the app.
(function () {
  'use strict';
  var form = document.querySelector('form.survey-entry');
  if (!form) return;
  var scores = Array.prototype.slice.call(form.querySelectorAll('[data-score]'));
  var answers = form.querySelectorAll('[data-answer]');
  scores.forEach(function (box, i) {
    box.addEventListener('input', function () {
      if (/^[1-5]$/.test(box.value)) {
        var next = scores[i + 1] || answers[0];
        if (next) next.focus();
      }
    });
  });
  form.addEventListener('keydown', function (e) {
    var t = e.target;
    if (!t || !(t.hasAttribute('data-score') || t.hasAttribute('data-answer'))) return;
    var key = (e.key || '').toLowerCase();
    for (var i = 0; i < answers.length; i++) {
      if (answers[i].getAttribute('data-answer') === key && !e.ctrlKey && !e.altKey && !e.metaKey) {
        e.preventDefault();
        answers[i].checked = true;
        answers[i].focus();
        return;
      }
    }
  });
})();
