package render

import (
	"encoding/json"
	"fmt"

	"github.com/dop251/goja"
)

// preludeJS runs before echarts.min.js in every runtime: the few browser
// globals that ECharts touches when it renders on a server. console discards
// (ECharts' production build logs nothing useful to us), and setTimeout never
// fires: with ssr: true and no animation ECharts draws synchronously, and a
// timer left over from one chart must not run in the next.
const preludeJS = `
var console = { log: function () {}, info: function () {}, warn: function () {},
	error: function () {}, debug: function () {} };
var setTimeout = function () { return 0; };
var clearTimeout = function () {};
var setInterval = function () { return 0; };
var clearInterval = function () {};
`

// bootstrapJS runs after echarts.min.js: it gives ECharts our text
// measurement, registers the themes and defines the render function.
//
// The option arrives as a JSON string and is parsed with JSON.parse: it is
// data and never evaluated as code.
//
// The SVG is not taken from renderToSVGString: ECharts 5.6 escapes the text
// of elements but writes attribute values as they are, so a quote in a font
// name or a colour string ends the attribute (and breaks the XML). Instead
// the render function takes the painter's virtual DOM (what
// renderToSVGString serializes) and serializes it itself, escaping every
// attribute value and text, dropping the characters XML 1.0 forbids, and
// keeping only attribute names and tags that are plain names. Animation and
// hover styles are left out: an image is one frame. So are ECharts' ecmeta_*
// attributes (hydration data for its own client), and the ids it makes
// ("zr3-c0": the number counts the charts the runtime drew) are renamed
// ("td-c0"), so that one option always gives the same bytes, whichever
// runtime of the pool draws it: golden files and ETags stay stable.
const bootstrapJS = `
(function () {
	'use strict';
	var measure = __tonedeskMeasure;
	echarts.setPlatformAPI({
		measureText: function (text, font) {
			return { width: measure(text == null ? '' : String(text), font == null ? '' : String(font)) };
		}
	});
	var themes = JSON.parse(__tonedeskThemes);
	for (var name in themes) {
		echarts.registerTheme(name, themes[name]);
	}

	var NAME = /^[A-Za-z_][-A-Za-z0-9_.:]*$/;
	var ZRID = /\bzr\d+-/g;
	var FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
	var SPECIAL = /[&<>"']/g;
	var ENTITY = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
	function entity(c) { return ENTITY[c]; }
	function escape(v) {
		return String(v).replace(FORBIDDEN, '').replace(SPECIAL, entity);
	}
	function serialize(node, out) {
		var tag = node.tag;
		if (!NAME.test(tag)) {
			return;
		}
		out.push('<', tag);
		var attrs = node.attrs;
		for (var key in attrs) {
			var v = attrs[key];
			if (v === false || v == null || !NAME.test(key) || key.indexOf('ecmeta_') === 0) {
				continue;
			}
			if (typeof v === 'string') {
				v = v.replace(ZRID, 'td-');
			}
			out.push(' ', key, '="', escape(v), '"');
		}
		out.push('>');
		if (node.text != null) {
			out.push(escape(node.text));
		}
		var children = node.children;
		if (children && children.length) {
			out.push('\n');
			for (var i = 0; i < children.length; i++) {
				serialize(children[i], out);
				out.push('\n');
			}
		}
		out.push('</', tag, '>');
	}

	globalThis.__tonedeskRender = function (optionJSON, theme, width, height) {
		var option = JSON.parse(optionJSON);
		if (option === null || typeof option !== 'object' || Array.isArray(option)) {
			throw new TypeError('the option is not a JSON object');
		}
		option.animation = false;
		var chart = echarts.init(null, theme, { renderer: 'svg', ssr: true, width: width, height: height });
		try {
			chart.setOption(option);
			var root = chart.getZr().painter.renderToVNode({
				animation: false, emphasis: false, willUpdate: false, compress: true, useViewBox: true
			});
			var out = [];
			serialize(root, out);
			return out.join('');
		} finally {
			chart.dispose();
		}
	};
	delete globalThis.__tonedeskMeasure;
	delete globalThis.__tonedeskThemes;
})();
`

// programs are the compiled scripts every runtime runs, compiled once and
// shared: goja programs are immutable and safe to run in many runtimes.
type programs struct {
	prelude, echarts, bootstrap *goja.Program
	themes                      string // JSON object: registered name → theme
}

// compilePrograms compiles the prelude, ECharts and the bootstrap.
func compilePrograms(echartsJS string) (*programs, error) {
	p := &programs{}
	var err error
	if p.prelude, err = goja.Compile("prelude.js", preludeJS, false); err != nil {
		return nil, fmt.Errorf("compile prelude: %w", err)
	}
	if p.echarts, err = goja.Compile("echarts.min.js", echartsJS, false); err != nil {
		return nil, fmt.Errorf("compile echarts.min.js: %w", err)
	}
	if p.bootstrap, err = goja.Compile("bootstrap.js", bootstrapJS, true); err != nil {
		return nil, fmt.Errorf("compile bootstrap: %w", err)
	}
	themes := map[string]any{}
	for _, name := range Themes() {
		themes[ThemePrefix+name] = themeObject(name)
	}
	b, err := json.Marshal(themes)
	if err != nil {
		return nil, fmt.Errorf("themes: %w", err)
	}
	p.themes = string(b)
	return p, nil
}

// jsRuntime is one goja runtime with ECharts loaded. It is used by one
// goroutine at a time: the pool hands it out.
type jsRuntime struct {
	vm     *goja.Runtime
	render goja.Callable
}

// newJSRuntime creates a runtime and runs the programs in it.
func newJSRuntime(p *programs, fs *fonts) (*jsRuntime, error) {
	vm := goja.New()
	measure := func(call goja.FunctionCall) goja.Value {
		return vm.ToValue(fs.measure(call.Argument(0).String(), call.Argument(1).String()))
	}
	if err := vm.Set("__tonedeskMeasure", measure); err != nil {
		return nil, err
	}
	if err := vm.Set("__tonedeskThemes", p.themes); err != nil {
		return nil, err
	}
	for _, prog := range []*goja.Program{p.prelude, p.echarts, p.bootstrap} {
		if _, err := vm.RunProgram(prog); err != nil {
			return nil, fmt.Errorf("load %s: %w", programName(prog, p), err)
		}
	}
	render, ok := goja.AssertFunction(vm.Get("__tonedeskRender"))
	if !ok {
		return nil, fmt.Errorf("bootstrap defined no render function")
	}
	return &jsRuntime{vm: vm, render: render}, nil
}

func programName(prog *goja.Program, p *programs) string {
	switch prog {
	case p.prelude:
		return "prelude"
	case p.echarts:
		return "echarts.min.js"
	}
	return "bootstrap"
}

// svg renders option (a JSON object) at width×height in the registered theme
// and returns the SVG document.
func (rt *jsRuntime) svg(option []byte, theme string, width, height int) (string, error) {
	v, err := rt.render(goja.Undefined(),
		rt.vm.ToValue(string(option)), rt.vm.ToValue(theme), rt.vm.ToValue(width), rt.vm.ToValue(height))
	if err != nil {
		return "", err
	}
	s, ok := v.Export().(string)
	if !ok {
		return "", fmt.Errorf("ECharts returned %T, not a string", v.Export())
	}
	return s, nil
}
