// The default theme's script: the dark mode toggle, the sidebar's section
// toggles, the mobile menu drawer, the highlight of the section being
// read in "On this page" and, where a page has diagrams, drawing them.
// Everything works without it; it only adds conveniences.
(function () {
  "use strict";
  var root = document.documentElement;
  var key = "handbook-theme";

  function isDark() {
    var t = root.getAttribute("data-theme");
    if (t) return t === "dark";
    return window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
  }

  // Pages with diagrams load mermaid just before this script; it draws
  // them once the page has loaded, in the colours of the current mode.
  if (window.mermaid) {
    window.mermaid.initialize({ startOnLoad: true, securityLevel: "strict", theme: isDark() ? "dark" : "default" });
  }

  // The toggle says what it switches to: "Light mode" on a dark page.
  function sync(btn) {
    var next = isDark() ? "light" : "dark";
    btn.setAttribute("aria-label", "Switch to " + next + " mode");
    var label = btn.querySelector(".theme-label");
    if (label) label.textContent = next === "dark" ? "Dark mode" : "Light mode";
  }

  document.addEventListener("DOMContentLoaded", function () {
    var toggle = document.querySelector(".theme-toggle");
    if (toggle) {
      sync(toggle);
      toggle.addEventListener("click", function () {
        var next = isDark() ? "light" : "dark";
        root.setAttribute("data-theme", next);
        try { localStorage.setItem(key, next); } catch (e) { /* storage may be off */ }
        sync(toggle);
      });
    }
    var nav = document.getElementById("hb-nav");
    if (nav) {
      sections(nav);
      drawer(nav, document.querySelector(".nav-toggle"));
    }
    var toc = document.querySelector(".toc");
    if (toc) spy(toc);
  });

  // sections gives each section of the sidebar that lists its pages a
  // toggle beside its link, and remembers what the reader opened and
  // closed, by the section's URL, under navKey. The sidebar's own inline
  // script has already reopened those left open, before the page was
  // drawn; the sections on the way to the current page always come open.
  var navKey = "handbook-nav";
  var navMax = 200; // sections remembered; the oldest choice goes first

  function sections(nav) {
    var items = nav.querySelectorAll("li.nav-section");
    for (var i = 0; i < items.length; i++) {
      var li = items[i], link = li.firstElementChild, list = li.querySelector(":scope > ul");
      if (!list || !link) continue;
      list.id = list.id || "hb-nav-" + (i + 1);
      var btn = document.createElement("button");
      btn.type = "button";
      btn.className = "nav-expand";
      btn.setAttribute("aria-controls", list.id);
      btn.setAttribute("aria-label", link.textContent + " pages");
      btn.setAttribute("aria-expanded", li.classList.contains("open") ? "true" : "false");
      btn.addEventListener("click", toggleSection);
      link.insertAdjacentElement("afterend", btn);
    }
    // A long sidebar scrolls by itself: show the current page in it.
    var current = nav.querySelector("a[aria-current=page]");
    if (current && nav.scrollHeight > nav.clientHeight) {
      var top = current.getBoundingClientRect().top - nav.getBoundingClientRect().top;
      if (top < 0 || top > nav.clientHeight - 40) nav.scrollTop += top - nav.clientHeight / 3;
    }
  }

  function toggleSection() {
    var btn = this, li = btn.parentNode;
    var open = li.classList.toggle("open");
    btn.setAttribute("aria-expanded", open ? "true" : "false");
    try {
      var saved = JSON.parse(localStorage.getItem(navKey) || "{}");
      var url = li.firstElementChild.href;
      delete saved[url]; // to the end, as the newest
      saved[url] = open;
      var urls = Object.keys(saved);
      for (var i = 0; i < urls.length - navMax; i++) delete saved[urls[i]];
      localStorage.setItem(navKey, JSON.stringify(saved));
    } catch (e) { /* storage may be off */ }
  }

  // drawer makes the menu button, on narrow screens, open the sidebar as
  // a drawer over the page: with a close button, the focus kept inside
  // it, Escape to close, and the page behind it still.
  function drawer(nav, menu) {
    if (!menu) return;
    var narrow = window.matchMedia("(max-width: 50rem)");
    var close = document.createElement("button");
    close.type = "button";
    close.className = "nav-close";
    close.setAttribute("aria-label", "Close menu");
    close.innerHTML = '<span aria-hidden="true">×</span>';
    nav.insertBefore(close, nav.firstChild);
    var backdrop = document.createElement("div");
    backdrop.className = "nav-backdrop";
    backdrop.hidden = true;
    nav.parentNode.insertBefore(backdrop, nav.nextSibling);
    // What the drawer covers, made inert while it is open.
    var behind = [];

    function focusable() {
      return Array.prototype.filter.call(nav.querySelectorAll("a[href], button"), function (e) {
        return e.getClientRects().length > 0;
      });
    }

    function isOpen() { return nav.classList.contains("open"); }

    function open() {
      nav.classList.add("open");
      menu.setAttribute("aria-expanded", "true");
      if (!narrow.matches) return;
      root.classList.add("nav-drawer-open");
      backdrop.hidden = false;
      behind = Array.prototype.filter.call(document.querySelectorAll("body > *, .layout > *"), function (e) {
        return e !== nav && !e.contains(nav) && e !== backdrop && !e.inert && e.tagName !== "SCRIPT";
      });
      behind.forEach(function (e) { e.inert = true; });
      var current = nav.querySelector("[aria-current=page]");
      (current && current.getClientRects().length ? current : close).focus();
    }

    function shut(refocus) {
      var wasDrawer = root.classList.contains("nav-drawer-open");
      nav.classList.remove("open");
      menu.setAttribute("aria-expanded", "false");
      root.classList.remove("nav-drawer-open");
      backdrop.hidden = true;
      behind.forEach(function (e) { e.inert = false; });
      behind = [];
      if (wasDrawer && refocus) menu.focus();
    }

    menu.addEventListener("click", function () { isOpen() ? shut(true) : open(); });
    close.addEventListener("click", function () { shut(true); });
    backdrop.addEventListener("click", function () { shut(true); });
    nav.addEventListener("keydown", function (ev) {
      if (!root.classList.contains("nav-drawer-open")) return;
      if (ev.key === "Escape") {
        ev.preventDefault();
        shut(true);
        return;
      }
      if (ev.key !== "Tab") return;
      var list = focusable();
      if (!list.length) return;
      var first = list[0], last = list[list.length - 1];
      if (ev.shiftKey && document.activeElement === first) {
        ev.preventDefault();
        last.focus();
      } else if (!ev.shiftKey && document.activeElement === last) {
        ev.preventDefault();
        first.focus();
      }
    });
    // A link in the drawer to a place on this page closes it.
    nav.addEventListener("click", function (ev) {
      var a = ev.target.closest && ev.target.closest("a[href]");
      if (a && root.classList.contains("nav-drawer-open")) shut(false);
    });
    var onChange = function () { if (!narrow.matches && isOpen()) shut(false); };
    if (narrow.addEventListener) narrow.addEventListener("change", onChange);
    else if (narrow.addListener) narrow.addListener(onChange);
  }

  // spy marks, in the "On this page" aside, the entry of the section being
  // read: the last heading that has reached the top of the window, or the
  // last one in view once the page can scroll no further.
  function spy(toc) {
    var entries = [];
    var links = toc.querySelectorAll("a[href^='#']");
    for (var i = 0; i < links.length; i++) {
      var id = decodeURIComponent(links[i].getAttribute("href").slice(1));
      var target = document.getElementById(id);
      if (target) entries.push({ link: links[i], target: target });
    }
    if (!entries.length) return;
    var header = document.querySelector(".site-header");
    var current = null, pending = false;

    function update() {
      pending = false;
      if (toc.getClientRects().length === 0) return; // hidden: a narrow screen
      var line = (header ? header.getBoundingClientRect().bottom : 0) + 24;
      var found = null;
      for (var i = 0; i < entries.length; i++) {
        if (entries[i].target.getBoundingClientRect().top <= line) found = entries[i];
        else break;
      }
      var doc = document.documentElement;
      if (window.innerHeight + window.scrollY >= doc.scrollHeight - 2) {
        for (var j = entries.length - 1; j >= 0; j--) {
          if (entries[j].target.getBoundingClientRect().top < window.innerHeight) { found = entries[j]; break; }
        }
      }
      if (found === current) return;
      if (current) {
        current.link.removeAttribute("aria-current");
        current.link.classList.remove("toc-current");
      }
      current = found;
      if (current) {
        current.link.setAttribute("aria-current", "true");
        current.link.classList.add("toc-current");
      }
    }

    function schedule() {
      if (pending) return;
      pending = true;
      window.requestAnimationFrame(update);
    }
    window.addEventListener("scroll", schedule, { passive: true });
    window.addEventListener("resize", schedule);
    window.addEventListener("hashchange", schedule);
    update();
  }
})();
