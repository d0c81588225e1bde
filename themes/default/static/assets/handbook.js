// The default theme's script: the dark mode toggle, the mobile menu and,
// where a page has diagrams, drawing them.
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
    var menu = document.querySelector(".nav-toggle");
    var nav = document.getElementById("hb-nav");
    if (menu && nav) {
      menu.addEventListener("click", function () {
        var open = nav.classList.toggle("open");
        menu.setAttribute("aria-expanded", open ? "true" : "false");
      });
    }
  });
})();
