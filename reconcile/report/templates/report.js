(function () {
  "use strict";
  // Large reports write each claim card once (#claim-store); a finding gets its cards when opened.
  var store = document.getElementById("claim-store");
  var cards = new Map(), heads = new Map();
  if (store) {
    Array.prototype.forEach.call(store.children, function (el) {
      if (el.classList.contains("c")) cards.set(el.getAttribute("data-id"), el);
      else if (el.classList.contains("ch")) heads.set(el.getAttribute("data-src"), el);
    });
  }
  function pending(f) {
    var cl = f.querySelector(".cl[data-claims]");
    return cl && !cl.hasAttribute("data-filled") ? cl : null;
  }
  function fill(f) {
    var cl = pending(f);
    if (!cl) return;
    var cols = new Map();
    JSON.parse(cl.getAttribute("data-claims")).forEach(function (id) {
      var card = cards.get(id);
      if (!card) return;
      var src = card.getAttribute("data-src");
      if (!cols.has(src)) {
        var col = document.createElement("div");
        var head = heads.get(src);
        col.className = "col " + (head ? head.getAttribute("data-cls") : "");
        if (head) col.appendChild(head.cloneNode(true));
        var cc = document.createElement("div");
        cc.className = "cc";
        col.appendChild(cc);
        cl.appendChild(col);
        cols.set(src, cc);
      }
      cols.get(src).appendChild(card.cloneNode(true));
    });
    cl.setAttribute("data-filled", "");
  }
  if (store) {
    document.addEventListener("toggle", function (e) {
      var t = e.target;
      if (t.open && t.classList && t.classList.contains("f")) fill(t);
    }, true);
    Array.prototype.forEach.call(document.querySelectorAll("details.f[open]"), fill);
  }

  var groupsEl = document.getElementById("groups");
  if (!groupsEl) { printSupport(); return; }
  var openUpTo = parseInt(groupsEl.getAttribute("data-open-up-to"), 10) || 100;
  var findings = Array.prototype.slice.call(groupsEl.querySelectorAll("details.f"));
  var total = findings.length;
  var selects = Array.prototype.slice.call(document.querySelectorAll("#filters select[data-attr]"));
  var q = document.getElementById("f-q");
  var groupBy = document.getElementById("f-group");
  var countEl = document.getElementById("f-count");
  var noneEl = document.getElementById("f-none");
  var texts = new Map();
  var SEV_ORDER = { error: 0, warning: 1, info: 2 };
  var LABELS = {};
  selects.forEach(function (s) {
    LABELS[s.getAttribute("data-attr")] = {};
    Array.prototype.forEach.call(s.options, function (o) { if (o.value) LABELS[s.getAttribute("data-attr")][o.value] = o.textContent; });
  });

  function text(f) {
    var t = texts.get(f);
    if (t === undefined) {
      t = f.textContent;
      var cl = pending(f);
      if (cl) JSON.parse(cl.getAttribute("data-claims")).forEach(function (id) { var c = cards.get(id); if (c) t += " " + c.textContent; });
      t = t.toLowerCase().replace(/\s+/g, " ");
      texts.set(f, t);
    }
    return t;
  }

  function matches(f, wanted, terms) {
    for (var i = 0; i < wanted.length; i++) {
      var attr = wanted[i][0], value = wanted[i][1];
      var have = f.getAttribute("data-" + attr) || "";
      if (attr === "src" || attr === "ent") {
        if (have.split("|").indexOf(value) < 0) return false;
      } else if (have !== value) return false;
    }
    if (terms.length) {
      var t = text(f);
      for (var j = 0; j < terms.length; j++) if (t.indexOf(terms[j]) < 0) return false;
    }
    return true;
  }

  function apply() {
    var wanted = [];
    selects.forEach(function (s) { if (s.value) wanted.push([s.getAttribute("data-attr"), s.value]); });
    var terms = q.value.toLowerCase().trim().split(/\s+/).filter(Boolean);
    var filtering = wanted.length > 0 || terms.length > 0;
    var shown = 0;
    findings.forEach(function (f) {
      var ok = matches(f, wanted, terms);
      f.hidden = !ok;
      if (ok) shown++;
    });
    Array.prototype.forEach.call(groupsEl.querySelectorAll("details.grp"), function (g) {
      var n = g.querySelectorAll("details.f:not([hidden])").length;
      g.querySelector(".gc").textContent = filtering ? n + " of " + g.querySelectorAll("details.f").length : String(n);
      g.hidden = n === 0;
      if (filtering) g.open = n > 0 && shown <= openUpTo * 2;
    });
    countEl.textContent = "Showing " + shown + " of " + total + " finding" + (total === 1 ? "" : "s");
    noneEl.hidden = shown !== 0;
    var state = [];
    wanted.forEach(function (w) { state.push(w[0] + "=" + encodeURIComponent(w[1])); });
    if (terms.length) state.push("q=" + encodeURIComponent(q.value.trim()));
    if (groupBy.value !== "rule") state.push("group=" + groupBy.value);
    var hash = state.length ? "#filter:" + state.join("&") : "";
    if (hash !== location.hash && (hash || location.hash.indexOf("#filter:") === 0)) {
      history.replaceState(null, "", hash || location.pathname + location.search);
    }
  }

  function keysOf(f, attr) {
    var v = f.getAttribute("data-" + attr) || "";
    if (attr === "src" || attr === "ent") return v ? v.split("|").join(" + ") : "(none)";
    return v || "(none)";
  }

  function regroup() {
    var attr = groupBy.value;
    var buckets = new Map();
    findings.forEach(function (f) {
      var key = keysOf(f, attr);
      if (!buckets.has(key)) buckets.set(key, []);
      buckets.get(key).push(f);
    });
    var keys = Array.from(buckets.keys());
    keys.sort(function (a, b) {
      if (attr === "sev") return (a in SEV_ORDER ? SEV_ORDER[a] : 9) - (b in SEV_ORDER ? SEV_ORDER[b] : 9);
      if (attr === "rule") return a < b ? -1 : a > b ? 1 : 0;
      return buckets.get(b).length - buckets.get(a).length || a.localeCompare(b);
    });
    var frag = document.createDocumentFragment();
    keys.forEach(function (key) {
      var members = buckets.get(key);
      var g = document.createElement("details");
      g.className = "grp";
      g.setAttribute("data-key", key);
      if (members.length <= openUpTo) g.open = true;
      var s = document.createElement("summary");
      var label = document.createElement("span");
      label.className = "gl";
      label.textContent = attr === "rule" ? (LABELS.rule[key] || key) : attr === "src" ? key.split(" + ").map(function (k) { return LABELS.src[k] || k; }).join(" + ") : key;
      var c = document.createElement("span");
      c.className = "gc";
      c.textContent = String(members.length);
      s.appendChild(label); s.appendChild(document.createTextNode(" ")); s.appendChild(c);
      g.appendChild(s);
      members.forEach(function (f) { g.appendChild(f); });
      frag.appendChild(g);
    });
    groupsEl.textContent = "";
    groupsEl.appendChild(frag);
    apply();
  }

  var timer = null;
  q.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(apply, total > 2000 ? 200 : 60); });
  selects.forEach(function (s) { s.addEventListener("change", apply); });
  groupBy.addEventListener("change", regroup);
  document.getElementById("f-clear").addEventListener("click", function () {
    selects.forEach(function (s) { s.value = ""; });
    q.value = "";
    apply();
  });
  function setAll(open) {
    Array.prototype.forEach.call(groupsEl.querySelectorAll("details.grp:not([hidden])"), function (g) { g.open = open; });
    findings.forEach(function (f) { if (!f.hidden) f.open = open; });
  }
  document.getElementById("f-expand").addEventListener("click", function () { setAll(true); });
  document.getElementById("f-collapse").addEventListener("click", function () { setAll(false); });

  // Summary links: "show these findings".
  Array.prototype.forEach.call(document.querySelectorAll("a[data-set]"), function (a) {
    a.addEventListener("click", function () {
      selects.forEach(function (s) { s.value = ""; });
      q.value = "";
      var target = document.querySelector('#filters select[data-attr="' + a.getAttribute("data-set") + '"]');
      if (target) target.value = a.getAttribute("data-val");
      apply();
    });
  });

  // Opening a finding or an entity from a link expands its enclosing groups.
  function reveal() {
    var id = decodeURIComponent(location.hash.slice(1));
    if (!id || id.indexOf("filter:") === 0) return;
    var el = document.getElementById(id);
    if (!el) return;
    if (el.hidden) { document.getElementById("f-clear").click(); }
    for (var p = el; p; p = p.parentElement) if (p.tagName === "DETAILS") p.open = true;
    el.scrollIntoView();
  }
  window.addEventListener("hashchange", reveal);

  // Restore filters from the address (#filter:sev=error&q=germany).
  if (location.hash.indexOf("#filter:") === 0) {
    location.hash.slice(8).split("&").forEach(function (part) {
      var kv = part.split("="), key = kv[0], value = decodeURIComponent(kv[1] || "");
      if (key === "q") q.value = value;
      else if (key === "group") groupBy.value = value;
      else { var s = document.querySelector('#filters select[data-attr="' + key + '"]'); if (s) s.value = value; }
    });
    if (groupBy.value !== "rule") regroup(); else apply();
  } else {
    reveal();
  }
  printSupport();

  function printSupport() {
    var opened = [];
    window.addEventListener("beforeprint", function () {
      opened = [];
      Array.prototype.forEach.call(document.querySelectorAll("details.f"), fill);
      Array.prototype.forEach.call(document.querySelectorAll("details:not([open])"), function (d) { opened.push(d); d.open = true; });
    });
    window.addEventListener("afterprint", function () { opened.forEach(function (d) { d.open = false; }); opened = []; });
  }
})();
