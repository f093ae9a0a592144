// Search for the briefing portal: queries the static index the build writes under search/.
// The tokenizer below is the same as src/search/token.rs (tests/search.rs runs both on the
// same cases); the index layout is described in src/search/index.rs.
// Runs in the browser (the search page) and in node (the tests), without any library.
(function (root) {
  "use strict";

  var WORD = /[\p{Alphabetic}\p{N}]/u;
  // Longest run of units with a key of its own (src/search/index.rs: GRAM).
  var GRAM = 3;

  function fold(c) {
    var n = c.codePointAt(0);
    if (n >= 0xff01 && n <= 0xff5e) return String.fromCodePoint(n - 0xfee0);
    if (n === 0x3000) return " ";
    return c;
  }

  function isCjk(c) {
    var n = c.codePointAt(0);
    return (n >= 0x3040 && n <= 0x30ff) || (n >= 0x3400 && n <= 0x4dbf) ||
      (n >= 0x4e00 && n <= 0x9fff) || (n >= 0xac00 && n <= 0xd7af) ||
      (n >= 0xf900 && n <= 0xfaff) || (n >= 0x20000 && n <= 0x3134f);
  }

  function isDigit(c) { return c >= "0" && c <= "9"; }

  // An index in English (the search page's data-lang): white space joins a phrase's words,
  // and each word is cut to its stem. src/search/token.rs: Tongue, stem.
  var english = false;
  function setLanguage(lang) { english = /^en(?:[-_]|$)/i.test(lang || ""); }

  function isVowel(c) { return "aeiouy".indexOf(c) >= 0; }
  function stem(word) {
    if (word.length <= 3 || !/^[a-z]+$/.test(word)) return word;
    var s = word;
    if (s.length > 4 && /ies$/.test(s)) s = s.slice(0, -3) + "y";
    else if (/sses$/.test(s)) s = s.slice(0, -2);
    else if (/s$/.test(s) && !/(ss|us|is)$/.test(s)) s = s.slice(0, -1);
    var suffixes = ["ing", "ed"];
    for (var i = 0; i < suffixes.length; i++) {
      var rest = s.length - suffixes[i].length;
      if (rest >= 3 && s.slice(rest) === suffixes[i] && /[aeiouy]/.test(s.slice(0, rest))) {
        s = s.slice(0, rest);
        var last = s[s.length - 1];
        if (last === s[s.length - 2] && !isVowel(last) && "lsz".indexOf(last) < 0) s = s.slice(0, -1);
        break;
      }
    }
    return s;
  }

  // A character that is a unit on its own wherever it stands (a "." is one between digits).
  function standsAlone(c) { return isCjk(c) || isDigit(c); }

  // Units of `text`: {text, pos, start, end} with start/end in UTF-16 code units.
  function tokenize(text) {
    var chars = [];
    for (var i = 0; i < text.length;) {
      var cp = text.codePointAt(i);
      var len = cp > 0xffff ? 2 : 1;
      chars.push({ at: i, c: fold(String.fromCodePoint(cp)) });
      i += len;
    }
    var endOf = function (k) { return k < chars.length ? chars[k].at : text.length; };
    var units = [], pos = 0, gap = false, k = 0;
    while (k < chars.length) {
      var c = chars[k].c, unit, next;
      var point = c === "." && k > 0 && isDigit(chars[k - 1].c) &&
        k + 1 < chars.length && isDigit(chars[k + 1].c);
      if (standsAlone(c) || point) {
        unit = c; next = k + 1;
      } else if (WORD.test(c)) {
        var j = k, run = "";
        while (j < chars.length && WORD.test(chars[j].c) && !standsAlone(chars[j].c)) {
          run += chars[j].c.toLowerCase(); j++;
        }
        unit = english ? stem(run) : run; next = j;
      } else {
        gap = gap || (units.length > 0 && !(english && /\s/.test(c))); k++; continue;
      }
      if (gap) { pos++; gap = false; }
      units.push({ text: unit, pos: pos, start: chars[k].at, end: endOf(next) });
      pos++;
      k = next;
    }
    return units;
  }

  // The units of `query` cut at gaps.
  function runsOf(query) {
    var runs = [], last = null;
    tokenize(query).forEach(function (u) {
      if (last === null || u.pos !== last + 1) runs.push([]);
      last = u.pos;
      runs[runs.length - 1].push(u.text);
    });
    return runs;
  }

  // A query's runs of units that must stand together; every run must match. In English,
  // words in quotes are a phrase, one run; other words are runs of their own.
  function queryRuns(query) {
    if (!english) return runsOf(query);
    var runs = [];
    query.split(/["\u201c\u201d]/).forEach(function (part, i) {
      if (i % 2) { runs = runs.concat(runsOf(part)); return; }
      part.split(/\s+/).forEach(function (w) { if (w) runs = runs.concat(runsOf(w)); });
    });
    return runs;
  }

  function mix(h, unit) { return Math.imul(h ^ unit, 0x01000193) >>> 0; }

  // The shard hash of a key (units separated by spaces): FNV-1a's step over each unit's hash,
  // a character unit's (CJK, digit, decimal point) being its code point and a word's the FNV-1a
  // of its UTF-8 bytes
  // (src/search/index.rs: key_hash).
  function keyHash(key) {
    return key.split(" ").reduce(function (h, unit) {
      var cp = unit.codePointAt(0), single = unit.length === (cp > 0xffff ? 2 : 1);
      var uh;
      if (single && (standsAlone(unit) || unit === ".")) uh = cp;
      else {
        uh = 0x811c9dc5;
        new TextEncoder().encode(unit).forEach(function (b) { uh = Math.imul(uh ^ b, 0x01000193) >>> 0; });
      }
      return mix(h, uh);
    }, 0x811c9dc5);
  }

  function Reader(bytes, at) { this.b = bytes; this.i = at || 0; }
  Reader.prototype.varint = function () {
    var v = 0, shift = 0, byte;
    do { byte = this.b[this.i++]; v += (byte & 0x7f) * Math.pow(2, shift); shift += 7; } while (byte & 0x80);
    return v;
  };

  // A shard: the build it belongs to, and key -> [start, end) of its postings, decoded on
  // demand.
  function parseShard(bytes) {
    var r = new Reader(bytes), dec = new TextDecoder(), blen = r.varint();
    var build = dec.decode(bytes.subarray(r.i, r.i + blen));
    r.i += blen;
    var n = r.varint(), keys = new Map();
    for (var i = 0; i < n; i++) {
      var klen = r.varint(), key = dec.decode(bytes.subarray(r.i, r.i + klen));
      r.i += klen;
      var plen = r.varint();
      keys.set(key, [r.i, r.i + plen]);
      r.i += plen;
    }
    return { build: build, bytes: bytes, keys: keys };
  }

  // A key's briefs, over all `n` briefs: 1 + the rank of the best field a brief has the key in
  // (0 title, 1 tags, domains and regions, 2 summary, 3 headings, 4 body), 0 for the briefs
  // without it. The index lists each brief once per key.
  function postings(shard, key, n) {
    var out = new Uint8Array(n), span = shard.keys.get(key), bytes = shard.bytes;
    if (!span) return out;
    var r = new Reader(bytes, span[0]), ranks = r.varint();
    for (var f = 0; f < ranks; f++) {
      var head = bytes[r.i++], mark = (head & 7) + 1, kind = head >> 3;
      var len = r.varint(), end = r.i + len;
      if (kind === 1) {
        for (var byte = r.i, doc = 0; byte < end; byte++, doc += 8) {
          for (var bits = bytes[byte], bit = 0; bits; bit++, bits >>= 1) {
            if (bits & 1 && doc + bit < n) out[doc + bit] = mark;
          }
        }
        r.i = end;
      } else {
        var d = -1;
        while (r.i < end) {
          var step = r.varint();
          d = d < 0 ? step : d + step;
          if (d < n) out[d] = mark;
        }
      }
    }
    return out;
  }

  // The keys that find a run: itself up to three units, else every three-unit piece of it.
  function keysOf(run) {
    if (run.length <= GRAM) return [run.join(" ")];
    var keys = [];
    for (var i = 0; i + GRAM <= run.length; i++) keys.push(run.slice(i, i + GRAM).join(" "));
    return keys;
  }

  // The search engine over an index. `load(path, kind)` returns a promise of an index file
  // ("json" parsed, "bin" a Uint8Array), paths relative to the index folder; `pageText(url)`
  // a promise of the searchable text of a brief's page: {head (title, chips), body}.
  function Engine(load, pageText, shards) {
    this.load = load;
    this.pageText = pageText;
    // The shard count the page was built with, if it says (0: wait for the manifest).
    this.hint = shards || 0;
    // Shards fetched before the manifest arrived: used if the manifest names their build.
    this.early = new Map();
    this.shards = new Map();
    this.chunks = new Map();
    this.manifest = null;
  }

  Engine.prototype.open = function () {
    var self = this;
    if (!this.manifest) this.manifest = this.load("index.json", "json");
    return this.manifest.then(function (m) { self.m = m; return m; });
  };

  Engine.prototype.shard = function (n) {
    if (!this.shards.has(n)) {
      var self = this, early = this.m.shards === this.hint && this.early.get(n);
      var fresh = function () {
        return self.load("s/" + n + ".bin?v=" + self.m.build, "bin").then(parseShard);
      };
      this.shards.set(n, early ? early.then(function (s) {
        return s.build === self.m.build ? s : fresh();
      }, fresh) : fresh());
    }
    return this.shards.get(n);
  };

  // Start fetching the shards of `query`'s keys while the manifest is on its way, when the
  // page said how many shards there are: a round trip less. A shard from another build (a
  // page or shard cached from before a new build) is fetched again, as the manifest names it.
  Engine.prototype.prefetch = function (query) {
    if (!this.hint || this.m) return;
    var self = this, mask = this.hint - 1;
    queryRuns(query).forEach(function (run) {
      keysOf(run).forEach(function (k) {
        var n = keyHash(k) & mask;
        if (self.early.has(n)) return;
        var shard = self.load("s/" + n + ".bin", "bin").then(parseShard);
        shard.catch(function () {}); // a miss is fetched again as the manifest names it
        self.early.set(n, shard);
      });
    });
  };

  // The briefs that have a run, as `postings` gives them (1 + rank, 0 without). A run of more
  // than three units is found by its pieces (a brief has their worst rank); such briefs are
  // confirmed against their text before they are shown.
  Engine.prototype.matchRun = function (run) {
    var self = this, keys = keysOf(run), mask = this.m.shards - 1, n = this.m.briefs;
    return Promise.all(keys.map(function (k) { return self.shard(keyHash(k) & mask); }))
      .then(function (shards) {
        var out = postings(shards[0], keys[0], n);
        for (var i = 1; i < keys.length; i++) {
          var list = postings(shards[i], keys[i], n);
          for (var d = 0; d < n; d++) out[d] = out[d] && list[d] ? Math.max(out[d], list[d]) : 0;
        }
        return out;
      });
  };

  // Every brief that has every run of `query`, best first: {runs, confirm, results: [{id,
  // rank, domain, year}]}. `confirm`: some run is longer than three units, so each result
  // must be confirmed (Engine.prototype.show does) before it is shown.
  Engine.prototype.search = function (query) {
    var self = this, runs = queryRuns(query);
    var confirm = runs.some(function (r) { return r.length > GRAM; });
    if (!runs.length) return Promise.resolve({ runs: runs, confirm: false, results: [] });
    this.prefetch(query);
    return this.open().then(function (m) {
      return Promise.all(runs.map(function (r) { return self.matchRun(r); })).then(function (marks) {
        // By the sum of the runs' ranks, then by id (the lower id is the newer brief): briefs
        // are visited in id order into one list per rank sum.
        var byRank = [];
        for (var d = 0; d < m.briefs; d++) {
          var total = 0;
          for (var i = 0; i < marks.length && total >= 0; i++) total = marks[i][d] ? total + marks[i][d] - 1 : -1;
          if (total < 0) continue;
          (byRank[total] || (byRank[total] = [])).push(d);
        }
        var results = [];
        byRank.forEach(function (ids, rank) {
          ids.forEach(function (doc) {
            results.push({
              id: doc,
              rank: rank,
              domain: m.domains[m.table.charCodeAt(2 * doc) - 48].key,
              year: m.years[m.table.charCodeAt(2 * doc + 1) - 48]
            });
          });
        });
        return { runs: runs, confirm: confirm, results: results };
      });
    });
  };

  // A brief's title, address, date and domain name.
  Engine.prototype.brief = function (id) {
    var m = this.m, n = Math.floor(id / m.chunk);
    if (!this.chunks.has(n)) this.chunks.set(n, this.load("m/" + n + ".json?v=" + m.build, "json"));
    return this.chunks.get(n).then(function (chunk) {
      var b = chunk[id - n * m.chunk];
      return { id: id, title: b[0], url: b[1], date: b[2], domain: m.domains[b[3]].name };
    });
  };

  // A brief's page, checked: {ok, snippet}. The page gives the text around the first match;
  // a brief whose text turns out not to have every run (possible only for runs longer than
  // three units) is not ok; a match only in the summary gives the summary as the snippet. A
  // page that cannot be fetched leaves no snippet.
  Engine.prototype.check = function (found, b) {
    return Promise.resolve(this.pageText(b.url)).then(
      function (page) {
        var summary = page.summary || "";
        var whole = b.title + "\n" + summary + "\n" + page.head + "\n" + page.body;
        var ok = !found.confirm || found.runs.every(function (run) { return matches(whole, [run]).length; });
        return { ok: ok, snippet: snippet(page.body, found.runs, 90) || snippet(summary, found.runs, 90), summary: summary };
      },
      function () { return { ok: true, snippet: null, summary: "" }; });
  };

  // The briefs of `results`, checked: {shown: [{brief, snippet}], dropped}.
  Engine.prototype.show = function (found, results) {
    var self = this;
    return Promise.all(results.map(function (r) {
      return self.brief(r.id).then(function (b) {
        return self.check(found, b).then(function (c) { return [b, c]; });
      });
    })).then(function (pairs) {
      var shown = [], dropped = 0;
      pairs.forEach(function (pair) {
        if (pair[1].ok) shown.push({ brief: pair[0], snippet: pair[1].snippet });
        else dropped++;
      });
      return { shown: shown, dropped: dropped };
    });
  };

  // Where the runs occur in `text`: sorted, merged [start, end) ranges (UTF-16 offsets).
  function matches(text, runs) {
    var units = tokenize(text), ranges = [];
    runs.forEach(function (run) {
      for (var i = 0; i + run.length <= units.length; i++) {
        var ok = true;
        for (var j = 0; j < run.length && ok; j++) {
          ok = units[i + j].text === run[j] && units[i + j].pos === units[i].pos + j;
        }
        if (ok) ranges.push([units[i].start, units[i + run.length - 1].end]);
      }
    });
    ranges.sort(function (a, b) { return a[0] - b[0]; });
    return ranges.filter(function (r, i) { return i === 0 || r[0] >= ranges[i - 1][1]; });
  }

  // A window of `text` around its first match: {before, parts: [[text, marked]], after}.
  function snippet(text, runs, width) {
    var found = matches(text, runs);
    if (!found.length) return null;
    var from = Math.max(0, found[0][0] - Math.floor(width / 3));
    var to = Math.min(text.length, from + width);
    var parts = [], at = from;
    found.forEach(function (r) {
      if (r[0] < at || r[1] > to) return;
      if (r[0] > at) parts.push([text.slice(at, r[0]), false]);
      parts.push([text.slice(r[0], r[1]), true]);
      at = r[1];
    });
    if (at < to) parts.push([text.slice(at, to), false]);
    return { cut_start: from > 0, cut_end: to < text.length, parts: parts };
  }

  var api = { tokenize: tokenize, queryRuns: queryRuns, keyHash: keyHash, Engine: Engine,
    matches: matches, snippet: snippet, stem: stem, setLanguage: setLanguage };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  else root.briefingSearch = api;
})(this);

