(function () {
  "use strict";
  // Every claim is in one JSON blob (#report-data, see reconcile/report/html_data.py for its shape).
  // From it the script draws an entity's charts and claims table when the entity is opened, and in
  // large reports a finding's claim cards when the finding is opened. Elements are built with
  // textContent only: claim text never becomes markup.
  var SVG = "http://www.w3.org/2000/svg";
  var dataEl = document.getElementById("report-data");
  var D = null;
  function data() {
    if (D === null) D = dataEl ? JSON.parse(dataEl.textContent) : { rows: {}, ent: [], src: [], org: [], txt: [], per: [], lab: [], id: {}, ql: {}, note: {}, flag: {} };
    // Verdicts (html_verdicts.py) are only there when the run judged claims by the official tables.
    ["vs", "vr", "vc"].forEach(function (k) { if (!D[k]) D[k] = ""; });
    ["ref", "fig", "vcl"].forEach(function (k) { if (!D[k]) D[k] = []; });
    if (!D.vro) D.vro = {};
    return D;
  }
  var heads = new Map();
  Array.prototype.forEach.call(document.querySelectorAll("#source-heads .ch"), function (el) { heads.set(el.getAttribute("data-src"), el); });

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function add(parent) {
    for (var i = 1; i < arguments.length; i++) {
      var c = arguments[i];
      if (c === null || c === undefined) continue;
      parent.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    }
    return parent;
  }

  // --- one claim (a row of the data) ---
  function claim(i) {
    var d = data(), r = d.rows, lab = d.lab[r.k[i]], org = d.org[r.o[i]], src = d.src[org[0]] || null;
    var per = d.per[r.p[i]], n = r.n[i], ent = entityOf(i);
    return {
      row: i, source: src ? src[0] : "", color: src ? src[1] : "#555", shape: src ? src[2] : "circle", cls: src ? "k" + org[0] : "",
      file: d.txt[org[1]], line: r.l[i], subject: ent ? ent[0] : "", period: per[0], grain: per[1], periodIndex: r.p[i],
      metric: d.txt[lab[0]], kind: d.txt[lab[1]], product: d.txt[lab[2]], unit: d.txt[lab[3]],
      published: [d.txt[lab[4]], r.v[i], d.txt[lab[5]]].filter(Boolean).join(" "),
      n: n, lo: n === null || r.dl[i] === null ? null : n - num(r.dl[i]), hi: n === null || r.dh[i] === null ? null : n + num(r.dh[i]),
      quote: r.q[i], marks: r.m[i], id: d.id[i] || "", quoteLine: d.ql[i], note: d.note[i] || "", flags: d.flag[i] || null,
      status: STATUS[d.vs.charAt(i)] || "", ref: namedReference(i), cause: d.vcl[DIGITS.indexOf(d.vc.charAt(i))] || ""
    };
  }
  function entityOf(i) {
    // Entities hold consecutive rows, in order: the last one starting at or before row i, if it reaches i.
    var ents = data().ent, lo = 0, hi = ents.length - 1, found = null;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (ents[mid][2] <= i) { found = ents[mid]; lo = mid + 1; } else hi = mid - 1;
    }
    return found && i < found[2] + found[3] ? found : null;
  }
  var STATUS = { c: "confirmed", x: "contradicted", u: "unverified" };
  var DIGITS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  function figureAt(i) {
    // The figure holding row i, if any: figures hold consecutive rows, in row order.
    var figs = data().fig, lo = 0, hi = figs.length - 1, found = null;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (figs[mid][0] <= i) { found = figs[mid]; lo = mid + 1; } else hi = mid - 1;
    }
    return found && i < found[0] + found[1] ? found : null;
  }
  function namedReference(i) {
    // The official figure row i's verdict names: a digit for one of its figure's candidates (html_verdicts.py).
    var d = data(), k = DIGITS.indexOf(d.vr.charAt(i));
    if (k < 0) return d.vro[i];
    var f = figureAt(i);
    return f ? f[2][k] : undefined;
  }
  var ICON = { confirmed: "✓", contradicted: "✗", unverified: "?" };
  function num(x) { return x === "inf" ? Infinity : x === "-inf" ? -Infinity : x; }
  function words(s) { return String(s || "").replace(/_/g, " "); }
  function swatch(c) {
    var i = el("i", "sw " + c.cls + " sh-" + c.shape);
    i.setAttribute("aria-hidden", "true");
    return i;
  }
  function quoteWithMarks(c) {
    var frag = document.createDocumentFragment(), pos = 0, q = c.quote || "";
    for (var j = 0; j + 1 < c.marks.length; j += 2) {
      add(frag, q.slice(pos, c.marks[j]), el("mark", "", q.slice(c.marks[j], c.marks[j + 1])));
      pos = c.marks[j + 1];
    }
    return add(frag, q.slice(pos));
  }

  // --- a finding's claim cards (large reports), as the claim_card macro writes them ---
  function card(c) {
    var cv = add(el("div", "cv"), el("span", "v", c.published), " ", el("span", "per", c.period || "no period"), " ",
      el("span", "cs", (c.subject || "") + " · " + words(c.metric) + (c.product ? " · " + c.product : "") + (c.kind && c.kind !== "value" ? " · " + c.kind : "")));
    var cm = add(el("div", "cm"), el("span", "fl", c.file + ":" + c.line), c.quoteLine ? " · doc line " + c.quoteLine : "", " · ", el("span", "cid", c.id));
    if (c.note) add(cm, el("br"), el("span", "note", c.note));
    var vd = c.status ? add(el("div", "vd"), badge(c.status), " ", el("span", "vl", verdictWords(c))) : null;
    return add(el("div", "c"), cv, vd, add(el("blockquote"), quoteWithMarks(c)), cm);
  }
  // A verdict as text and colour (never colour alone), the reason in its tooltip.
  function badge(status, why) {
    var b = add(el("span", "vb v-" + status), add(el("span", "", ICON[status] || "?")), " " + status);
    b.firstChild.setAttribute("aria-hidden", "true");
    if (why) b.title = why;
    return b;
  }
  function cardText(c) {
    return [c.published, c.period, c.subject, words(c.metric), c.product, c.quote, c.file + ":" + c.line, c.id, c.note].join(" ");
  }
  function rowsOf(f) {
    var cl = f.querySelector(".cl[data-rows]");
    if (!cl || cl.hasAttribute("data-filled")) return null;
    var v = cl.getAttribute("data-rows");
    return { cl: cl, rows: v ? v.split(",").map(Number) : [] };
  }
  function fill(f) {
    var p = rowsOf(f);
    if (!p) return;
    var cols = new Map();
    p.rows.forEach(function (i) {
      var c = claim(i);
      if (!cols.has(c.source)) {
        var head = heads.get(c.source);
        var col = el("div", "col " + (head ? head.getAttribute("data-cls") : ""));
        if (head) col.appendChild(head.cloneNode(true));
        var cc = el("div", "cc");
        col.appendChild(cc);
        p.cl.appendChild(col);
        cols.set(c.source, cc);
      }
      cols.get(c.source).appendChild(card(c));
    });
    p.cl.setAttribute("data-filled", "");
  }

  // --- an entity: its charts, then its claims table ---
  function fillEntity(details) {
    var body = details.querySelector(".eb");
    if (!body || body.hasAttribute("data-filled")) return;
    var e = data().ent[parseInt(details.getAttribute("data-e"), 10)];
    if (!e) return;
    var claims = [];
    for (var i = e[2]; i < e[2] + e[3]; i++) claims.push(claim(i));
    var figs = figuresOf(e), charts = entityCharts(e[0], claims, figs);
    if (charts) body.appendChild(charts);
    if (figs.length) body.appendChild(figureView(e[0], figs));
    body.appendChild(claimsTable(claims));
    body.setAttribute("data-filled", "");
  }
  function claimsTable(claims) {
    var head = add(el("tr"));
    var judged = data().vs.length > 0;
    [["Metric"], ["Period"], ["Source"], ["As published", "r"]].concat(judged ? [["Verdict"]] : [], [["Quote"], ["Where"], ["Findings"]]).forEach(function (h) {
      var th = el("th", h[1] || "", h[0]);
      th.setAttribute("scope", "col");
      head.appendChild(th);
    });
    var tbody = el("tbody");
    claims.forEach(function (c) {
      var metric = add(el("td"), words(c.metric), c.kind && c.kind !== "value" ? " " : null, c.kind && c.kind !== "value" ? el("span", "small", "(" + c.kind + ")") : null,
        c.product ? " " : null, c.product ? el("span", "small", c.product) : null);
      var links = el("td");
      (c.flags || []).forEach(function (fl, j) {
        var a = el("a", "", fl[0]);
        a.href = "#" + fl[1];
        add(links, j ? " " : null, a, fl[2] > 1 ? el("span", "small", "×" + fl[2]) : null);
      });
      var tr = add(el("tr", c.flags ? "flag" : ""), metric, el("td", "", c.period), add(el("td", "nw"), swatch(c), c.source),
        el("td", "r nw", c.published), judged ? add(el("td", "nw"), c.status ? badge(c.status, verdictWords(c)) : null) : null,
        add(el("td", "qt"), quoteWithMarks(c)), el("td", "fl", c.file + ":" + c.line), links);
      tbody.appendChild(tr);
    });
    return add(el("div", "tw"), add(el("table", "t claims"), add(el("thead"), head), tbody));
  }


  // --- verdicts: the official figures, and which figure to print (html_verdicts.py) ---
  function official(i) {
    var t = data().txt, r = data().ref[i];
    return { index: i, title: t[r[0]], url: t[r[1]], value: r[2], n: num(r[3]), release: t[r[4]], basis: t[r[5]], adjustment: t[r[6]], vintage: t[r[7]], where: t[r[8]] };
  }
  function describe(o) {
    return o.title + ", " + o.release + (o.basis ? ", " + o.basis + " basis" : "") + (o.adjustment === "sa" ? ", seasonally adjusted" : "");
  }
  function amount(n, unit) {
    // As the verdicts write figures: "-$84.8B", "-$1,200.9B"; other units to four significant digits.
    if (typeof n !== "number" || !isFinite(n)) return String(n);
    if (unit === "percent") return (n >= 0 ? "+" : "") + n.toFixed(1) + "%";
    if (unit === "rank") return "#" + Math.round(n).toLocaleString("en-US");
    if (unit === "count") return Math.round(n).toLocaleString("en-US");
    if (unit !== "USD") return n.toLocaleString("en-US", { maximumSignificantDigits: 4 });
    var sign = n < 0 ? "-" : "", a = Math.abs(n);
    var scales = [[1e9, "B"], [1e6, "M"]];
    for (var i = 0; i < scales.length; i++) if (a >= scales[i][0]) return sign + "$" + (a / scales[i][0]).toLocaleString("en-US", { minimumFractionDigits: 1, maximumFractionDigits: 1 }) + scales[i][1];
    return sign + "$" + a.toLocaleString("en-US", { maximumFractionDigits: 0 });
  }
  function verdictWords(c) {
    // Said from its official figure and cause: the data holds no words (at 10^5 claims they would be most of it).
    if (c.ref === undefined) {
      if (c.status !== "unverified") return "";
      return "no official figure covers it";
    }
    var o = official(c.ref);
    if (c.status === "confirmed") {
      var newest = c.cause === "revision" ? newestOfSeries(figureAt(c.row), o) : o;
      if (newest.index !== o.index) return "= " + describe(o) + "; revised since: " + amount(newest.n, c.unit) + " (" + describe(newest) + ")";
      return "= " + describe(o) + (c.cause ? " (" + c.cause + ")" : "");
    }
    // The gap as the verdicts say it: percentage points for a rate, a plain number for a rank or a count.
    var gap = Math.abs(c.n - o.n), share = o.n ? gap / Math.abs(o.n) : 0, off;
    if (c.unit === "percent") off = gap.toFixed(1) + " percentage points";
    else if (c.unit === "rank" || c.unit === "count") off = Math.round(gap).toLocaleString("en-US");
    else off = amount(gap, c.unit) + (o.n ? ", " + (share * 100).toFixed(share < 0.01 ? 1 : 0) + "%" : "");
    return "contradicted by " + describe(o) + ": " + amount(o.n, c.unit) + " (off by " + off + ")" + (c.cause ? "; likely cause: " + c.cause : "");
  }
  function newestOfSeries(f, o) {
    // The latest vintage of o's series (basis and adjustment) among the figure's official figures.
    return (f ? f[2] : []).map(official).filter(function (r) { return r.basis === o.basis && r.adjustment === o.adjustment; })
      .reduce(function (a, b) { return cmp(b.vintage, a.vintage) > 0 ? b : a; }, o);
  }
  function figuresOf(e) {
    // The figures of entity e: their rows lie within the entity's, and figures are in row order.
    var figs = data().fig, out = [], lo = 0, hi = figs.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (figs[mid][0] < e[2]) lo = mid + 1; else hi = mid; }
    for (var i = lo; i < figs.length && figs[i][0] < e[2] + e[3]; i++) {
      var f = figs[i], first = claim(f[0]);
      out.push({ first: f[0], count: f[1], candidates: f[2], print: f[3], consensus: f[4], metric: first.metric, period: first.period,
        periodIndex: first.periodIndex, grain: first.grain });
    }
    return out;
  }
  function figureView(name, figs) {
    var box = add(el("div", "figs"), el("h3", "", "Which figure to print"));
    figs.forEach(function (f) { box.appendChild(figureCard(name, f)); });
    return box;
  }
  function figureCard(name, f) {
    var claims = [];
    // Plain figures only: a rank or a growth rate of the same metric and period is judged on its finding's card.
    for (var i = f.first; i < f.first + f.count; i++) { var c = claim(i); if (c.kind === "value" || c.kind === "bound") claims.push(c); }
    var unit = (claims.filter(function (c) { return c.status === "confirmed" || c.status === "contradicted"; })[0] || claims[0]).unit;
    var counts = {};
    claims.forEach(function (c) { if (c.status) counts[c.status] = (counts[c.status] || 0) + 1; });
    var head = add(el("h4", "", name + " · " + words(f.metric) + " · " + f.period + " "));
    ["contradicted", "confirmed", "unverified"].forEach(function (st) { if (counts[st]) add(head, add(el("span", "vt v-" + st), counts[st] + " " + st), " "); });
    var card = add(el("section", "fig"), head, printLine(f, unit), sourcesTable(claims, f, unit));
    card.id = "fig-" + f.first;
    card.setAttribute("data-metric", f.metric);
    card.setAttribute("data-period", f.period);
    if (f.candidates.length) card.appendChild(officialTable(f, unit));
    if (f.consensus) card.appendChild(consensusLine(f.consensus, unit));
    return card;
  }
  function printLine(f, unit) {
    var p = el("p", "print");
    if (!f.print.length) {
      return add(p, el("b", "", "No official figure covers this. "), f.consensus ? "The other sources' figures are below: print one only with its source named." : "Check the documents before printing it.");
    }
    f.print.forEach(function (ri, j) {
      var o = official(ri);
      add(p, j ? add(el("br"), null) : null, el("span", "pl", j ? "or, as " + (o.basis ? "the " + o.basis + "-basis" : "another") + " series gives it: " : "Print this: "), el("b", "pv", amount(o.n, unit)), " ", el("span", "", describe(o)), " ");
      if (o.url) { var a = el("a", "", "official table"); a.href = o.url; add(p, a, " "); }
      add(p, el("span", "small fl", o.where));
    });
    return p;
  }
  function sourcesTable(claims, f, unit) {
    var best = f.print.length ? official(f.print[0]) : null;
    var head = add(el("tr"));
    ["Source", "As published", "Verdict", best ? "Off the figure to print" : "", "Quote"].forEach(function (h, j) {
      if (!h) return;
      var th = el("th", j === 1 || j === 3 ? "r" : "", h);
      th.setAttribute("scope", "col");
      head.appendChild(th);
    });
    var tbody = el("tbody");
    claims.forEach(function (c) {
      // The source links to its document (as its column head does), and says where the claim is written.
      var link = heads.has(c.source) ? heads.get(c.source).querySelector("a[href]") : null, name = el(link ? "a" : "span", "", c.source);
      if (link) name.href = link.getAttribute("href");
      var who = add(el("td", "nw"), swatch(c), name, el("div", "small fl", c.file + ":" + c.line));
      var quote = add(el("td", "qt"), quoteWithMarks(c));
      (c.flags || []).forEach(function (fl) { var a = el("a", "small", " " + fl[0]); a.href = "#" + fl[1]; add(quote, " ", a); });
      var verdict = add(el("td", "vc"), c.status ? badge(c.status, verdictWords(c)) : el("span", "small", "not judged"), c.status ? add(el("div", "vl small"), verdictWords(c)) : null);
      var gap = null;
      if (best) {
        var judged = (c.status === "confirmed" || c.status === "contradicted") && typeof c.n === "number";
        gap = el("td", "r nw", judged ? (c.lo <= best.n && best.n <= c.hi ? "holds it" : (c.n > best.n ? "+" : "") + amount(c.n - best.n, unit)) : "");
      }
      tbody.appendChild(add(el("tr", "st-" + (c.status || "none")), who, el("td", "r nw", c.published), verdict, gap, quote));
    });
    return add(el("div", "tw"), add(el("table", "t figt"), add(el("thead"), head), tbody));
  }
  function officialTable(f, unit) {
    var head = add(el("tr"));
    ["Official figure", "Table", "Release", "Basis", "Adjustment", "Where"].forEach(function (h, j) {
      var th = el("th", j === 0 ? "r" : "", h);
      th.setAttribute("scope", "col");
      head.appendChild(th);
    });
    var tbody = el("tbody");
    var rows = f.candidates.map(official).sort(function (a, b) { return cmp(a.basis, b.basis) || cmp(a.adjustment, b.adjustment) || cmp(b.vintage, a.vintage); });
    rows.forEach(function (o) {
      var printed = f.print.indexOf(o.index) >= 0, title = el("td");
      if (o.url) { var a = el("a", "", o.title); a.href = o.url; title.appendChild(a); } else title.textContent = o.title;
      var figure = add(el("td", "r nw"), el("b", "", amount(o.n, unit)), printed ? " " : null, printed ? el("span", "tag print-tag", "print") : null);
      tbody.appendChild(add(el("tr", printed ? "printed" : ""), figure, title, el("td", "", o.release), el("td", "", o.basis), el("td", "", o.adjustment), el("td", "fl", o.where)));
    });
    var d = add(el("details", "offs"), el("summary", "", "Official figures (" + rows.length + ", by basis, adjustment and vintage)"),
      add(el("div", "tw"), add(el("table", "t offt"), add(el("thead"), head), tbody)));
    d.open = true;
    return d;
  }
  function consensusLine(k, unit) {
    var range = k[1] === k[2] ? amount(num(k[1]), unit) : amount(num(k[1]), unit) + " to " + amount(num(k[2]), unit);
    var said = k[0] === "supported" ? "supported by " + k[3].join(", ") + " (their figures agree on " + range + ")" : k[0] === "disputed" ? "disputed: " + k[4].join(", ") + " give other figures" : "no other source to compare";
    return add(el("p", "cons"), el("b", "", "Consensus of the sources: "), said + (k[0] === "supported" && k[4].length ? "; against: " + k[4].join(", ") : ""));
  }
  function officialPoints(figs, metric, grain) {
    // The official series of a chart: the latest vintage of the series (basis, adjustment) the verdicts name most.
    var chosen = figs.filter(function (f) { return f.metric === metric && f.grain === grain && f.candidates.length; });
    var series = new Map();
    chosen.forEach(function (f) { if (f.print.length) { var o = official(f.print[0]), k = o.basis + "|" + o.adjustment; series.set(k, (series.get(k) || 0) + 1); } });
    var want = Array.from(series.keys()).sort(function (a, b) { return series.get(b) - series.get(a) || cmp(a, b); })[0];
    var points = [];
    chosen.forEach(function (f) {
      var same = f.candidates.map(official).filter(function (o) { return !want || o.basis + "|" + o.adjustment === want; });
      if (!same.length) return;
      var newest = same.reduce(function (a, b) { return cmp(b.vintage, a.vintage) > 0 ? b : a; });
      if (typeof newest.n === "number" && isFinite(newest.n)) points.push({ periodIndex: f.periodIndex, period: f.period, o: newest });
    });
    return points.sort(function (a, b) { return a.periodIndex - b.periodIndex; });
  }

  // --- charts: value by period, one mark per claim coloured and shaped by source ---
  var GRAINS = ["year", "half", "quarter", "month", "day", "range", "other"];
  var GRAIN_WORDS = { year: "years", half: "half-years", quarter: "quarters", month: "months", day: "dates", range: "multi-month spans", other: "other periods" };
  var W = 540, H = 200, L = 62, R = 12, T = 10, B = 40, PW = W - L - R, PH = H - T - B, BOTTOM = T + PH, RADIUS = 4.5, ROTATE_BELOW = 52;

  function entityCharts(name, claims, figs) {
    // One chart per series (metric, unit, product, period grain) with two figures or more.
    var series = new Map();
    claims.forEach(function (c) {
      if (c.kind !== "value" || typeof c.n !== "number" || !isFinite(c.n)) return;
      var key = JSON.stringify([c.metric, GRAINS.indexOf(c.grain), c.product, c.unit]);
      if (!series.has(key)) series.set(key, []);
      series.get(key).push(c);
    });
    var keys = Array.from(series.keys()).filter(function (k) { return series.get(k).length >= 2; });
    if (!keys.length) return null;
    keys.sort(function (a, b) { var x = JSON.parse(a), y = JSON.parse(b); return cmp(x[0], y[0]) || x[1] - y[1] || cmp(x[2], y[2]) || cmp(x[3], y[3]); });
    var box = el("div", "charts");
    keys.forEach(function (k) {
      var members = series.get(k), first = members[0];
      var title = name + " · " + words(first.metric) + (first.product ? " · " + first.product : "") + (first.grain !== "year" ? " (" + GRAIN_WORDS[first.grain] + ")" : "");
      var legend = el("span", "legend"), seen = new Set();
      members.forEach(function (c) { if (!seen.has(c.source)) { seen.add(c.source); add(legend, add(el("span", "li"), swatch(c), c.source)); } });
      var periods = new Set(members.map(function (c) { return c.periodIndex; }));
      var points = first.product ? [] : officialPoints(figs, first.metric, first.grain).filter(function (p) { return periods.has(p.periodIndex); });
      if (points.length) add(legend, add(el("span", "li"), add(el("i", "ol"), null), "official"));
      box.appendChild(add(el("figure"), add(el("figcaption", "", title + " "), legend), chart(title, members, first.unit, points)));
    });
    return box;
  }
  function cmp(a, b) { return a < b ? -1 : a > b ? 1 : 0; }
  function svg(tag, attrs, text) {
    var e = document.createElementNS(SVG, tag);
    for (var k in attrs) e.setAttribute(k, attrs[k]);
    if (text !== undefined) add(e, svgTitle(text));
    return e;
  }
  function svgTitle(text) { var t = document.createElementNS(SVG, "title"); t.textContent = text; return t; }
  function f1(x) { return x.toFixed(1); }

  function chart(title, claims, unit, points) {
    var s = scaleOf(claims, points.map(function (p) { return p.o.n; }));
    var root = svg("svg", { "class": "chart", viewBox: "0 0 " + W + " " + H, width: W, height: H, role: "img", "aria-label": title + ": value by period and source" });
    root.appendChild(svgTitle(title));
    // Layers in drawing order, later ones on top: shaded periods, y grid and labels, axes, x labels, spreads, marks.
    var hot = new Set(claims.filter(function (c) { return c.flags; }).map(function (c) { return c.periodIndex; }));
    s.periods.forEach(function (p) {
      if (hot.has(p.index)) root.appendChild(svg("rect", { "class": "hot", x: f1(s.left(p.index)), y: T, width: f1(s.band), height: PH }, p.label + ": figures here are part of a finding"));
    });
    var ticks = niceTicks(s.lo, s.hi), step = ticks.length > 1 ? ticks[1] - ticks[0] : 0;
    ticks.forEach(function (t) {
      var yy = s.y(t);
      root.appendChild(svg("line", { "class": t === 0 ? "zero" : "grid", x1: L, x2: W - R, y1: f1(yy), y2: f1(yy) }));
      var label = svg("text", { "class": "yt", x: L - 6, y: f1(yy + 3.5) });
      label.textContent = axisLabel(t, unit, step);
      root.appendChild(label);
    });
    root.appendChild(svg("line", { "class": "axis", x1: L, x2: L, y1: T, y2: BOTTOM }));
    root.appendChild(svg("line", { "class": "axis", x1: L, x2: W - R, y1: BOTTOM, y2: BOTTOM }));
    s.periods.forEach(function (p) {
      var x = s.centre(p.index);
      var t = s.band < ROTATE_BELOW ? svg("text", { "class": "xt r", transform: "translate(" + f1(x) + "," + (BOTTOM + 12) + ") rotate(-30)" }) : svg("text", { "class": "xt", x: f1(x), y: BOTTOM + 15 });
      t.textContent = p.label;
      root.appendChild(t);
    });
    spreads(s, claims).forEach(function (line) { root.appendChild(line); });
    if (points.length) officialLine(root, s, points, unit);
    claims.forEach(function (c) { mark(root, s, c); });
    return root;
  }
  function officialLine(root, s, points, unit) {
    // One point: a short level line across its period's column, so a lone official figure still reads as a line.
    var xy = points.length > 1 ? points.map(function (p) { return f1(s.centre(p.periodIndex)) + "," + f1(s.y(p.o.n)); })
      : [f1(s.left(points[0].periodIndex) + s.band * 0.15) + "," + f1(s.y(points[0].o.n)), f1(s.left(points[0].periodIndex) + s.band * 0.85) + "," + f1(s.y(points[0].o.n))];
    var o = points[0].o, g = svg("g", { "class": "official-series" });
    g.appendChild(svg("polyline", { "class": "official", points: xy.join(" ") }, "official: " + o.title + (o.basis ? ", " + o.basis + " basis" : "") + ", latest vintage"));
    points.forEach(function (p) {
      var x = s.centre(p.periodIndex), y = s.y(p.o.n);
      g.appendChild(svg("line", { "class": "official-pt", x1: f1(x - 7), x2: f1(x + 7), y1: f1(y), y2: f1(y) }, "official " + p.period + ": " + amount(p.o.n, unit) + " (" + describe(p.o) + ")"));
    });
    root.appendChild(g);
  }
  function scaleOf(claims, extra) {
    var byIndex = new Map();
    claims.forEach(function (c) { byIndex.set(c.periodIndex, c.period); });
    var periods = Array.from(byIndex.keys()).sort(function (a, b) { return a - b; }).map(function (i) { return { index: i, label: byIndex.get(i) }; });
    var column = new Map(periods.map(function (p, i) { return [p.index, i]; }));
    var bounds = [];
    claims.forEach(function (c) { bounds.push(c.n); [c.lo, c.hi].forEach(function (v) { if (typeof v === "number" && isFinite(v)) bounds.push(v); }); });
    (extra || []).forEach(function (v) { bounds.push(v); });
    var lo = Math.min.apply(null, bounds), hi = Math.max.apply(null, bounds);
    // Pad so no mark sits on the frame; equal figures get a range around them (or around 0).
    var pad = hi === lo ? (Math.abs(hi) * 0.1 || 1) : (hi - lo) * 0.12;
    lo -= pad; hi += pad;
    var band = PW / Math.max(periods.length, 1);
    var srcs = Array.from(new Set(claims.map(function (c) { return c.source; }))).sort();
    var step = Math.min(14, band / (srcs.length + 1));
    var s = {
      periods: periods, lo: lo, hi: hi, band: band,
      y: function (v) { return T + PH * (1 - (v - lo) / (hi - lo)); },
      left: function (p) { return L + band * column.get(p); },
      centre: function (p) { return L + band * (column.get(p) + 0.5); },
      // Sources side by side around the column's centre, so equal figures do not hide each other.
      x: function (p, source) { return s.centre(p) + (srcs.indexOf(source) - (srcs.length - 1) / 2) * step; }
    };
    return s;
  }
  function spreads(s, claims) {
    // At each period whose figures differ, a line from the lowest to the highest: the disagreement.
    var per = new Map();
    claims.forEach(function (c) { if (!per.has(c.periodIndex)) per.set(c.periodIndex, []); per.get(c.periodIndex).push(c.n); });
    var out = [];
    per.forEach(function (vals, p) {
      var lo = Math.min.apply(null, vals), hi = Math.max.apply(null, vals);
      if (lo !== hi) out.push(svg("line", { "class": "spread", x1: f1(s.centre(p)), x2: f1(s.centre(p)), y1: f1(s.y(lo)), y2: f1(s.y(hi)) }));
    });
    return out;
  }
  function mark(root, s, c) {
    var x = s.x(c.periodIndex, c.source), y = s.y(c.n);
    // The values a qualified or rounded figure allows; open ends run to the plot's edge.
    if (typeof c.lo === "number" && typeof c.hi === "number" && c.hi - c.lo > 0) {
      var y1 = c.hi === Infinity ? T : s.y(c.hi), y2 = c.lo === -Infinity ? BOTTOM : s.y(c.lo);
      root.appendChild(svg("line", { "class": "iv", x1: f1(x), x2: f1(x), y1: f1(Math.max(T, y1)), y2: f1(Math.min(BOTTOM, y2)), stroke: c.color }));
    }
    var r = RADIUS, cls = c.flags ? "m flag" : "m", shape;
    if (c.shape === "square") shape = svg("rect", { x: f1(x - r), y: f1(y - r), width: f1(2 * r), height: f1(2 * r) });
    else if (c.shape === "triangle") shape = svg("path", { d: "M" + f1(x) + " " + f1(y - r * 1.15) + "L" + f1(x + r * 1.1) + " " + f1(y + r * 0.8) + "H" + f1(x - r * 1.1) + "Z" });
    else if (c.shape === "diamond") shape = svg("path", { d: "M" + f1(x) + " " + f1(y - r * 1.25) + "L" + f1(x + r * 1.1) + " " + f1(y) + "L" + f1(x) + " " + f1(y + r * 1.25) + "L" + f1(x - r * 1.1) + " " + f1(y) + "Z" });
    else shape = svg("circle", { cx: f1(x), cy: f1(y), r: f1(r) });
    shape.setAttribute("class", cls);
    shape.setAttribute("fill", c.color);
    var g = svg("g", {});
    g.appendChild(shape);
    g.appendChild(svgTitle(c.source + " · " + c.period + " · " + c.published + " — “" + (c.quote || "") + "” (" + c.file + ":" + c.line + ")"));
    root.appendChild(g);
  }
  function niceTicks(lo, hi) {
    // About 4 ticks between lo and hi at round steps (1, 2, 2.5 or 5 times a power of ten).
    if (hi <= lo) return [lo];
    var raw = (hi - lo) / 4, mag = Math.pow(10, Math.floor(Math.log10(raw)));
    var step = [1, 2, 2.5, 5, 10].map(function (m) { return m * mag; }).filter(function (x) { return x >= raw; })[0];
    var ticks = [];
    // Stepping accumulates float error: allow a hair past hi, and snap a near-zero tick to 0.
    for (var t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) ticks.push(Math.abs(t) < step * 1e-9 ? 0 : t);
    return ticks;
  }
  function axisLabel(x, unit, step) {
    // A compact tick label with just enough decimals to tell ticks `step` apart.
    function decimals(scale) {
      if (step <= 0) return 2;
      var v = step / scale;
      for (var d = 0; d < 5; d++) { var p = Math.pow(10, d); if (Math.abs(Math.round(v * p) / p - v) <= 1e-9 * Math.max(1, Math.abs(v))) return d; }
      return 4;
    }
    function grouped(v, d) { return v.toLocaleString("en-US", { minimumFractionDigits: d, maximumFractionDigits: d }); }
    if (unit === "percent") return x.toFixed(decimals(1)) + "%";
    if (unit === "count" || unit === "rank") return grouped(x, decimals(1));
    var sign = x < 0 ? "−" : "", a = Math.abs(x);
    var units = [[1e12, "T"], [1e9, "B"], [1e6, "M"], [1e3, "K"]];
    for (var i = 0; i < units.length; i++) {
      if (a >= units[i][0] || (a === 0 && step >= units[i][0])) return sign + "$" + grouped(a / units[i][0], decimals(units[i][0])) + units[i][1];
    }
    return sign + "$" + grouped(a, decimals(1));
  }

  document.addEventListener("toggle", function (e) {
    var t = e.target;
    if (!t.open || !t.classList) return;
    if (t.classList.contains("f")) fill(t);
    else if (t.classList.contains("ent")) fillEntity(t);
  }, true);
  Array.prototype.forEach.call(document.querySelectorAll("details.f[open]"), fill);
  Array.prototype.forEach.call(document.querySelectorAll("details.ent[open]"), fillEntity);

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
      var p = rowsOf(f);
      if (p) p.rows.forEach(function (i) { t += " " + cardText(claim(i)); });
      t = t.toLowerCase().replace(/\s+/g, " ");
      texts.set(f, t);
    }
    return t;
  }

  function matches(f, wanted, terms) {
    for (var i = 0; i < wanted.length; i++) {
      var attr = wanted[i][0], value = wanted[i][1];
      var have = f.getAttribute("data-" + attr) || "";
      if (attr === "src" || attr === "ent" || attr === "ver") {
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
    if (attr === "src" || attr === "ent" || attr === "ver") return v ? v.split("|").join(" + ") : "(none)";
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
  function reveal(event, wanted) {
    var id = wanted || decodeURIComponent(location.hash.slice(1));
    if (!id || id.indexOf("filter:") === 0) return;
    var el = document.getElementById(id);
    if (!el) return;
    if (el.hidden) { document.getElementById("f-clear").click(); }
    for (var p = el; p; p = p.parentElement) if (p.tagName === "DETAILS") p.open = true;
    el.scrollIntoView();
  }
  window.addEventListener("hashchange", reveal);
  // hashchange comes after the click, and not at all when the address already names the target
  // (the same link clicked twice): reveal in-page targets on the click itself.
  document.addEventListener("click", function (event) {
    var a = event.target.closest && event.target.closest('a[href^="#"]');
    if (a && a.getAttribute("href").length > 1) reveal(event, decodeURIComponent(a.getAttribute("href").slice(1)));
  });

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
      Array.prototype.forEach.call(document.querySelectorAll("details.ent"), fillEntity);
      Array.prototype.forEach.call(document.querySelectorAll("details:not([open])"), function (d) { opened.push(d); d.open = true; });
    });
    window.addEventListener("afterprint", function () { opened.forEach(function (d) { d.open = false; }); opened = []; });
  }
})();
