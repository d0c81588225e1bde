package generator

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestSearchRankedAheadParts checks what search.js relies on to show the
// build's ranking of a short word: the manifest lists the prefixes, each
// of them short and beginning terms that hold more than topsMinBytes of
// postings; each ranking is in the shard the manifest's bounds name for
// the prefix; it counts every entry that holds a term the prefix begins;
// and its results are such entries, each once, linking to a doc that
// holds such a term. The browser tests hold its order to search.js's.
func TestSearchRankedAheadParts(t *testing.T) {
	res, err := Build(Config{Content: corpusFS(1000)})
	if err != nil {
		t.Fatal(err)
	}
	parts := indexParts(t, res.Output)
	bounds, terms, post := shardTerms(t, res.Output)
	var m struct{ P []string }
	if err := json.Unmarshal(parts[SearchManifestURL][1], &m); err != nil {
		t.Fatal(err)
	}
	if len(m.P) < 3 {
		t.Fatalf("a 1,000-page site has %d prefixes ranked ahead (%q); the test needs several", len(m.P), m.P)
	}
	entries := indexedEntries(t, res.Output)
	for _, p := range m.P {
		if n := utf8.RuneCountInString(p); n > topsMaxChars {
			t.Errorf("%q is ranked ahead, at %d characters", p, n)
		}
		// Every doc that holds a term p begins, by entry.
		holds := map[int]map[int]bool{}
		size := 0
		for i, ts := range terms {
			for j, term := range ts {
				if !strings.HasPrefix(term, p) {
					continue
				}
				size += len(post[i][j])
				for _, ps := range decodePostings(t, post[i][j]) {
					if holds[ps.entry] == nil {
						holds[ps.entry] = map[int]bool{}
					}
					holds[ps.entry][ps.doc] = true
				}
			}
		}
		if size <= topsMinBytes {
			t.Errorf("%q is ranked ahead for %d bytes of postings, within %d", p, size, topsMinBytes)
		}
		shard := shardOf(bounds, p)
		args := parts[shardURL(shard)]
		var tops map[string][]int
		if len(args) < 5 || json.Unmarshal(args[4], &tops) != nil || tops[p] == nil {
			t.Errorf("%q: shard %d holds no ranking of it", p, shard)
			continue
		}
		r := tops[p]
		if r[0] != len(holds) {
			t.Errorf("%q: the ranking counts %d entries, but %d hold it", p, r[0], len(holds))
		}
		if n := (len(r) - 1) / 2; n != min(topsKeep, len(holds)) || len(r)%2 != 1 {
			t.Errorf("%q: the ranking keeps %d results, want %d", p, n, min(topsKeep, len(holds)))
		}
		seen := map[int]bool{}
		for i := 1; i+1 < len(r); i += 2 {
			e, d := r[i], r[i+1]
			if seen[e] || !holds[e][d] {
				t.Errorf("%q: result %d, doc %d of entry %d (%q), does not hold it once", p, i/2, d, e, entries[min(e, len(entries)-1)].Title)
			}
			seen[e] = true
		}
	}
}
