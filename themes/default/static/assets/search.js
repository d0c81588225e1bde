// The search box. The build writes the index as small scripts in
// assets/search/ (generator/searchparts.go): a manifest, loaded the first
// time the box is used, then for each query only the shards that hold
// its words and the chunks that hold the results it shows. A short word,
// as the first keys of a query are, comes ranked by the build in the
// shard of its word, so that results show from the first key. Each part
// is loaded by adding a script element, which works from file:// where
// fetch does not, and hands its data to handbookSearch below; the
// single-file edition carries every part inline. Without this script the
// box is a link to the site index.
(function () {
  "use strict";

  // The same table as foldTable in generator/searchterms.go: a test keeps
  // the two equal, so that the page folds queries as the build folded text.
  var FOLD = "a:àáâãäåāăąǎ c:çćĉċč d:ďđð e:èéêëēĕėęěȩ g:ĝğġģǧ h:ĥħ i:ìíîïĩīĭįıǐ j:ĵ k:ķǩ l:ĺļľŀł n:ñńņňŉ o:òóôõöøōŏőǒǿ r:ŕŗř s:śŝşšș t:ţťŧț u:ùúûüũūŭůűųǔǖǘǚǜ w:ŵ y:ýÿŷ z:źżž ae:æǽ oe:œ ss:ß th:þ ij:ĳ σ:ς";
  // varintDigits in generator/search.go: the characters of the postings.
  var DIGITS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_";
  var MAX_RESULTS = 12;
  // A word scores by the best field it is found in, then by how it
  // matches; the field always counts for more. A page whose words are
  // close together scores more: in one part of the page (CLOSE), and next
  // to each other (up to NEAR, less one for each word between them).
  var FIELD = [0, 10, 20, 30];
  var EXACT = 6, PREFIX = 3, TYPO = [EXACT, 1, 0]; // TYPO[n] for n typos
  var CLOSE = 4, NEAR = 4;
  // The most a word may load of the shards that hold the terms it
  // begins, or that are a typo away: a word too short to stay within it
  // is matched whole until more is typed.
  var WORD_BYTES = 256 << 10;

  var fold = {};
  FOLD.split(" ").forEach(function (group) {
    var i = group.indexOf(":");
    Array.from(group.slice(i + 1)).forEach(function (c) { fold[c] = group.slice(0, i); });
  });
  var DEC = [];
  for (var d = 0; d < DIGITS.length; d++) DEC[DIGITS.charCodeAt(d)] = d;

  var LETTER = /[\p{L}\p{N}]/u;
  var CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u30fc]/u;
  var SEPARATORS = ",.'\u2019\u00a0\u202f\u2009";

  function isDigit(c) { return c >= 48 && c <= 57; }

  // groupFollows reports whether text has exactly three digits at i.
  function groupFollows(text, i) {
    return isDigit(text.charCodeAt(i)) && isDigit(text.charCodeAt(i + 1)) && isDigit(text.charCodeAt(i + 2)) &&
      !isDigit(text.charCodeAt(i + 3));
  }

  // eachTerm calls yield(term, raw, start, end) for each term of text by
  // the rules of folder in generator/searchterms.go: raw is the word
  // before stemming, and start and end are where it is in text.
  function eachTerm(text, yield_) {
    var b = "", digits = true, latin = true, start = 0, end = 0;
    var c0 = "", c1 = "", s0 = 0, s1 = 0, e1 = 0, run = 0;
    function flushWord() {
      if (b) yield_(latin && !digits ? stem(b) : b, b, start, end);
      b = "";
      digits = latin = true;
    }
    function flushCJK() {
      if (run === 1) yield_(c1, c1, s1, e1);
      run = 0;
    }
    function append(s, at, to) {
      if (!b) start = at;
      b += s;
      end = to;
    }
    for (var i = 0; i < text.length;) {
      var at = i, cp = text.charCodeAt(i);
      if (cp < 128) {
        i++;
        if (run > 0) flushCJK();
        if (cp >= 97 && cp <= 122) {
          append(text[at], at, i);
          digits = false;
        } else if (cp >= 65 && cp <= 90) {
          append(String.fromCharCode(cp + 32), at, i);
          digits = false;
        } else if (isDigit(cp)) {
          append(text[at], at, i);
          latin = false;
        } else if (!(digits && b && SEPARATORS.indexOf(text[at]) >= 0 && groupFollows(text, i))) {
          flushWord();
        }
        continue;
      }
      cp = text.codePointAt(i);
      var ch = String.fromCodePoint(cp);
      i += ch.length;
      var lower = Array.from(ch.toLowerCase());
      for (var j = 0; j < lower.length; j++) {
        var c = lower[j], code = c.codePointAt(0);
        if (code >= 0x300 && code <= 0x36f) {
          if (b) end = i; // a combining mark belongs to the letter before it
        } else if (CJK.test(c)) {
          flushWord();
          c0 = c1; s0 = s1;
          c1 = c; s1 = at; e1 = i;
          run++;
          if (run >= 2) yield_(c0 + c1, c0 + c1, s0, e1);
        } else if (digits && b && SEPARATORS.indexOf(c) >= 0 && groupFollows(text, i)) {
          // The separator is dropped and the number goes on.
        } else if (fold[c] !== undefined) {
          flushCJK();
          append(fold[c], at, i);
          digits = false;
          latin = latin && fold[c].charCodeAt(0) < 128;
        } else if (LETTER.test(c)) {
          flushCJK();
          append(c, at, i);
          digits = latin = false;
        } else {
          flushWord();
          flushCJK();
        }
      }
    }
    flushWord();
    flushCJK();
  }

  // stem is stem in generator/searchterms.go: the first step of Porter's
  // stemmer, for plurals, -ed and -ing, and a final y.
  function stem(w) {
    if (w.length <= 2) return w;
    if (/(sses|ies)$/.test(w)) w = w.slice(0, -2);
    else if (!/ss$/.test(w) && /s$/.test(w)) w = w.slice(0, -1);
    var more = false;
    if (/eed$/.test(w)) {
      if (measure(w.slice(0, -3)) > 0) w = w.slice(0, -1);
    } else if (/ed$/.test(w) && hasVowel(w.slice(0, -2))) {
      w = w.slice(0, -2);
      more = true;
    } else if (/ing$/.test(w) && hasVowel(w.slice(0, -3))) {
      w = w.slice(0, -3);
      more = true;
    }
    if (more) {
      var n = w.length, last = w.charAt(n - 1);
      if (/(at|bl|iz)$/.test(w)) w += "e";
      else if (n >= 2 && last === w.charAt(n - 2) && consonant(w, n - 1) && "lsz".indexOf(last) < 0) w = w.slice(0, -1);
      else if (measure(w) === 1 && endsCVC(w)) w += "e";
    }
    if (w.length > 1 && w.charAt(w.length - 1) === "y" && hasVowel(w.slice(0, -1))) w = w.slice(0, -1) + "i";
    return w;
  }

  function consonant(w, i) {
    var c = w.charAt(i);
    if ("aeiou".indexOf(c) >= 0) return false;
    if (c === "y") return i === 0 || !consonant(w, i - 1);
    return true;
  }

  function measure(w) {
    var m = 0, i = 0, n = w.length;
    while (i < n && consonant(w, i)) i++;
    while (i < n) {
      while (i < n && !consonant(w, i)) i++;
      if (i === n) break;
      while (i < n && consonant(w, i)) i++;
      m++;
    }
    return m;
  }

  function hasVowel(w) {
    for (var i = 0; i < w.length; i++) if (!consonant(w, i)) return true;
    return false;
  }

  function endsCVC(w) {
    var n = w.length;
    return n >= 3 && consonant(w, n - 3) && !consonant(w, n - 2) && consonant(w, n - 1) && "wxy".indexOf(w.charAt(n - 1)) < 0;
  }

  // parse turns a query into its words. Each is looked up whole, by
  // prefix and, when it is long enough, with one typo (five letters or
  // more) or two (nine or more). The last word, while it is being typed,
  // also matches by what it will likely become: "hirin" as "hir…".
  function parse(query) {
    var words = [], seen = {};
    eachTerm(query, function (term, raw) {
      if (seen[term]) return;
      seen[term] = true;
      var letters = Array.from(raw).length, plain = !/[0-9]/.test(raw) && !CJK.test(raw);
      words.push({
        term: term, raw: raw, prefixes: [term],
        edits: !plain ? 0 : letters >= 9 ? 2 : letters >= 5 ? 1 : 0
      });
    });
    var last = words[words.length - 1];
    if (last && !/\s$/.test(query)) {
      var m = /^(.{3,}?)(ie|in|i|e)$/.exec(last.raw);
      if (m && last.prefixes.indexOf(m[1]) < 0) last.prefixes.push(m[1]);
    }
    return words;
  }

  function lowerBound(list, x) {
    var lo = 0, hi = list.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (list[mid] < x) lo = mid + 1; else hi = mid;
    }
    return lo;
  }

  // lastAtMost returns the index of the last item of a sorted list that
  // is at most x: the shard that would hold a term, the chunk that holds
  // an entry.
  function lastAtMost(list, x) {
    var lo = 0, hi = list.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (list[mid] <= x) lo = mid + 1; else hi = mid;
    }
    return lo - 1;
  }

  function firstChars(s, n) { return Array.from(s).slice(0, n).join(""); }

  // The parts of the index loaded so far, by name: "m" for the manifest,
  // "t3" for shard 3, "d7" for chunk 7.
  var parts = {};
  window.handbookSearch = function (kind, n, a, b, c) {
    if (kind === "m") parts.m = n;
    else if (kind === "t") parts["t" + n] = { terms: a, post: b, tops: c || {}, decoded: [] };
    else if (kind === "d") parts["d" + n] = a;
  };
  // terms returns the terms of a text as the index holds them: for the
  // tests that hold this script to the build's rules, and for anyone
  // puzzled by a query.
  window.handbookSearch.terms = function (text) {
    var out = [];
    eachTerm(text, function (term) { out.push(term); });
    return out;
  };
  var waiting = {}; // callbacks by the name of a part whose script is loading

  // load loads the parts named that are not loaded yet, each by a script
  // element, and then calls done with whether all of them arrived.
  function load(base, names, done) {
    var left = 0, ok = true;
    names.forEach(function (name) {
      if (parts[name]) return;
      left++;
      if (!waiting[name]) {
        waiting[name] = [];
        var s = document.createElement("script");
        s.src = base + (name === "m" ? "manifest" : name.charAt(0) + "-" + name.slice(1)) + ".js";
        s.onload = s.onerror = function () {
          var then = waiting[name];
          delete waiting[name];
          s.remove();
          then.forEach(function (f) { f(!!parts[name]); });
        };
        document.head.appendChild(s);
      }
      waiting[name].push(function (arrived) {
        ok = ok && arrived;
        if (--left === 0) done(ok);
      });
    });
    if (left === 0) done(true);
  }

  // shards returns the shards that hold the terms from lo to hi. A shard
  // left empty has the bound of the one after it, and is skipped.
  function shards(m, lo, hi) {
    var out = [];
    for (var i = lastAtMost(m.t, lo), b = lastAtMost(m.t, hi); i <= b; i++) {
      if (i === m.t.length - 1 || m.t[i] !== m.t[i + 1]) out.push(i);
    }
    return out;
  }

  // shardsFor notes in need the shards each word is looked up in: the
  // shard of the word, then those of the terms it begins and of the
  // terms a typo away, as long as the word's shards stay within
  // WORD_BYTES. It drops the prefixes left out.
  function shardsFor(m, words, need) {
    words.forEach(function (w) {
      w.shards = {};
      var bytes = 0;
      var take = function (list) {
        var more = 0;
        list.forEach(function (i) { if (!w.shards[i]) more += m.n[i]; });
        if (bytes + more > WORD_BYTES) return false;
        bytes += more;
        list.forEach(function (i) { w.shards[i] = true; need["t" + i] = true; });
        return true;
      };
      take([lastAtMost(m.t, w.term)]);
      w.prefixes = w.prefixes.filter(function (p) { return take(shards(m, p, p + "\uffff")); });
      if (w.edits) {
        var two = firstChars(w.term, 2);
        take(shards(m, two, two + "\uffff"));
      }
    });
  }

  // typos returns how many edits (insertions, deletions, substitutions
  // and swaps of neighbours) turn a into b, or max + 1 if more than max.
  function typos(a, b, max) {
    a = Array.from(a);
    b = Array.from(b);
    if (Math.abs(a.length - b.length) > max) return max + 1;
    var prev2 = [], prev = [], row = [];
    for (var j = 0; j <= b.length; j++) prev[j] = j;
    for (var i = 1; i <= a.length; i++) {
      row = [i];
      var least = i;
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var v = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
        row[j] = v;
        if (v < least) least = v;
      }
      if (least > max) return max + 1;
      prev2 = prev;
      prev = row;
    }
    return prev[b.length];
  }

  // varint reads the number at i of a posting list, and leaves in
  // varintEnd where the next one starts.
  var varintEnd = 0;
  function varint(s, i) {
    var v = 0, mul = 1, x;
    while ((x = DEC[s.charCodeAt(i++)] | 0) >= 32) {
      v += (x - 32) * mul;
      mul *= 32;
    }
    varintEnd = i;
    return v + x * mul;
  }

  // decode reads term k of a shard's postings (see postings in
  // generator/search.go) into the entry, doc and field of each, in order.
  function decode(shard, k) {
    if (shard.decoded[k]) return shard.decoded[k];
    // Every posting takes a character at least.
    var s = shard.post[k], len = s.length, i = 0, n = 0, entry = -1;
    var e = new Int32Array(len), d = new Int32Array(len), f = new Uint8Array(len);
    while (i < len) {
      var head = varint(s, i), count = head % 4 + 1, doc = -1;
      i = varintEnd;
      entry += (head - head % 4) / 4 + 1;
      if (count === 4) {
        count += varint(s, i);
        i = varintEnd;
      }
      for (var j = 0; j < count && i < len; j++) {
        var v = varint(s, i);
        i = varintEnd;
        doc += (v - v % 4) / 4 + 1;
        e[n] = entry;
        d[n] = doc;
        f[n++] = v % 4;
      }
    }
    return (shard.decoded[k] = { e: e.subarray(0, n), d: d.subarray(0, n), f: f.subarray(0, n), n: n });
  }

  // lookUp finds the terms a word matches in its shards, each with how
  // well (EXACT, PREFIX or TYPO), and returns the word's best score in
  // each doc that holds it, sorted by entry then doc: e holds the
  // entries, and the docs of e[i] are d[o[i]] to d[o[i + 1] - 1], with
  // their scores in s. A word's look-up is kept while it is typed on.
  var lookUps = new Map();
  function lookUp(w) {
    var key = [w.term, w.edits, w.prefixes.join(" "), Object.keys(w.shards).join(" ")].join("|");
    var done = lookUps.get(key);
    if (done) {
      w.matched = done.matched;
      return done;
    }
    var best = {}; // "shard k" → [shard, k, how]
    function note(i, k, how) {
      var id = i + " " + k;
      if (!best[id] || best[id][2] < how) best[id] = [i, k, how];
    }
    Object.keys(w.shards).forEach(function (i) {
      var shard = parts["t" + i], terms = shard.terms, k;
      k = lowerBound(terms, w.term);
      if (terms[k] === w.term) note(i, k, EXACT);
      w.prefixes.forEach(function (p) {
        for (var k = lowerBound(terms, p); k < terms.length && terms[k].startsWith(p); k++) note(i, k, PREFIX);
      });
      if (w.edits) {
        var two = firstChars(w.term, 2);
        for (k = lowerBound(terms, two); k < terms.length && terms[k].startsWith(two); k++) {
          var n = typos(w.term, terms[k], w.edits);
          if (n > 0 && n <= w.edits) note(i, k, TYPO[n]);
        }
      }
    });
    var matched = {}, lists = [], total = 0;
    Object.keys(best).forEach(function (id) {
      var shard = parts["t" + best[id][0]], k = best[id][1];
      matched[shard.terms[k]] = true;
      var post = decode(shard, k);
      lists.push({ p: post, how: best[id][2], at: 0 });
      total += post.n;
    });
    var r = { e: new Int32Array(total), o: new Int32Array(total + 1), d: new Int32Array(total), s: new Int8Array(total), n: 0, matched: matched };
    var nd = 0, lastEntry = -1, lastDoc = -1;
    function add(entry, doc, score) {
      if (entry !== lastEntry) {
        r.e[r.n] = entry;
        r.o[r.n++] = nd;
        lastEntry = entry;
        lastDoc = -1;
      }
      if (doc === lastDoc) {
        if (score > r.s[nd - 1]) r.s[nd - 1] = score;
      } else {
        r.d[nd] = doc;
        r.s[nd++] = score;
        lastDoc = doc;
      }
    }
    if (lists.length === 1) {
      var one = lists[0].p, how = lists[0].how;
      for (var j = 0; j < one.n; j++) add(one.e[j], one.d[j], FIELD[one.f[j]] + how);
    } else if (lists.length > 1 && lists.length <= 8) {
      // Each list is in order already: merge them, keeping each list's
      // next posting as one number, entry above doc.
      var k = lists.length, heads = new Float64Array(k), NONE = Infinity;
      var head = function (j) {
        var l = lists[j];
        heads[j] = l.at < l.p.n ? l.p.e[l.at] * 16384 + l.p.d[l.at] : NONE;
      };
      for (j = 0; j < k; j++) head(j);
      for (;;) {
        var b = 0;
        for (j = 1; j < k; j++) if (heads[j] < heads[b]) b = j;
        if (heads[b] === NONE) break;
        var l = lists[b];
        add(l.p.e[l.at], l.p.d[l.at], FIELD[l.p.f[l.at]] + l.how);
        l.at++;
        head(b);
      }
    } else if (lists.length > 8) {
      // Many lists, as for a short prefix: one number per posting, entry,
      // doc and score from high digits to low, sorted.
      var keys = new Float64Array(total), n = 0;
      lists.forEach(function (l) {
        for (var j = 0; j < l.p.n; j++) keys[n++] = (l.p.e[j] * 16384 + Math.min(l.p.d[j], 16383)) * 64 + FIELD[l.p.f[j]] + l.how;
      });
      keys.sort();
      for (var i = 0; i < total; i++) {
        var v = keys[i], score = v % 64, rest = (v - score) / 64, doc = rest % 16384;
        add((rest - doc) / 16384, doc, score);
      }
    }
    r.o[r.n] = nd;
    if (lookUps.size > 32) lookUps.clear();
    lookUps.set(key, r);
    w.matched = matched;
    return r;
  }

  // rank scores every entry that holds all the words: the sum of each
  // word's best score in it, and CLOSE more when one part of it holds
  // every word its title does not. Its link goes to that part, the part
  // that scores most for those words, or its top on a tie. Ties between
  // entries keep nav order. It returns how many entries match, and the
  // best keep of them.
  function rank(words, keep) {
    var ls = words.map(lookUp), nw = ls.length, small = 0;
    for (var w = 1; w < nw; w++) if (ls[w].n < ls[small].n) small = w;
    var pos = new Int32Array(nw), at = new Int32Array(nw);
    var sumDoc = [], sumScore = [], sumCount = [];
    // Each match is one number, its score (highest first) above its
    // place in nav order, so that sorting numbers ranks the matches.
    var order = new Float64Array(ls[small].n), entries = new Int32Array(ls[small].n), docs = new Int32Array(ls[small].n), n = 0;
    for (var i = 0; i < ls[small].n; i++) {
      var e = ls[small].e[i], all = true;
      for (w = 0; w < nw && all; w++) {
        var l = ls[w], p = w === small ? i : pos[w];
        while (p < l.n && l.e[p] < e) p++;
        pos[w] = p;
        at[w] = p;
        all = p < l.n && l.e[p] === e;
      }
      if (!all) continue;
      var total = 0, rest = 0, ns = 0;
      for (w = 0; w < nw; w++) {
        l = ls[w];
        var a = l.o[at[w]], b = l.o[at[w] + 1], top = 0, title = false, k;
        for (k = a; k < b; k++) {
          if (l.s[k] > top) top = l.s[k];
          if (l.d[k] === 0 && l.s[k] >= FIELD[3]) title = true;
        }
        total += top;
        if (title) continue; // the title holds it
        rest++;
        for (k = a; k < b; k++) {
          var j = 0;
          while (j < ns && sumDoc[j] !== l.d[k]) j++;
          if (j === ns) {
            sumDoc[ns] = l.d[k];
            sumScore[ns] = sumCount[ns] = 0;
            ns++;
          }
          sumScore[j] += l.s[k];
          sumCount[j]++;
        }
      }
      var doc = 0, sum = -1, count = 0;
      for (k = 0; k < ns; k++) {
        if (sumScore[k] > sum || (sumScore[k] === sum && sumDoc[k] < doc)) {
          doc = sumDoc[k];
          sum = sumScore[k];
          count = sumCount[k];
        }
      }
      if (nw > 1 && count === rest) total += CLOSE;
      entries[n] = e;
      docs[n] = doc;
      order[n] = (1048576 - total) * 16777216 + n;
      n++;
    }
    order = order.subarray(0, n).sort();
    var hits = [];
    for (i = 0; i < Math.min(keep, n); i++) {
      var c = order[i] % 16777216;
      hits.push({ entry: entries[c], doc: docs[c], score: 1048576 - (order[i] - c) / 16777216 });
    }
    return { total: n, hits: hits };
  }

  // warm runs the ranking once on made-up postings, when the box is
  // first used and the reader is yet to type, so that the first query
  // runs code the browser has compiled.
  function warm() {
    var post = "01".repeat(2000) + "02".repeat(100) + "03".repeat(100);
    parts.tw = { terms: ["\u0001", "\u0001a"], post: [post, post], decoded: [] };
    var word = { term: "\u0001", raw: "\u0001", prefixes: ["\u0001"], edits: 0, shards: { w: true } };
    rank([word], MAX_RESULTS);
    rank([word, { term: "\u0001a", raw: "\u0001a", prefixes: [], edits: 0, shards: { w: true } }], MAX_RESULTS);
    delete parts.tw;
    lookUps.clear();
  }

  // rankedAhead reports whether the build ranked the query already (see
  // generator/searchtops.go): a query of one short word, which begins too
  // many terms to rank them quickly here, and matches by nothing else.
  // The ranking is in the shard that would hold the word as a term.
  function rankedAhead(m, words) {
    var w = words[0];
    return words.length === 1 && !w.edits && w.prefixes.length === 1 && w.prefixes[0] === w.term &&
      !!m.p && m.p.indexOf(w.term) >= 0;
  }

  // ranked returns the ranking the build made for a query that
  // rankedAhead allows, once its shard is loaded, as rank returns one; or
  // null if the shard lacks it, as an index from another build would.
  function ranked(m, words) {
    var w = words[0], t = parts["t" + lastAtMost(m.t, w.term)].tops[w.term];
    if (!t) return null;
    var hits = [];
    for (var i = 1; i + 1 < t.length; i += 2) hits.push({ entry: t[i], doc: t[i + 1], score: 0 });
    w.matched = {};
    w.begins = w.term;
    return { total: t[0], hits: hits };
  }

  // matches reports whether a word found a term: one it was looked up
  // as, or any that it begins when its ranking came from the build.
  function matches(w, term) {
    return !!w.matched[term] || (w.begins !== undefined && term.startsWith(w.begins));
  }

  function byScore(a, b) { return b.score - a.score || a.entry - b.entry; }

  // entryOf returns entry e from its chunk: [url, title, path, docs],
  // where docs holds anchor, heading and text for each doc in turn.
  function entryOf(m, e) {
    var c = lastAtMost(m.c, e);
    return parts["d" + c][e - m.c[c]];
  }

  // nearness returns NEAR for words side by side in one of the texts,
  // one less for each word between them, and 0 for words further apart
  // or not all in one text.
  function nearness(texts, words) {
    var best = 0;
    texts.forEach(function (text) {
      var pos = 0, last = words.map(function () { return -1; });
      eachTerm(text || "", function (term) {
        for (var w = 0; w < words.length; w++) if (matches(words[w], term)) last[w] = pos;
        var lo = Math.min.apply(null, last);
        if (lo >= 0) best = Math.max(best, NEAR - (pos - lo + 1 - words.length));
        pos++;
      });
    });
    return best;
  }

  // snippet writes into parent the stretch of text around the first
  // match, or the closest words, with every matching word in <mark>.
  function snippet(parent, text, words, around) {
    var spans = [];
    eachTerm(text, function (term, raw, start, end) {
      if (words.some(function (w) { return matches(w, term); })) spans.push([start, end]);
    });
    var start = 0, end = text.length;
    if (around && text.length > around) {
      var centre = spans.length ? spans[0][0] : 0;
      start = Math.max(0, centre - Math.floor(around / 3));
      if (start > 0) start = text.indexOf(" ", start) + 1 || start;
      if (start > centre) start = centre;
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

  // snippetText is the text a result shows: its part's, else the first
  // the entry has, else its heading or its title, so it is never empty.
  function snippetText(entry, doc) {
    var docs = entry[3];
    if (docs[doc * 3 + 2]) return docs[doc * 3 + 2];
    for (var i = 2; i < docs.length; i += 3) if (docs[i]) return docs[i];
    return docs[doc * 3 + 1] || entry[1];
  }

  // mark notes a step of a query in the page's performance timeline, where
  // a profiler or the benchmark finds where the time of a query goes.
  function mark(step, q) {
    if (window.performance && performance.mark) performance.mark("search " + step, { detail: q });
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
    var manifestURL = box.getAttribute("data-index") || "";
    var base = manifestURL.slice(0, manifestURL.lastIndexOf("/") + 1);
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
    // On a phone the box is an icon until it is used: the button opens
    // the full-width search, and leaves the title its room.
    var opener = el("button", "search-open");
    opener.type = "button";
    opener.setAttribute("aria-label", "Search");
    opener.innerHTML = '<svg aria-hidden="true" focusable="false" width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2.2" stroke-linecap="round"><circle cx="10.5" cy="10.5" r="6.5"/><path d="m15.5 15.5 5 5"/></svg>';
    opener.addEventListener("click", function () {
      box.classList.add("search-active");
      input.focus();
    });
    box.insertBefore(opener, fallback);
    box.insertBefore(input, fallback);
    box.insertBefore(key, fallback);
    box.appendChild(panel);
    box.classList.add("search-ready");

    var active = -1, seq = 0, shown = 0; // the latest query run, and shown

    // active marks the box while it is in use, which on a phone makes it
    // a panel as wide as the screen.
    function inUse() {
      box.classList.toggle("search-active", document.activeElement === input || !panel.hidden);
    }

    function open(show) {
      panel.hidden = !show;
      input.setAttribute("aria-expanded", show ? "true" : "false");
      if (!show) select(-1);
      inUse();
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

    function href(entry, anchor) {
      var url = entry[0];
      if (url.charAt(0) === "#") return anchor ? "#" + anchor : url;
      return root + url + (anchor ? "#" + anchor : "");
    }

    function failed() {
      status.textContent = "The search index could not be loaded.";
      open(true);
    }

    function show(m, hits, total, q, words) {
      list.textContent = "";
      select(-1);
      hits.forEach(function (h, i) {
        var entry = entryOf(m, h.entry), docs = entry[3];
        var anchor = docs[h.doc * 3], heading = docs[h.doc * 3 + 1];
        // The link is the option itself, since an option cannot hold a
        // link that assistive technology would still reach.
        var li = el("li");
        li.setAttribute("role", "none");
        var a = el("a");
        a.id = "hb-search-result-" + i;
        a.setAttribute("role", "option");
        a.setAttribute("aria-selected", "false");
        a.href = href(entry, anchor);
        a.tabIndex = -1;
        var title = el("span", "search-title");
        snippet(title, entry[1] + (heading ? " › " + heading : ""), words, 0);
        a.appendChild(title);
        if (entry[2]) {
          var path = el("span", "search-path");
          path.textContent = entry[2];
          a.appendChild(path);
        }
        var text = el("span", "search-snippet");
        snippet(text, snippetText(entry, h.doc), words, 160);
        a.appendChild(text);
        a.addEventListener("click", function () { open(false); });
        li.appendChild(a);
        list.appendChild(li);
      });
      status.textContent = total === 0 ? "No results for “" + q.trim() + "”." :
        total > MAX_RESULTS ? "The best " + MAX_RESULTS + " of " + total + " results." :
        total === 1 ? "1 result." : total + " results.";
      open(true);
    }

    // withManifest calls then with the manifest, loading it first if
    // need be; the first use of the box says that it is loading.
    function withManifest(then) {
      if (parts.m) return then(parts.m);
      status.textContent = "Loading the search index…";
      load(base, ["m"], function (ok) {
        if (!ok) return failed();
        mark("manifest loaded", "");
        status.textContent = "";
        then(parts.m);
      });
    }

    // run answers the query in the box: it loads the shards of its words,
    // ranks the entries (or takes the build's ranking of a short word),
    // loads the chunks of the best, moves up those whose words stand
    // closest, and shows them. A later query stops an earlier one that
    // has yet to rank.
    function run() {
      var q = input.value, my = ++seq, words = parse(q);
      mark("query", q);
      if (!words.length) {
        shown = my;
        list.textContent = "";
        open(false);
        return;
      }
      withManifest(function (m) {
        if (my !== seq) return;
        // A query the build ranked needs only the shard of its word.
        var need = {}, ahead = rankedAhead(m, words);
        if (ahead) need["t" + lastAtMost(m.t, words[0].term)] = true;
        else shardsFor(m, words, need);
        mark("shards wanted", q);
        load(base, Object.keys(need), function (ok) {
          if (my !== seq) return;
          if (!ok) return failed();
          mark("shards loaded", q);
          var found = ahead ? ranked(m, words) : rank(words, words.length > 1 ? 2 * MAX_RESULTS : MAX_RESULTS);
          if (!found) return failed();
          var top = found.hits;
          var chunks = {};
          top.forEach(function (h) { chunks["d" + lastAtMost(m.c, h.entry)] = true; });
          mark("ranked", q);
          load(base, Object.keys(chunks), function (ok) {
            // Ranked already, a query that has been typed on is still
            // shown until a later one is: while keys come faster than
            // results, the reader sees the results of what was typed.
            if (my < shown) return;
            if (!ok) return my === seq ? failed() : undefined;
            shown = my;
            mark("chunks loaded", q);
            if (words.length > 1) {
              top.forEach(function (h) {
                var entry = entryOf(m, h.entry), docs = entry[3];
                h.score += nearness([entry[1], docs[h.doc * 3 + 1], docs[h.doc * 3 + 2]], words);
              });
              top.sort(byScore);
            }
            show(m, top.slice(0, MAX_RESULTS), found.total, q, words);
            mark("shown", q);
          });
        });
      });
    }

    var warmed = false;
    input.addEventListener("focus", function () {
      inUse();
      // While the manifest loads, and only while the box is empty: once
      // the reader types, the query itself warms the code.
      setTimeout(function () {
        if (!warmed && !input.value) warm();
        warmed = true;
      }, 0);
      withManifest(function () { if (input.value.trim()) run(); });
    });
    input.addEventListener("blur", inUse);
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
            // On a phone the box folds back into its icon: focus goes there.
            if (opener.getClientRects().length) opener.focus();
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
