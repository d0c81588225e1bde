package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/rolehandbook/handbook/generator"
)

// buildDate returns the date a build judges review dates and stale data
// by: SOURCE_DATE_EPOCH when it is set, as reproducible builds set it, so
// that the same commit builds the same banners on any day; else the zero
// time, which the generator takes as today.
func buildDate() (time.Time, error) {
	s, ok := os.LookupEnv("SOURCE_DATE_EPOCH")
	if !ok || s == "" {
		return time.Time{}, nil
	}
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil || n < 0 {
		return time.Time{}, fmt.Errorf("SOURCE_DATE_EPOCH=%q is not a number of seconds since 1970: set it to one, such as $(git log -1 --format=%%ct), or unset it", s)
	}
	return time.Unix(n, 0).UTC(), nil
}

// codeOwnersPlaces are where GitHub looks for a CODEOWNERS file, in the
// order it looks.
var codeOwnersPlaces = []string{".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"}

// findCodeOwners returns the CODEOWNERS file that governs src: the
// repository's, found where GitHub finds it, else one kept in src itself.
// It returns nil when there is none. A symbolic link is not followed, as
// nowhere else in a build.
func findCodeOwners(src string) *generator.CodeOwners {
	type place struct{ dir, rel string }
	var places []place
	if rel := repoPath(src); rel != "" {
		up := "."
		if rel != "." {
			up = strings.Repeat("../", strings.Count(rel, "/")+1)
		}
		places = append(places, place{filepath.Join(src, up), rel})
	}
	places = append(places, place{src, "."})
	for _, p := range places {
		for _, name := range codeOwnersPlaces {
			file := filepath.Join(p.dir, filepath.FromSlash(name))
			if st, err := os.Lstat(file); err != nil || !st.Mode().IsRegular() {
				continue
			}
			b, err := readBounded(file, 4<<20)
			if err != nil {
				continue
			}
			return &generator.CodeOwners{File: filepath.ToSlash(filepath.Clean(file)), Data: b, Dir: p.rel}
		}
	}
	return nil
}

// readBounded reads at most limit bytes of a file; the generator reports
// a file larger than it can use.
func readBounded(file string, limit int64) ([]byte, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, limit))
}

// dueItems returns the items due within 30 days or overdue, by owner
// (names without regard to case, no owner last), then by due date.
func dueItems(items []generator.ReviewItem) []generator.ReviewItem {
	var out []generator.ReviewItem
	for _, it := range items {
		if it.Status == generator.ReviewDueSoon || it.Status == generator.ReviewOverdue {
			out = append(out, it)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Owner != b.Owner {
			if a.Owner == "" || b.Owner == "" {
				return b.Owner == ""
			}
			if la, lb := strings.ToLower(a.Owner), strings.ToLower(b.Owner); la != lb {
				return la < lb
			}
			return a.Owner < b.Owner
		}
		if !a.Due.Equal(b.Due) {
			return a.Due.Before(b.Due)
		}
		return a.File < b.File
	})
	return out
}

// countDue returns how many items are overdue and how many due soon.
func countDue(items []generator.ReviewItem) (overdue, soon int) {
	for _, it := range items {
		switch it.Status {
		case generator.ReviewOverdue:
			overdue++
		case generator.ReviewDueSoon:
			soon++
		}
	}
	return overdue, soon
}

// describe names an item in a line of the listing.
func describe(it generator.ReviewItem) string {
	switch it.Kind {
	case "dimension":
		return fmt.Sprintf("dimension %q", it.Title)
	case "data":
		return "data file " + it.Title
	}
	return fmt.Sprintf("page %q", it.Title)
}

func ownerOrNone(s string) string {
	if s == "" {
		return "(no owner)"
	}
	return s
}

