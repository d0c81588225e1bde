package compare

import (
	"regexp"
	"strings"
	"testing"
)

// sparseTable is a table of four roles in which c and d have a value in
// one row of four, and the rows given by same read the same for a and b.
func sparseTable(same ...bool) Table {
	roles := []*Role{{ID: "a", Name: "Alpha"}, {ID: "b", Name: "Beta"}, {ID: "c", Name: "Gamma"}, {ID: "d", Name: "Delta"}}
	var dims []*Dimension
	for i, s := range same {
		id := string(rune('p' + i))
		b := "other " + id
		if s {
			b = "shared " + id
		}
		vals := map[string]*Value{"a": {Text: "shared " + id}, "b": {Text: b}, "c": {NA: true}}
		if i == 0 {
			vals["c"] = &Value{Text: "only here"}
			vals["d"] = &Value{Text: "and here"}
		}
		dims = append(dims, &Dimension{ID: id, Name: "Row " + id, Group: "G", Kind: Text, Values: vals})
	}
	return Table{ID: "t", Caption: "All", Roles: roles, Dimensions: dims, DiffToggle: true}
}

func TestSparseColumns(t *testing.T) {
	d := &Data{}
	h := plainHost{}
	cells := regexp.MustCompile(`<t[dh] (?:scope="col" )?(?:data-label="[^"]*" )?class="sparse"`)

	t.Run("hidden behind a switch that names them", func(t *testing.T) {
		got := d.TableHTML(h, sparseTable(false, true, false, false))
		if !strings.Contains(got, `<label class="sparse-label" for="t-sparse">Show 2 roles with little data: Gamma, Delta</label>`) {
			t.Errorf("no switch naming the sparse roles:\n%s", got)
		}
		// A header and four cells for each of Gamma and Delta.
		if n := len(cells.FindAllString(got, -1)); n != 10 {
			t.Errorf("%d cells are marked sparse, want 10:\n%s", n, got)
		}
		if strings.Contains(got, `data-label="Alpha" class="sparse"`) || strings.Contains(got, `data-label="Beta" class="sparse"`) {
			t.Errorf("a role with values in every row is marked sparse:\n%s", got)
		}
		// Row q reads the same for Alpha and Beta, the roles shown at
		// first, but not once Gamma's n/a is shown.
		if !strings.Contains(got, `<tr class="differs dense-same"><th scope="row"><a class="row-anchor" href="compare/index.html#q">`) {
			t.Errorf("row q is not marked as the same among the roles shown:\n%s", got)
		}
		if !strings.Contains(got, `class="diff-toggle"`) {
			t.Errorf("no differences switch, though it would hide row q:\n%s", got)
		}
	})

	t.Run("no differences switch that would hide nothing", func(t *testing.T) {
		got := d.TableHTML(h, sparseTable(false, false, false, false))
		if strings.Contains(got, `diff-toggle`) {
			t.Errorf("a differences switch on a table whose shown rows all differ:\n%s", got)
		}
		if !strings.Contains(got, `sparse-toggle`) {
			t.Errorf("the sparse roles lost their switch:\n%s", got)
		}
	})

	t.Run("two roles are never hidden", func(t *testing.T) {
		tb := sparseTable(true, false)
		tb.Roles = tb.Roles[1:3] // Beta, and Gamma with a value in one row of two
		tb.Dimensions[1].Values["c"] = &Value{NA: true}
		got := d.TableHTML(h, tb)
		if strings.Contains(got, "sparse") {
			t.Errorf("a column of a two-role table is hidden:\n%s", got)
		}
	})

	t.Run("roles chosen by name", func(t *testing.T) {
		tb := sparseTable(false, true, false, false)
		tb.ChosenRoles = true
		if got := d.TableHTML(h, tb); strings.Contains(got, "sparse") {
			t.Errorf("a role a compare block lists by name is hidden:\n%s", got)
		}
	})

	t.Run("enough data", func(t *testing.T) {
		tb := sparseTable(true, false)
		for _, dim := range tb.Dimensions {
			dim.Values["c"] = &Value{Text: "x"}
			dim.Values["d"] = &Value{Text: "y"}
		}
		tb.Dimensions[1].Values["d"] = &Value{NA: true} // half the rows still counts
		got := d.TableHTML(h, tb)
		if strings.Contains(got, "sparse") {
			t.Errorf("a role with values in half the rows is hidden:\n%s", got)
		}
	})
}
