// The search box. The build writes the index to assets/search-index.js
// as a script; it is loaded the first time the box is used, by adding a
// script element, which works from file:// where fetch does not. Without
// this script the box is a link to the site index.
(function () {
  "use strict";

  // The same table as foldTable in generator/search.go: a test keeps the
  // two equal, so that the page folds queries as the build folded text.
  var FOLD = "a:àáâãäåāăąǎ c:çćĉċč d:ďđð e:èéêëēĕėęěȩ g:ĝğġģǧ h:ĥħ i:ìíîïĩīĭįıǐ j:ĵ k:ķǩ l:ĺļľŀł n:ñńņňŉ o:òóôõöøōŏőǒǿ r:ŕŗř s:śŝşšș t:ţťŧț u:ùúûüũūŭůűųǔǖǘǚǜ w:ŵ y:ýÿŷ z:źżž ae:æǽ oe:œ ss:ß th:þ ij:ĳ σ:ς";
  var MAX_RESULTS = 12;
  var fold = {};
  FOLD.split(" ").forEach(function (group) {
    var i = group.indexOf(":");
    Array.from(group.slice(i + 1)).forEach(function (c) { fold[c] = group.slice(0, i); });
  });

  // A word is a run of letters and digits; combining accents stay with
  // their letter and are then dropped.
  function words(text) {
    return text.match(/[\p{L}\p{N}\u0300-\u036f]+/gu) || [];
  }

  function foldWord(w) {
    var out = "";
    Array.from(w.toLowerCase()).forEach(function (c) {
      out += fold[c] !== undefined ? fold[c] : c;
    });
    return out.replace(/[\u0300-\u036f]/g, "");
  }

  function tokens(text) {
    return words(text).map(foldWord).filter(Boolean);
  }

  function lowerBound(list, x) {
    var lo = 0, hi = list.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (list[mid] < x) lo = mid + 1; else hi = mid;
    }
    return lo;
  }

  // search ranks entries as query does in generator/search.go: every
  // word must begin a term of the entry; a title scores 30, a heading 20,
  // body text 10, and a whole-word match 5 more.
  function search(ix, query) {
    var qs = tokens(query);
    if (!qs.length) return { words: qs, hits: [] };
    var perWord = qs.map(function (w) {
      var scores = new Map();
      for (var i = lowerBound(ix.t, w); i < ix.t.length && ix.t[i].startsWith(w); i++) {
        var bonus = ix.t[i] === w ? 5 : 0;
        ix.p[i].forEach(function (p) {
          var doc = p >> 2, s = (p & 3) * 10 + bonus;
          if (s > (scores.get(doc) || 0)) scores.set(doc, s);
        });
      }
      return scores;
    });
    var entryBest = perWord.map(function (scores) {
      var best = new Map();
      scores.forEach(function (s, doc) {
        var e = ix.d[doc][0];
        if (s > (best.get(e) || 0)) best.set(e, s);
      });
      return best;
    });
    // The title names the whole entry; the words it does not hold choose
    // the part of the entry that the link goes to.
    var inTitle = perWord.map(function (scores) {
      var set = new Set();
      scores.forEach(function (s, doc) { if (s >= 30) set.add(ix.d[doc][0]); });
      return set;
    });
    var docSum = new Map();
    perWord.forEach(function (scores, w) {
      scores.forEach(function (s, doc) {
        if (inTitle[w].has(ix.d[doc][0])) s = 0;
        docSum.set(doc, (docSum.get(doc) || 0) + s);
      });
    });
    var bestDoc = new Map();
    docSum.forEach(function (s, doc) {
      var e = ix.d[doc][0], b = bestDoc.get(e);
      if (b === undefined || s > docSum.get(b) || (s === docSum.get(b) && doc < b)) bestDoc.set(e, doc);
    });
    var hits = [];
    entryBest[0].forEach(function (_, e) {
      var total = 0;
      for (var w = 0; w < entryBest.length; w++) {
        if (!entryBest[w].has(e)) return;
        total += entryBest[w].get(e);
      }
      hits.push({ entry: e, doc: bestDoc.get(e), score: total });
    });
    hits.sort(function (a, b) { return b.score - a.score || a.entry - b.entry; });
    return { words: qs, hits: hits };
  }

  // mark writes text into parent as text nodes, with the words that
  // match the query in <mark>. With around set, only a stretch of the
  // text near the first match is shown.
  function mark(parent, text, qs, around) {
    var spans = [], re = /[\p{L}\p{N}\u0300-\u036f]+/gu, m;
    while ((m = re.exec(text))) {
      var f = foldWord(m[0]);
      if (f && qs.some(function (q) { return f.startsWith(q); })) spans.push([m.index, m.index + m[0].length]);
    }
    var start = 0, end = text.length;
    if (around && text.length > around) {
      var centre = spans.length ? spans[0][0] : 0;
      start = Math.max(0, centre - Math.floor(around / 3));
      if (start > 0) start = text.indexOf(" ", start) + 1 || start;
      end = Math.min(text.length, start + around);
      if (end < text.length) end = text.lastIndexOf(" ", end) > start ? text.lastIndexOf(" ", end) : end;
    }
    var pos = start;
    if (start > 0) parent.appendChild(document.createTextNode("… "));
    spans.forEach(function (sp) {
      if (sp[0] < pos || sp[1] > end) return;
      parent.appendChild(document.createTextNode(text.slice(pos, sp[0])));
      var mk = document.createElement("mark");
      mk.textContent = text.slice(sp[0], sp[1]);
      parent.appendChild(mk);
      pos = sp[1];
    });
    parent.appendChild(document.createTextNode(text.slice(pos, end)));
    if (end < text.length) parent.appendChild(document.createTextNode(" …"));
  }

  function el(tag, cls) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    return e;
  }

  function init() {
    var box = document.querySelector(".search[data-root]");
    if (!box) return;
    var root = box.getAttribute("data-root") || "";
    var fallback = box.querySelector("a");
    var input = el("input", "search-input");
    input.type = "search";
    input.placeholder = "Search";
    input.autocomplete = "off";
    input.spellcheck = false;
    input.setAttribute("aria-label", "Search the handbook");
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", "hb-search-results");
    var key = el("kbd", "search-key");
    key.textContent = "/";
    key.setAttribute("aria-hidden", "true");
    var panel = el("div", "search-panel");
    panel.hidden = true;
    var status = el("p", "search-status");
    status.setAttribute("role", "status");
    var list = el("ul", "search-results");
    list.id = "hb-search-results";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Search results");
    var more = el("p", "search-more");
    if (fallback) {
      var all = el("a");
      all.href = fallback.getAttribute("href");
      all.textContent = "Browse every page";
      more.appendChild(all);
    }
    panel.appendChild(status);
    panel.appendChild(list);
    panel.appendChild(more);
    box.insertBefore(input, fallback);
    box.insertBefore(key, fallback);
    box.appendChild(panel);
    box.classList.add("search-ready");

    var active = -1, loading = false;

    function open(show) {
      panel.hidden = !show;
      input.setAttribute("aria-expanded", show ? "true" : "false");
      if (!show) select(-1);
    }

    function select(i) {
      var items = list.querySelectorAll("[role=option]");
      if (active >= 0 && items[active]) items[active].setAttribute("aria-selected", "false");
      active = i;
      if (i >= 0 && items[i]) {
        items[i].setAttribute("aria-selected", "true");
        input.setAttribute("aria-activedescendant", items[i].id);
        items[i].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function href(entry, doc) {
      var url = entry[0], anchor = doc[1];
      if (url.charAt(0) === "#") return anchor ? "#" + anchor : url;
      return root + url + (anchor ? "#" + anchor : "");
    }

    function show(ix) {
      var q = input.value;
      var r = search(ix, q);
      list.textContent = "";
      select(-1);
      if (!r.words.length) {
        open(false);
        return;
      }
      r.hits.slice(0, MAX_RESULTS).forEach(function (h, i) {
        var entry = ix.e[h.entry], doc = ix.d[h.doc];
        // The link is the option itself, since an option cannot hold a
        // link that assistive technology would still reach.
        var li = el("li");
        li.setAttribute("role", "none");
        var a = el("a");
        a.id = "hb-search-result-" + i;
        a.setAttribute("role", "option");
        a.setAttribute("aria-selected", "false");
        a.href = href(entry, doc);
        a.tabIndex = -1;
        var title = el("span", "search-title");
        mark(title, entry[1] + (doc[2] ? " › " + doc[2] : ""), r.words, 0);
        a.appendChild(title);
        if (entry[2]) {
          var path = el("span", "search-path");
          path.textContent = entry[2];
          a.appendChild(path);
        }
        if (doc[3]) {
          var snippet = el("span", "search-snippet");
          mark(snippet, doc[3], r.words, 160);
          a.appendChild(snippet);
        }
        a.addEventListener("click", function () { open(false); });
        li.appendChild(a);
        list.appendChild(li);
      });
      var n = r.hits.length;
      status.textContent = n === 0 ? "No results for “" + q.trim() + "”." :
        n > MAX_RESULTS ? "The best " + MAX_RESULTS + " of " + n + " results." :
        n === 1 ? "1 result." : n + " results.";
      open(true);
    }

    function withIndex(then) {
      if (window.HANDBOOK_SEARCH) return then(window.HANDBOOK_SEARCH);
      if (loading) return;
      loading = true;
      status.textContent = "Loading the search index…";
      var s = document.createElement("script");
      s.src = box.getAttribute("data-index");
      s.onload = function () {
        loading = false;
        if (window.HANDBOOK_SEARCH) then(window.HANDBOOK_SEARCH);
      };
      s.onerror = function () {
        loading = false;
        status.textContent = "The search index could not be loaded.";
        open(true);
      };
      document.head.appendChild(s);
    }

    function run() { withIndex(show); }

    input.addEventListener("focus", function () {
      withIndex(function (ix) { if (input.value.trim()) show(ix); });
    });
    input.addEventListener("input", run);
    input.addEventListener("keydown", function (ev) {
      var n = list.children.length;
      switch (ev.key) {
        case "ArrowDown":
          ev.preventDefault();
          if (panel.hidden) { run(); return; }
          if (n) select(active < n - 1 ? active + 1 : 0);
          break;
        case "ArrowUp":
          ev.preventDefault();
          if (n) select(active > 0 ? active - 1 : n - 1);
          break;
        case "Enter":
          var target = list.children[active >= 0 ? active : 0];
          if (!panel.hidden && target) {
            ev.preventDefault();
            open(false);
            window.location.href = target.querySelector("a").href;
          }
          break;
        case "Escape":
          if (!panel.hidden) {
            ev.preventDefault();
            open(false);
          } else {
            input.blur();
          }
          break;
      }
    });
    document.addEventListener("keydown", function (ev) {
      if (ev.key !== "/" || ev.ctrlKey || ev.metaKey || ev.altKey) return;
      var t = ev.target;
      if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
      ev.preventDefault();
      input.focus();
      input.select();
    });
    document.addEventListener("click", function (ev) {
      if (!box.contains(ev.target)) open(false);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