// printDue lists what is due for review, under each owner, each item at
// the line that sets its due date.
func printDue(w io.Writer, items []generator.ReviewItem, date time.Time) {
	due := dueItems(items)
	if len(due) == 0 {
		return
	}
	overdue, soon := countDue(due)
	fmt.Fprintf(w, "%s (at %s), by owner:\n", dueSummary(overdue, soon), date.Format(time.DateOnly))
	for i, it := range due {
		if i == 0 || it.Owner != due[i-1].Owner {
			n := 0
			for _, o := range due[i:] {
				if o.Owner != it.Owner {
					break
				}
				n++
			}
			fmt.Fprintf(w, "\n%s (%d)\n", safeText(ownerOrNone(it.Owner)), n)
		}
		when := "due " + it.Due.Format(time.DateOnly)
		if it.Status == generator.ReviewOverdue {
			when = "overdue since " + it.Due.Format(time.DateOnly)
		}
		e := generator.Error{File: it.File, Line: it.Line, Col: it.Col, Msg: when + ": " + describe(it)}
		fmt.Fprintf(w, "  %s\n", safeText(e.Error()))
	}
	fmt.Fprintln(w)
}

// dueSummary counts what is due: "1 overdue for review and 2 due within
// 30 days".
func dueSummary(overdue, soon int) string {
	switch {
	case overdue > 0 && soon > 0:
		return fmt.Sprintf("%d overdue for review and %d due within 30 days", overdue, soon)
	case overdue > 0:
		return fmt.Sprintf("%d overdue for review", overdue)
	}
	return fmt.Sprintf("%d due for review within 30 days", soon)
}

// reviewCount is what the count line of a check adds about reviews.
func reviewCount(items []generator.ReviewItem, strict bool) string {
	overdue, soon := countDue(items)
	if overdue+soon == 0 {
		return ""
	}
	s := "; " + dueSummary(overdue, soon)
	if strict && overdue > 0 {
		s += " (overdue counts as an error with -strict)"
	}
	return s
}

// printReview prints, for check -review, -json or -codeowners, what is
// due for review as a table or as JSON, or a CODEOWNERS file made from
// the owners. Errors go to stderr; the exit code is 1 for errors, and
// with -strict for an overdue review.
func printReview(stdout, stderr io.Writer, rep *generator.Report, src string, asJSON, codeOwners, strict bool) int {
	printProblems(stderr, rep.Errors, nil)
	if rep.Pages == 0 {
		fmt.Fprintln(stderr, "fix the errors to list owners and review dates")
		return 1
	}
	due := dueItems(rep.Review)
	switch {
	case codeOwners:
		dir := repoPath(src)
		if dir == "" {
			dir = "."
		}
		for _, line := range strings.SplitAfter(string(generator.CodeOwnersFile(rep.Review, dir)), "\n") {
			if line != "" {
				fmt.Fprintln(stdout, safeText(strings.TrimSuffix(line, "\n")))
			}
		}
	case asJSON:
		stdout.Write(generator.ReviewJSON(rep.Date, due))
	case len(due) == 0:
		fmt.Fprintf(stdout, "nothing is due for review within 30 days of %s\n", rep.Date.Format(time.DateOnly))
	default:
		tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "OWNER\tSTATUS\tDUE\tREVIEWED\tFILE\tTITLE")
		for _, it := range due {
			reviewed := "-"
			if !it.Reviewed.IsZero() {
				reviewed = it.Reviewed.Format(time.DateOnly)
			}
			file := it.File
			if it.Dimension != "" {
				file += "#" + it.Dimension
			}
			status := "due soon"
			if it.Status == generator.ReviewOverdue {
				status = "overdue"
			}
			cells := []string{ownerOrNone(it.Owner), status, it.Due.Format(time.DateOnly), reviewed, file, it.Title}
			for i, c := range cells {
				cells[i] = strings.ReplaceAll(safeText(c), "\t", " ")
			}
			fmt.Fprintln(tw, strings.Join(cells, "\t"))
		}
		tw.Flush()
	}
	overdue, _ := countDue(due)
	if len(rep.Errors) > 0 || strict && overdue > 0 {
		return 1
	}
	return 0
}
