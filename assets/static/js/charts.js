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
    option = withDefaultMedia(option);
    var chart = echarts.init(el, 'tonedesk-light', { renderer: 'canvas' });
    chart.on('finished', function () {
      el.setAttribute('data-chart-ready', 'true');
    });
    chart.setOption(option);
    drawn.push(chart);
  }

  // withDefaultMedia turns an option with media rules (the narrow layout)
  // into ECharts' baseOption form with a default rule that restores what
  // the rules change. ECharts merges a matching rule into the chart but
  // does not undo it when the rule stops matching: a page made narrow once
  // (a turned phone, a print preview, a screenshot) would keep the narrow
  // titles and labels after it is wide again. The default rule, which
  // ECharts applies when no other matches, holds the base option's values
  // at every path a rule sets; a label turned by a rule and unturned in the
  // base gets rotate 0.
  function withDefaultMedia(option) {
    if (!Array.isArray(option.media) || option.media.length === 0) {
      return option;
    }
    var base = {};
    Object.keys(option).forEach(function (k) {
      if (k !== 'media') {
        base[k] = option[k];
      }
    });
    var restore = {};
    option.media.forEach(function (rule) {
      pick(base, rule.option, restore);
    });
    return { baseOption: base, media: [{ option: restore }].concat(option.media) };
  }

  var neutral = { rotate: 0 };

  // pick copies into out the values of src at the paths shape has.
  function pick(src, shape, out) {
    Object.keys(shape).forEach(function (k) {
      var s = shape[k];
      var v = src == null ? undefined : src[k];
      if (Array.isArray(s)) {
        var list = Array.isArray(v) ? v : [v];
        out[k] = out[k] || [];
        s.forEach(function (item, i) {
          out[k][i] = out[k][i] || {};
          pick(list[i], item, out[k][i]);
        });
      } else if (s !== null && typeof s === 'object' && !Array.isArray(v) && v !== null && typeof v === 'object') {
        out[k] = out[k] || {};
        pick(v, s, out[k]);
      } else if (v !== undefined) {
        out[k] = JSON.parse(JSON.stringify(v));
      } else if (k in neutral) {
        out[k] = neutral[k];
      }
    });
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
