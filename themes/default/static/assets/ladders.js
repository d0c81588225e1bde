// The ladder picker (generator/ladders_picker.go): two levels, of one
// role or of two, compared competency by competency. The build writes
// the data as scripts, which a page opened from file:// may load where
// it may not fetch: assets/ladders/index.js, loaded with the page, sets
// HB_LADDERS, every role's levels and pay bands; a role's own script,
// loaded by adding a script element the first time the role is picked,
// hands HB_LADDER_TEXT its competencies and what each level expects, as
// HTML made by the build. The choice is kept in the page's address
// (#a=pm/senior&b=tpm/mid), so that the address shares it. Without this
// script the page lists the ladders, which show every level side by side.
(function () {
  "use strict";

  var texts = {}; // a role's competencies, by role id, once its script has run
  var waiting = {}; // callbacks by role id, while its script loads

  window.HB_LADDER_TEXT = function (role, data) {
    texts[role] = data;
  };

  // ExampleMark in generator/compare/render.go: a band that is the
  // handbook's own example, not a sourced figure.
  var EXAMPLE = '<sup class="cite example"><span class="sr-only">This handbook\'s own </span>example</sup>';

  var ESC = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" };
  function esc(s) {
    return String(s).replace(/[&<>"]/g, function (c) { return ESC[c]; });
  }

  function mark(name) {
    if (window.performance && performance.mark) performance.mark(name);
  }
  function measure(name, from, to) {
    if (window.performance && performance.measure) {
      try { performance.measure(name, from, to); } catch (e) { /* a mark was cleared */ }
    }
  }

  // roles decodes index.js: see pickerIndex in generator/ladders_picker.go,
  // which also says how the URLs of a role's pages and script are made.
  function roles(data) {
    return data.r.map(function (r) {
      var dir = r[2];
      return {
        id: r[0], name: r[1], ladder: dir + "index.html", script: data.s + r[0] + ".js",
        levels: r[3].map(function (l) {
          return {
            id: l[0], title: l[1], grade: l[2], url: dir + l[0] + "/index.html",
            bands: l[3].map(function (b) { return { zone: data.z[b[0]], band: b[1], example: b[2] === 1 }; })
          };
        })
      };
    });
  }

  // levelTitle is levelTitle in generator/compare/ladder.go.
  function levelTitle(lv) {
    return lv.grade && lv.title.indexOf(lv.grade) < 0 ? lv.title + " (" + lv.grade + ")" : lv.title;
  }

  // load loads a role's script, once, and calls done with whether it ran.
  function load(role, done) {
    if (texts[role.id]) {
      done(true);
      return;
    }
    if (!waiting[role.id]) {
      waiting[role.id] = [];
      var s = document.createElement("script");
      s.src = role.script;
      s.onload = s.onerror = function () {
        var then = waiting[role.id];
        delete waiting[role.id];
        s.remove();
        then.forEach(function (f) { f(!!texts[role.id]); });
      };
      document.head.appendChild(s);
    }
    waiting[role.id].push(done);
  }

  // cell is what a level effectively expects in a competency: its HTML,
  // or null when it is not yet expected, and the level it is written at
  // when that is an earlier one (a level written as same).
  function cell(comp, i) {
    var c = comp[3][i];
    if (typeof c === "number") return { html: comp[3][c], from: c };
    return { html: c, from: -1 };
  }

  function cellHTML(side, comp) {
    if (!comp) return '<span class="picker-missing" aria-hidden="true">—</span><span class="sr-only">Not in this ladder</span>';
    var c = cell(comp, side.index);
    if (c.html === null) return '<span class="na">Not yet expected</span>';
    var out = c.html;
    if (c.from >= 0) out += '<span class="inherited">as ' + esc(side.role.levels[c.from].title) + "</span>";
    return out;
  }

  // rows is one row per competency of either ladder, by id: the first
  // ladder's in its order, then those only the second has, grouped by
  // area in the order the areas first appear.
  function rows(a, b) {
    var ta = texts[a.role.id], tb = texts[b.role.id];
    var inB = {};
    tb.c.forEach(function (c) { inB[c[0]] = c; });
    var list = [], seen = {};
    ta.c.forEach(function (c) {
      seen[c[0]] = true;
      list.push({ id: c[0], name: c[1], area: ta.a[c[2]], a: c, b: inB[c[0]] || null });
    });
    tb.c.forEach(function (c) {
      if (!seen[c[0]]) list.push({ id: c[0], name: c[1], area: tb.a[c[2]], a: null, b: c });
    });
    var areas = [], byArea = {};
    list.forEach(function (r) {
      if (!byArea[r.area]) {
        byArea[r.area] = [];
        areas.push(r.area);
      }
      byArea[r.area].push(r);
    });
    return areas.map(function (area) { return { area: area, rows: byArea[area] }; });
  }

  // differs says whether two sides expect different things: the same
  // judgement as Diff in generator/compare/ladder_diff.go, where neither
  // expecting a competency is no difference.
  function differs(a, b, ra, rb) {
    var ha = ra ? cell(ra, a.index).html : null;
    var hb = rb ? cell(rb, b.index).html : null;
    return ha !== hb;
  }

  function sideHead(tag, side) {
    return '<th scope="col"><span class="picker-tag" aria-hidden="true">' + tag + "</span>" +
      '<a href="' + esc(side.level.url) + '">' + esc(levelTitle(side.level)) + "</a>" +
      '<span class="picker-role">' + esc(side.role.name) + "</span></th>";
  }

  // cells are a row's cells after its heading: the two sides, labelled
  // for the stacked layout of a narrow screen, and whether they differ.
  function cells(a, b, ha, hb, d) {
    return '<td data-side="a" data-label="A: ' + esc(levelTitle(a.level)) + '">' + ha + "</td>" +
      '<td data-side="b" data-label="B: ' + esc(levelTitle(b.level)) + '">' + hb + "</td>" +
      '<td class="picker-diff">' + (d ? "Differs" : "Same") + "</td>";
  }

  function tableHTML(a, b) {
    var groups = rows(a, b), n = 0, diff = 0;
    var body = "";
    groups.forEach(function (g) {
      body += '<tbody><tr class="group-row"><th scope="colgroup" colspan="4">' + esc(g.area) + "</th></tr>";
      g.rows.forEach(function (r) {
        var d = differs(a, b, r.a, r.b);
        n++;
        if (d) diff++;
        body += "<tr" + (d ? ' class="differs"' : "") + ' data-competency="' + esc(r.id) + '"><th scope="row">' + esc(r.name) + "</th>" +
          cells(a, b, cellHTML(a, r.a), cellHTML(b, r.b), d) + "</tr>";
      });
      body += "</tbody>";
    });
    var zones = [], ba = {}, bb = {};
    a.level.bands.forEach(function (x) { if (!(x.zone in ba)) zones.push(x.zone); ba[x.zone] = x; });
    b.level.bands.forEach(function (x) { if (!(x.zone in ba) && !(x.zone in bb)) zones.push(x.zone); bb[x.zone] = x; });
    if (zones.length) {
      body += '<tbody class="picker-pay"><tr class="group-row"><th scope="colgroup" colspan="4">Pay band</th></tr>';
      zones.forEach(function (z) {
        var va = ba[z], vb = bb[z], d = !va || !vb || va.band !== vb.band;
        var show = function (v) {
          if (!v) return '<span class="picker-missing" aria-hidden="true">—</span><span class="sr-only">No band</span>';
          return '<span class="num">' + esc(v.band) + "</span>" + (v.example ? EXAMPLE : "");
        };
        body += "<tr" + (d ? ' class="differs"' : "") + '><th scope="row">' + esc(z) + "</th>" +
          cells(a, b, show(va), show(vb), d) + "</tr>";
      });
      body += "</tbody>";
    }
    var title = levelTitle(a.level) + " and " + levelTitle(b.level);
    return '<p class="picker-summary">' +
      (diff === 0 ? "No competency differs" : diff + " of " + n + (n === 1 ? " competency differs" : " competencies differ")) + ".</p>" +
      '<div class="picker-scroll" role="region" aria-label="The comparison, scrolls sideways" tabindex="0">' +
      '<table class="picker-table"><caption>' + esc(title) + "</caption>" +
      '<thead><tr><th scope="col">Competency</th>' + sideHead("A", a) + sideHead("B", b) + '<th scope="col">Difference</th></tr></thead>' +
      body + "</table></div>" +
      '<p class="picker-ladders">The levels\' pages: <a href="' + esc(a.level.url) + '">' + esc(levelTitle(a.level)) + "</a>" +
      (b.level !== a.level ? ', <a href="' + esc(b.level.url) + '">' + esc(levelTitle(b.level)) + "</a>" : "") +
      '. The whole ladders: <a href="' + esc(a.role.ladder) + '">' + esc(a.role.name) + "</a>" +
      (b.role !== a.role ? ', <a href="' + esc(b.role.ladder) + '">' + esc(b.role.name) + "</a>" : "") + ".</p>";
  }

  function init() {
    var form = document.querySelector("[data-picker]");
    // In the print edition the page is one section of many: it shows
    // what a reader without JavaScript sees.
    if (!form || form.closest(".print-page")) return;
    var result = document.querySelector("[data-picker-result]");
    if (!window.HB_LADDERS || !result) {
      if (result) result.innerHTML = '<p class="picker-status">The levels did not load: open a ladder from the list above instead.</p>';
      return;
    }
    var all = roles(window.HB_LADDERS);
    var byID = {};
    all.forEach(function (r) { byID[r.id] = r; });
    var sel = {};
    ["a", "b"].forEach(function (side) {
      sel[side] = {
        role: form.querySelector('select[data-side="' + side + '"][data-part="role"]'),
        level: form.querySelector('select[data-side="' + side + '"][data-part="level"]')
      };
      all.forEach(function (r) { sel[side].role.add(new Option(r.name, r.id)); });
    });

    function fillLevels(side, levelID, keepIndex) {
      var role = byID[sel[side].role.value], s = sel[side].level;
      var at = -1;
      s.textContent = "";
      role.levels.forEach(function (lv, i) {
        s.add(new Option(levelTitle(lv), lv.id));
        if (lv.id === levelID) at = i;
      });
      if (at < 0) at = Math.min(Math.max(keepIndex, 0), role.levels.length - 1);
      s.selectedIndex = at;
    }

    function state(side) {
      var role = byID[sel[side].role.value];
      var i = sel[side].level.selectedIndex;
      return { role: role, level: role.levels[i], index: i };
    }

    function choose(side, role, level) {
      sel[side].role.value = role.id;
      fillLevels(side, level ? level.id : "", 0);
    }

    // parse reads a side from the address: "pm/senior".
    function parse(v) {
      if (!v) return null;
      var i = v.indexOf("/");
      var role = byID[i < 0 ? v : v.slice(0, i)];
      if (!role) return null;
      var level = null;
      role.levels.forEach(function (lv) { if (lv.id === v.slice(i + 1)) level = lv; });
      return i >= 0 && !level ? null : { role: role, level: level };
    }

    function address() {
      var a = state("a"), b = state("b");
      return "#a=" + a.role.id + "/" + a.level.id + "&b=" + b.role.id + "/" + b.level.id;
    }

    var shown = ""; // the address of the comparison shown or being loaded
    var note = "";

    // fromAddress sets the pickers from the page's address, or to the
    // first levels of the first two roles, and says whether it named
    // levels the handbook does not have.
    function fromAddress() {
      var params = new URLSearchParams(location.hash.replace(/^#/, ""));
      var a = parse(params.get("a")), b = parse(params.get("b"));
      var bad = (params.has("a") && !a) || (params.has("b") && !b);
      choose("a", a ? a.role : all[0], a && a.level);
      choose("b", b ? b.role : all[Math.min(1, all.length - 1)], b && b.level);
      if (!b && all.length === 1 && all[0].levels.length > 1) fillLevels("b", "", 1);
      note = bad ? "The link names a level this handbook does not have: showing others." : "";
      if (bad) shown = ""; // show the note, even over the same comparison
    }

    function update(write) {
      var a = state("a"), b = state("b");
      var want = address();
      if (write && location.hash !== want) {
        try {
          history.replaceState(history.state, "", want);
        } catch (e) {
          location.replace(want);
        }
      }
      if (want === shown) return;
      shown = want;
      mark("hb-picker-choice");
      result.setAttribute("aria-busy", "true");
      var left = 2, ok = true;
      var then = function (arrived) {
        ok = ok && arrived;
        if (--left > 0 || shown !== want) return; // a later choice replaced this one
        mark("hb-picker-loaded");
        measure("hb-picker-load", "hb-picker-choice", "hb-picker-loaded");
        mark("hb-picker-start");
        if (ok) {
          result.innerHTML = (note ? '<p class="picker-status">' + esc(note) + "</p>" : "") + tableHTML(a, b);
        } else {
          result.innerHTML = '<p class="picker-status">The expectations did not load: open ' +
            '<a href="' + esc(a.role.ladder) + '">' + esc(a.role.name) + ' ladder</a> or <a href="' + esc(b.role.ladder) + '">' + esc(b.role.name) + " ladder</a> instead.</p>";
          shown = "";
        }
        void result.offsetHeight; // lay it out, which is part of showing it
        result.removeAttribute("aria-busy");
        mark("hb-picker-end");
        measure("hb-picker", "hb-picker-start", "hb-picker-end");
        measure("hb-picker-total", "hb-picker-choice", "hb-picker-end");
        note = "";
      };
      load(a.role, then);
      load(b.role, then);
    }

    ["a", "b"].forEach(function (side) {
      sel[side].role.addEventListener("change", function () {
        fillLevels(side, sel[side].level.value, sel[side].level.selectedIndex);
        update(true);
      });
      sel[side].level.addEventListener("change", function () { update(true); });
    });
    window.addEventListener("hashchange", function () {
      if (location.hash === shown) return;
      fromAddress();
      update(false);
    });

    fromAddress();
    form.hidden = false;
    var nojs = document.querySelector("[data-picker-nojs]");
    if (nojs) nojs.hidden = true;
    update(false);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
