package generator

import (
	"bytes"
	"fmt"
	"path"
	"strings"

	"github.com/hmarr/codeowners"
)

// CodeOwners is a CODEOWNERS file, as GitHub reads it, for Check to
// compare with the owners of pages and data files.
type CodeOwners struct {
	File string // how reports name it, such as ".github/CODEOWNERS"
	Data []byte

	// Dir is the content folder's path from the folder the file's
	// patterns are relative to: the repository's root for a file of the
	// repository ("handbook", or "." when the content is the root), the
	// content folder itself (".") for a file kept in it.
	Dir string
}

// maxCodeOwners is the size of the largest CODEOWNERS file GitHub reads.
const maxCodeOwners = 3 << 20

// compareCodeOwners reports, as warnings, every page and data file whose
// owner has a GitHub handle or an email that the CODEOWNERS file does not
// give it to. Owners known only by a name cannot be compared, and are
// not. A rule that cannot be read is reported, and the others still
// apply, as on GitHub.
func compareCodeOwners(co *CodeOwners, items []ReviewItem, name string, warn *errs) {
	if co == nil {
		return
	}
	if len(co.Data) > maxCodeOwners {
		warn.addKind(KindCodeOwners, co.File, 0, 0, "larger than the 3 MB GitHub reads: owners were not compared with it")
		return
	}
	var rules codeowners.Ruleset
	for i, line := range strings.Split(string(co.Data), "\n") {
		rs, err := codeowners.ParseFile(strings.NewReader(line))
		if err != nil {
			warn.addKind(KindCodeOwners, co.File, i+1, 0, "cannot read this rule, so it is left out: %s", strings.TrimPrefix(err.Error(), "line 1: "))
			continue
		}
		for _, r := range rs {
			r.LineNumber = i + 1
			rules = append(rules, r)
		}
	}
	for _, it := range items {
		if it.CodeOwner == "" || it.Kind == "dimension" {
			continue
		}
		file := path.Join(co.Dir, it.Path)
		rule, err := rules.Match(file)
		if err != nil {
			continue // a pattern the library cannot match; reported as unread above
		}
		at := it.ownerAt
		whose := "owner " + it.CodeOwner
		if it.inherited || at.File == "" {
			at = Error{File: it.Path, Line: 1, Col: 1}
			whose = "owner " + it.CodeOwner + " (the default of " + configName + ")"
		}
		at.File = prefixErrors(ErrorList{{File: at.File}}, name).(ErrorList)[0].File
		switch {
		case rule == nil:
			warn.addKind(KindCodeOwners, at.File, at.Line, at.Col, "%s, but no rule of %s covers %s: add one, or give the file to its owner there", whose, co.File, file)
		case !ownsFile(rule.Owners, it.CodeOwner):
			warn.addKind(KindCodeOwners, at.File, at.Line, at.Col, "%s, but %s:%d gives %s to %s: make them agree", whose, co.File, rule.LineNumber, file, ownerList(rule.Owners))
		}
	}
}

// ownsFile reports whether owner is one of a rule's owners. GitHub's
// names are compared without regard to case.
func ownsFile(owners []codeowners.Owner, owner string) bool {
	for _, o := range owners {
		if strings.EqualFold(o.String(), owner) {
			return true
		}
	}
	return false
}

func ownerList(owners []codeowners.Owner) string {
	if len(owners) == 0 {
		return "no one"
	}
	s := make([]string, len(owners))
	for i, o := range owners {
		s[i] = o.String()
	}
	return strings.Join(s, " ")
}

// CodeOwnersFile writes a CODEOWNERS file from the owners of pages and
// data files: a line for the content folder when some owner is the
// site's default, then one for each file whose owner is its own. dir is
// the content folder's path in the repository, as CodeOwners.Dir. Owners
// known only by a name have no line; a comment lists them, so that
// nothing is left out silently.
func CodeOwnersFile(items []ReviewItem, dir string) []byte {
	var b bytes.Buffer
	dir = path.Clean(dir)
	b.WriteString("# Made by handbook check -codeowners from the owners of the handbook's pages and data.\n")
	all := "*" // the rule for the whole folder
	if dir == "." {
		b.WriteString("# Paths are from the handbook's folder; the last rule that matches a file wins.\n")
	} else {
		all = escapePattern("/" + dir + "/")
		b.WriteString("# Paths are from the repository's root; the last rule that matches a file wins.\n")
	}
	def := ""
	for _, it := range items {
		if it.inherited && it.CodeOwner != "" {
			def = it.CodeOwner
			break
		}
	}
	if def != "" {
		fmt.Fprintf(&b, "%s %s\n", all, def)
	}
	var nameOnly []string
	for _, it := range items {
		switch {
		case it.Kind == "dimension" || it.Owner == "":
		case it.CodeOwner == "":
			nameOnly = append(nameOnly, "#   "+path.Join(dir, it.Path)+": "+it.Owner)
		case it.inherited && it.CodeOwner == def:
		default:
			fmt.Fprintf(&b, "%s %s\n", escapePattern("/"+path.Join(dir, it.Path)), it.CodeOwner)
		}
	}
	if len(nameOnly) > 0 {
		b.WriteString("# These owners have no GitHub handle or email to write here:\n")
		b.WriteString(strings.Join(nameOnly, "\n") + "\n")
	}
	return b.Bytes()
}

// escapePattern writes a path as a CODEOWNERS pattern that matches just
// it: spaces, # and the wildcards are escaped.
func escapePattern(p string) string {
	var b strings.Builder
	for _, r := range p {
		if strings.ContainsRune(" \t#*?\\", r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}
