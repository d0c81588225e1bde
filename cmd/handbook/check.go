package main

import (
	"fmt"
	"io"
	"path/filepath"
	"sort"

	"github.com/rolehandbook/handbook/generator"
)

const checkSummary = `Check the handbook without writing anything: broken links and anchors
(also in data cells), links to drafts, missing images, duplicate ids,
orphan pages, links without text, images without alt text and stale data.

Every problem is printed as path:line:col: message, sorted, with a count
at the end. The exit code is 1 when there are errors and 0 when there are
only warnings; -strict counts warnings as errors. External links are
never fetched: -external lists them, grouped by host.

Pages and data due for review within 30 days, and overdue, are listed
by owner before the problems; -strict fails on an overdue one. -review
lists only them, as a table, or as JSON with -json; -codeowners prints a
CODEOWNERS file made from the owners. The build date is today, or
SOURCE_DATE_EPOCH when it is set. Owners that disagree with the
repository's CODEOWNERS file are warnings.`

func runCheck(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("check", checkSummary, stdout, stderr)
	src := fs.String("src", "handbook", "the handbook `folder` to check")
	strict := fs.Bool("strict", false, "count warnings as errors")
	external := fs.Bool("external", false, "list the external links, grouped by host")
	drafts := fs.Bool("drafts", false, "include pages marked draft")
	var edition generator.Edition
	editionFlagVar(fs, &edition)
	review := fs.Bool("review", false, "list only the pages and data due for review within 30 days, and overdue, as a table")
	asJSON := fs.Bool("json", false, "with -review, print the list as JSON, as review.json holds it")
	codeOwners := fs.Bool("codeowners", false, "print a CODEOWNERS file made from the owners of the pages and data")
	if ok, code := parseFlags(fs, args, stdout); !ok {
		return code
	}
	now, err := buildDate()
	if err != nil {
		fmt.Fprintf(stderr, "handbook: %s\n", safeText(err.Error()))
		return 2
	}
	if err := checkSrc(*src); err != nil {
		fmt.Fprintf(stderr, "handbook: %s\n", safeText(err.Error()))
		return 1
	}
	content, err := contentFS(*src)
	if err != nil {
		fmt.Fprintf(stderr, "handbook: %s\n", safeText(err.Error()))
		return 1
	}
	limitMemory(*src, true)
	rep, err := generator.Check(generator.Config{
		Content:    content,
		Name:       filepath.ToSlash(filepath.Clean(*src)),
		Drafts:     *drafts,
		Edition:    edition,
		Now:        now,
		RepoPath:   repoPath(*src),
		CodeOwners: findCodeOwners(*src),
	})
	if err != nil {
		fmt.Fprintf(stderr, "handbook: %s\n", safeText(err.Error()))
		return 1
	}
	if *review || *asJSON || *codeOwners {
		return printReview(stdout, stderr, rep, *src, *asJSON, *codeOwners, *strict)
	}
	if *external {
		printExternal(stdout, rep.External)
	}
	printDue(stdout, rep.Review, rep.Date)
	errs, warns := rep.Errors, rep.Warnings
	if *strict {
		errs, warns = append(append(generator.ErrorList(nil), errs...), warns...), nil
	}
	printProblems(stdout, errs, warns)
	fmt.Fprintln(stdout, checkCount(rep, edition, len(errs), len(warns), *strict)+reviewCount(rep.Review, *strict))
	if overdue, _ := countDue(rep.Review); len(errs) > 0 || *strict && overdue > 0 {
		return 1
	}
	return 0
}

// printProblems prints errors and warnings in one list, sorted by
// position; warnings say so after the position.
func printProblems(w io.Writer, errs, warns generator.ErrorList) {
	type line struct {
		e    generator.Error
		warn bool
	}
	var all []line
	for _, e := range errs {
		all = append(all, line{e, false})
	}
	for _, e := range warns {
		all = append(all, line{e, true})
	}
	sort.SliceStable(all, func(i, j int) bool {
		a, b := all[i].e, all[j].e
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
	color := colors(w)
	for _, l := range all {
		// Escaped before the colour is added, which is the one escape
		// sequence meant for the terminal.
		l.e.File, l.e.Msg = safeText(l.e.File), safeText(l.e.Msg)
		if l.warn {
			l.e.Msg = paint(color, "33;1", "warning:") + " " + l.e.Msg
		}
		fmt.Fprintln(w, l.e.Error())
	}
}

// printExternal lists external links under their host, each where it is
// written.
func printExternal(w io.Writer, links []generator.ExternalLink) {
	if len(links) == 0 {
		fmt.Fprintln(w, "no external links")
		return
	}
	hosts := 0
	for i, l := range links {
		if i == 0 || l.Host != links[i-1].Host {
			hosts++
		}
	}
	fmt.Fprintf(w, "%s to %s (never fetched):\n", countOf(len(links), "external link"), countOf(hosts, "host"))
	for i, l := range links {
		if i == 0 || l.Host != links[i-1].Host {
			n := 0
			for _, m := range links[i:] {
				if m.Host != l.Host {
					break
				}
				n++
			}
			fmt.Fprintf(w, "\n%s (%d)\n", safeText(l.Host), n)
		}
		where := generator.Error{File: l.File, Line: l.Line, Col: l.Col, Msg: l.URL}
		if l.File == "" {
			where.Msg = l.URL + " (on the generated page " + l.Page + ")"
		}
		fmt.Fprintf(w, "  %s\n", safeText(where.Error()))
	}
	fmt.Fprintln(w)
}

// checkCount is the last line of a check: what was checked and found.
func checkCount(rep *generator.Report, edition generator.Edition, errs, warns int, strict bool) string {
	found := "no problems"
	switch {
	case errs > 0 && warns > 0:
		found = countOf(errs, "error") + " and " + countOf(warns, "warning")
	case errs > 0:
		found = countOf(errs, "error")
	case warns > 0:
		found = countOf(warns, "warning")
	}
	if strict && errs > 0 && len(rep.Warnings) > 0 {
		found += " (warnings count as errors with -strict)"
	}
	if rep.Pages == 0 {
		return found + "; fix the errors to run the whole-site checks (orphans, duplicate ids, external links)"
	}
	of := ""
	if edition == generator.EditionPublic {
		of = " of the public edition"
	}
	return fmt.Sprintf("checked %s%s: %s", countOf(rep.Pages, "page"), of, found)
}

func countOf(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}
