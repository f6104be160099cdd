// charts.js draws the charts of a tonedesk page. Each chart is a
// <div data-chart-option="ID"> next to a <script type="application/json"
// id="ID"> that holds its ECharts option, written by the server as JSON (never
// as code), so that the page needs no inline script and user text in the
// option stays data.
(function () {
  'use strict';

  if (typeof echarts === 'undefined') {
    console.error('tonedesk: echarts.min.js did not load; charts are not drawn');
    return;
  }

  var reduceMotion = window.matchMedia &&
    window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  var drawn = [];

  function draw(el) {
    var src = document.getElementById(el.getAttribute('data-chart-option'));
    if (!src) {
      console.error('tonedesk: no option block for chart ' + el.id);
      return;
    }
    var option;
    try {
      option = JSON.parse(src.textContent);
    } catch (e) {
      console.error('tonedesk: bad option for chart ' + el.id + ': ' + e.message);
      return;
    }
    var height = parseInt(el.getAttribute('data-height'), 10);
    if (height > 0) {
      el.style.height = height + 'px';
    }
    if (reduceMotion) {
      option.animation = false;
    }
    var chart = echarts.init(el, null, { renderer: 'canvas' });
    chart.on('finished', function () {
      el.setAttribute('data-chart-ready', 'true');
    });
    chart.setOption(option);
    drawn.push(chart);
  }

  document.querySelectorAll('[data-chart-option]').forEach(draw);

  var pending = 0;
  window.addEventListener('resize', function () {
    if (pending) {
      return;
    }
    pending = window.requestAnimationFrame(function () {
      pending = 0;
      drawn.forEach(function (c) { c.resize(); });
    });
  });
})();
