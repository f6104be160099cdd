// The moderation queue's keyboard: j/k move between comments, a approves
// and r rejects the current one (its row's buttons, so the form and its
// CSRF token do the work), x ticks it for a bulk action. Keys typed into a
// menu or a field are left alone.
(function () {
  'use strict';
  var items = Array.prototype.slice.call(document.querySelectorAll('.queue-item'));
  if (!items.length) { return; }
  var current = 0;
  function select(i) {
    items[current].classList.remove('is-current');
    current = Math.max(0, Math.min(items.length - 1, i));
    var el = items[current];
    el.classList.add('is-current');
    el.focus({preventScroll: true});
    el.scrollIntoView({block: 'nearest'});
  }
  function click(selector) {
    var b = items[current].querySelector(selector);
    if (b) { b.click(); }
  }
  items.forEach(function (el, i) {
    el.addEventListener('click', function () { if (current !== i) { select(i); } });
  });
  document.addEventListener('keydown', function (e) {
    if (e.altKey || e.ctrlKey || e.metaKey) { return; }
    var t = e.target && e.target.tagName;
    if (t === 'SELECT' || t === 'TEXTAREA' || (t === 'INPUT' && e.target.type !== 'checkbox')) { return; }
    switch (e.key) {
      case 'j': select(current + 1); break;
      case 'k': select(current - 1); break;
      case 'a': click('button.approve'); break;
      case 'r': click('button.reject'); break;
      case 'x': click('input[type="checkbox"]'); break;
      default: return;
    }
    e.preventDefault();
  });
  select(0);
})();