// The search page: reads ?q=&domain=&year=&page=, shows the results. Needs a DOM.
(function () {
  if (typeof document === "undefined") return;
  var box = document.getElementById("search-app");
  if (!box || !window.fetch || !window.DOMParser) return;
  var S = window.briefingSearch;
  var strings = JSON.parse(document.getElementById("search-strings").textContent);
  var indexUrl = box.getAttribute("data-index");
  S.setLanguage(box.getAttribute("data-lang"));
  var BLOCK = /^(P|LI|H[1-6]|TD|TH|DT|DD|BLOCKQUOTE|PRE|DIV|SECTION|HEADER|TR|UL|OL|TABLE)$/;
  // The searchable text of a page: its [data-search] parts, a line per block.
  function textOf(node, out) {
    node.childNodes.forEach(function (n) {
      if (n.nodeType === 3) out.push(n.nodeValue);
      else if (n.nodeType === 1) {
        textOf(n, out);
        if (BLOCK.test(n.nodeName)) out.push("\n");
      }
    });
    return out;
  }
  var engine = new S.Engine(function (path, kind) {
    return fetch(indexUrl + path, path === "index.json" ? { cache: "no-cache" } : {})
      .then(function (r) {
        if (!r.ok) throw new Error(r.status + " " + path);
        return kind === "bin" ? r.arrayBuffer().then(function (b) { return new Uint8Array(b); }) : r.json();
      });
  }, function (url) {
    return fetch(url).then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); }).then(function (html) {
      var doc = new DOMParser().parseFromString(html, "text/html");
      var part = function (name) {
        var el = doc.querySelector('[data-search="' + name + '"]');
        return el ? textOf(el, []).join("") : "";
      };
      var body = part("body");
      var meta = doc.querySelector('meta[name="description"]');
      return { head: part("head"), body: body || textOf(doc.body, []).join(""), summary: meta ? meta.getAttribute("content") : "" };
    });
  }, parseInt(box.getAttribute("data-shards"), 10) || 0);
  var params = new URLSearchParams(location.search);
  var q = (params.get("q") || "").trim();
  var domain = params.get("domain") || "";
  var year = params.get("year") || "";
  var page = Math.max(1, parseInt(params.get("page") || "1", 10) || 1);
  var PER = 10;
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var pager = document.getElementById("search-pages");
  var input = document.getElementById("search-q");
  if (input) input.value = q;
  box.hidden = false;
  function fill(text, vars) {
    return text.replace(/\{(\w+)\}/g, function (_, k) { return vars[k] === undefined ? "" : vars[k]; });
  }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function marked(parent, text, runs) {
    var at = 0;
    S.matches(text, runs).forEach(function (r) {
      if (r[0] > at) parent.appendChild(document.createTextNode(text.slice(at, r[0])));
      parent.appendChild(el("mark", null, text.slice(r[0], r[1])));
      at = r[1];
    });
    if (at < text.length) parent.appendChild(document.createTextNode(text.slice(at)));
  }
  function url(over) {
    var p = new URLSearchParams({ q: q });
    var v = Object.assign({ domain: domain, year: year, page: 1 }, over);
    if (v.domain) p.set("domain", v.domain);
    if (v.year) p.set("year", v.year);
    if (v.page > 1) p.set("page", v.page);
    return "?" + p.toString();
  }
  // The filter form, shown with the results (so they do not move when it fills in) and
  // filled in with the counts once they are on screen.
  var form = document.getElementById("search-filters");
  function showFilters(all) {
    if (!form) return;
    form.querySelector("[name=q]").value = q;
    form.hidden = all.length === 0;
  }
  function filters(m, all) {
    // No manifest is read for a query without a letter or digit: nothing to count.
    if (!form || !m) return;
    var dsel = form.querySelector("[name=domain]"), ysel = form.querySelector("[name=year]");
    m.domains.forEach(function (d) {
      var n = all.filter(function (r) { return r.domain === d.key; }).length;
      if (n) dsel.appendChild(new Option(d.name + " (" + n + ")", d.key, false, d.key === domain));
    });
    m.years.forEach(function (y) {
      var n = all.filter(function (r) { return r.year === y; }).length;
      if (n) ysel.appendChild(new Option(y + " (" + n + ")", String(y), false, String(y) === year));
    });
  }
  function fillSnippet(p, sn, fallback) {
    p.textContent = "";
    if (!sn) { p.textContent = fallback; return; }
    if (sn.cut_start) p.appendChild(document.createTextNode("…"));
    sn.parts.forEach(function (part) {
      p.appendChild(part[1] ? el("mark", null, part[0]) : document.createTextNode(part[0]));
    });
    if (sn.cut_end) p.appendChild(document.createTextNode("…"));
  }
  // Show a result at once (its snippet follows from its page); returns its item and snippet
  // line.
  function render(b, runs) {
    var li = el("li", "result");
    var h = el("h2", "result-title"), a = el("a");
    a.href = b.url;
    marked(a, b.title, runs);
    h.appendChild(a);
    li.appendChild(h);
    li.appendChild(el("p", "result-meta", b.date + " · " + b.domain));
    var p = el("p", "result-snippet");
    li.appendChild(p);
    list.appendChild(li);
    return { li: li, p: p };
  }
  if (!q) { status.textContent = strings.empty; return; }
  status.textContent = strings.searching;
  engine.search(q).then(function (found) {
    var all = found.results.filter(function (r) {
      return (!domain || r.domain === domain) && (!year || String(r.year) === year);
    });
    var pages = Math.max(1, Math.ceil(all.length / PER));
    page = Math.min(page, pages);
    var say = function (n) {
      status.textContent = n ? fill(strings.count, { n: n, q: q }) : fill(strings.none, { q: q });
    };
    var slice = all.slice((page - 1) * PER, page * PER);
    var count = all.length;
    say(count);
    showFilters(found.results);
    if (pages > 1) {
      if (page > 1) { var prev = el("a", "prev", strings.prev_page); prev.href = url({ page: page - 1 }); pager.appendChild(prev); }
      pager.appendChild(el("span", "current", page + " / " + pages));
      if (page < pages) { var next = el("a", "next", strings.next_page); next.href = url({ page: page + 1 }); pager.appendChild(next); }
    }
    // A result shows as soon as its title is in and the ones above it show; each snippet
    // follows from its page.
    var briefs = slice.map(function (r) { return engine.brief(r.id); });
    var shown = [];
    var titled = briefs.reduce(function (before, brief) {
      return before.then(function () { return brief; }).then(function (b) {
        shown.push({ brief: b, item: render(b, found.runs) });
      });
    }, Promise.resolve());
    return titled.then(function () {
      // The pages are fetched and read, and the filters counted, once the titles are on
      // screen, so that work does not hold back their first paint.
      var done = false;
      var rest = function () {
        if (done) return;
        done = true;
        filters(engine.m, found.results);
        shown.forEach(function (s) {
          engine.check(found, s.brief).then(function (c) {
            if (!c.ok) {
              s.item.li.remove();
              say(--count);
            } else {
              fillSnippet(s.item.p, c.snippet, c.summary);
            }
          });
        });
      };
      requestAnimationFrame(function () { setTimeout(rest, 0); });
      setTimeout(rest, 100); // no frames in a background tab
    });
  }).catch(function () {
    status.textContent = strings.failed;
  });
})();
