// article.js highlights every piece of the quoted statement the address
// points at (#quote-ID). CSS's :target reaches only the first piece, the
// <mark> with the id; a statement that runs over a paragraph break or
// overlaps another has more. Without this script the first piece is still
// highlighted.
(function () {
  'use strict';

  function highlight() {
    document.querySelectorAll('mark.is-target').forEach(function (m) {
      m.classList.remove('is-target');
    });
    var id = decodeURIComponent(location.hash.slice(1));
    if (!/^quote-\d+$/.test(id)) {
      return;
    }
    var target = document.getElementById(id);
    if (!target || target.tagName !== 'MARK') {
      return;
    }
    var quote = target.getAttribute('data-quote');
    document.querySelectorAll('mark[data-quote="' + quote + '"]').forEach(function (m) {
      m.classList.add('is-target');
    });
  }

  window.addEventListener('hashchange', highlight);
  highlight();
})();
