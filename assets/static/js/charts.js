// charts.js draws the charts of a tonedesk page. Each chart is a
// <div data-chart-option="ID"> next to a <script type="application/json"
// id="ID"> that holds its ECharts option, written by the server as JSON (never
// as code), so that the page needs no inline script and user text in the
// option stays data. The charts are drawn in the theme "tonedesk-light"
// (js/themes.js, made from the themes of the chart images) once the chart
// font is loaded, so that the canvas measures and draws the text in it.
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
    var chart = echarts.init(el, 'tonedesk-light', { renderer: 'canvas' });
    chart.on('finished', function () {
      el.setAttribute('data-chart-ready', 'true');
    });
    chart.setOption(option);
    drawn.push(chart);
  }

  function drawAll() {
    document.querySelectorAll('[data-chart-option]').forEach(draw);
  }

  // A canvas does not wait for a web font: load both weights first. A font
  // that fails to load leaves the fallback (Arial, same metrics).
  if (document.fonts && document.fonts.load) {
    Promise.all([
      document.fonts.load('13px "Liberation Sans"'),
      document.fonts.load('bold 18px "Liberation Sans"')
    ]).then(drawAll, drawAll);
  } else {
    drawAll();
  }

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
