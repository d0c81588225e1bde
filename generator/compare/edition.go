package compare

import (
	"fmt"
	"slices"

	"github.com/rolehandbook/handbook/generator/internal/suggest"
)

// Internal data. A role, source, person, dimension, ladder, track, level,
// competency or band says internal: true to be left out of the public
// edition, and so does a single value or expectation in its long form,
// {value: …, internal: true} or {text: …, internal: true}; internal: true
// at the top of a data file makes everything in it internal.
//
// LoadPublic decodes and validates the data exactly as Load does, so that
// both editions report the same problems, and then takes out everything
// internal before anything is rendered:
//
//   - what belongs to an internal thing goes with it: the values of an
//     internal role, the ladder of an internal role, the levels of an
//     internal track, and the expectations and bands of an internal level;
//   - a value or an expectation left out shows as a missing one (n/a in
//     the comparison, an empty cell in a ladder), and so does every same
//     that repeated it;
//   - a citation of an internal source is dropped: the value stays, citing
//     its public sources only;
//   - a public thing that names an internal one where it cannot simply be
//     dropped (a compare block listing an internal role or dimension, a
//     ladder block naming an internal ladder or level, a track branching
//     from an internal level, a page owned by an internal person) is an
//     error at the place it is named, in the public edition.

// mark records whether an item is internal: marked so itself, or in a
// file marked so. It reports whether it is.
func (l *loader) mark(item any, m keyed) bool {
	in := l.fileInternal
	if v := m["internal"]; v != nil && l.boolean(v, "internal") {
		in = true
	}
	if in {
		l.marked[item] = true
	}
	return in
}

// dropInternal takes everything internal out of the validated model.
func (l *loader) dropInternal() {
	d := l.data
	d.hidden = map[string]bool{}
	gone := func(item any, kind, id string) bool {
		if l.marked[item] {
			d.hidden[kind+" "+id] = true
			return true
		}
		return false
	}
	d.Files = slices.DeleteFunc(d.Files, func(f *File) bool { return l.marked[f] })
	d.Roles = slices.DeleteFunc(d.Roles, func(r *Role) bool { return gone(r, "role", r.ID) })
	d.Sources = slices.DeleteFunc(d.Sources, func(s *Source) bool { return gone(s, "source", s.ID) })
	d.People = slices.DeleteFunc(d.People, func(p *Person) bool { return gone(p, "person", p.ID) })
	d.Dimensions = slices.DeleteFunc(d.Dimensions, func(dim *Dimension) bool { return gone(dim, "dimension", dim.ID) })
	dropKeys(d.roles, d.hidden, "role")
	dropKeys(d.sources, d.hidden, "source")
	dropKeys(d.people, d.hidden, "person")
	dropKeys(d.dims, d.hidden, "dimension")
	for _, dim := range d.Dimensions {
		dim.Sources, dim.SourcesAt = d.publicCites(dim.Sources, dim.SourcesAt)
		for role, v := range dim.Values {
			if d.hidden["role "+role] || l.marked[v] {
				delete(dim.Values, role)
				continue
			}
			v.Sources, v.SourcesAt = d.publicCites(v.Sources, v.SourcesAt)
		}
	}
	d.Ladders = slices.DeleteFunc(d.Ladders, func(lad *Ladder) bool {
		if l.marked[lad] || d.hidden["role "+lad.Role] {
			d.hidden["ladder "+lad.Role] = true
			return true
		}
		return false
	})
	d.Zones = slices.DeleteFunc(d.Zones, func(z *Zone) bool { return gone(z, "zone", z.ID) })
	d.Rates = slices.DeleteFunc(d.Rates, func(r *Rate) bool { return l.marked[r] })
	for _, r := range d.Rates {
		if d.hidden["source "+r.Source] {
			r.Source, r.SrcPos = "", Pos{}
		}
	}
	for _, lad := range d.Ladders {
		l.dropLadder(lad)
	}
}

// dropLadder takes the internal parts out of a public ladder.
func (l *loader) dropLadder(lad *Ladder) {
	d := l.data
	key := func(id string) string { return lad.Role + "/" + id }
	lad.Tracks = slices.DeleteFunc(lad.Tracks, func(t *Track) bool {
		if l.marked[t] {
			d.hidden["track "+key(t.ID)] = true
		}
		return l.marked[t]
	})
	levels := lad.Levels // every level, to follow same through those left out
	lad.Levels = slices.DeleteFunc(slices.Clone(levels), func(lv *Level) bool {
		out := l.marked[lv] || lv.Track != "" && d.hidden["track "+key(lv.Track)]
		if out {
			d.hidden["level "+key(lv.ID)] = true
		}
		return out
	})
	lad.Competencies = slices.DeleteFunc(lad.Competencies, func(c *Competency) bool {
		if l.marked[c] {
			d.hidden["competency "+key(c.ID)] = true
		}
		return l.marked[c]
	})
	for _, c := range lad.Competencies {
		dropped := false // whether the text a same here would repeat was left out
		for _, lv := range levels {
			e := c.Expect[lv.ID]
			if e == nil {
				continue
			}
			out := d.hidden["level "+key(lv.ID)] || l.marked[e]
			if e.Same {
				out = out || dropped
			} else {
				dropped = out
			}
			if out {
				delete(c.Expect, lv.ID)
				continue
			}
			e.Sources, e.At = d.publicCites(e.Sources, e.At)
		}
	}
	lad.Bands = slices.DeleteFunc(lad.Bands, func(b *Band) bool {
		return l.marked[b] || d.hidden["level "+key(b.Level)] || d.hidden["zone "+b.Zone]
	})
	for _, b := range lad.Bands {
		if d.hidden["source "+b.Source] {
			b.Source, b.SourcePos = "", Pos{}
		}
	}
	for _, t := range lad.Tracks {
		if t.BranchesFrom != "" && d.hidden["level "+key(t.BranchesFrom)] {
			l.problem(t.BranchPos, "track %q branches from level %q, which is internal: the public edition leaves the level out; mark the track internal too, or branch from a public level", t.ID, t.BranchesFrom)
		}
	}
}

// dropKeys deletes from an index by id what the public edition left out.
func dropKeys[T any](m map[string]T, hidden map[string]bool, kind string) {
	for id := range m {
		if hidden[kind+" "+id] {
			delete(m, id)
		}
	}
}

// publicCites returns the citations that name public sources, with where
// each is written.
func (d *Data) publicCites(ids []string, at []Pos) ([]string, []Pos) {
	var outIDs []string
	var outAt []Pos
	for i, id := range ids {
		if d.hidden["source "+id] {
			continue
		}
		outIDs = append(outIDs, id)
		if len(at) == len(ids) {
			outAt = append(outAt, at[i])
		}
	}
	return outIDs, outAt
}

// IsInternal reports whether the public edition left out the thing of a
// kind ("role", "dimension", "source", "person", "ladder") with id. A
// level, track or competency is named by its ladder's role and its id:
// "pm/senior".
func (d *Data) IsInternal(kind, id string) bool { return d != nil && d.hidden[kind+" "+id] }

// missing ends the message for an id that names nothing: why, when the
// public edition left out the thing of a kind it names (by key, as
// IsInternal takes it), or else the id it is most likely a typo of.
func (d *Data) missing(kind, key, id string, ids []string) string {
	if d.IsInternal(kind, key) {
		return fmt.Sprintf(": the %s is internal, and the public edition leaves it out; remove it here, or mark this page internal too", kind)
	}
	return suggest.DidYouMean(id, ids)
}
