package generator

import (
	"path"
	"strings"
)

// published finds a page by the URL another tool published it at, as
// trees link to them: a pretty URL (guide/x/ for guide/x.md), a .html
// name, a permalink, or any of these under the site's route prefix
// (/docs/guide/x when the site is served from /docs/). A root-relative
// link whose first part names nothing is tried without it.
func (l *linker) published(full string, rooted bool) (*target, bool) {
	try := func(full string) (*target, bool) {
		if name, ok := strings.CutSuffix(full, ".html"); ok {
			if tg, ok := l.lookup(name, false); ok {
				return tg, true
			}
		}
		dir := strings.TrimSuffix(strings.TrimSuffix(full, "/index.html"), ".html")
		for _, u := range []string{full, dir + "/index.html", slugDir(dir) + "/index.html"} {
			if dir == "" {
				u = "index.html"
			}
			if p := l.byURL(u); p != nil {
				return &target{page: p}, true
			}
		}
		l.aliasOnce.Do(l.indexAliases)
		if p := l.aliases[dir]; p != nil {
			return &target{page: p}, true
		}
		return nil, false
	}
	if tg, ok := try(full); ok {
		return tg, true
	}
	first, rest, nested := strings.Cut(full, "/")
	if !rooted || !nested || l.t.sections[first] != nil || l.t.bySrc[first+".md"] != nil {
		return nil, false
	}
	if tg, ok := l.lookup(rest, false); ok {
		return tg, true
	}
	return try(rest)
}

// mayBeLeftOut reports whether a path names what the build would leave
// out if it existed, so that only then is the file system asked.
func mayBeLeftOut(p string) bool {
	if path.Ext(p) == "" {
		return true
	}
	for _, part := range strings.Split(p, "/") {
		if ignoredName(part) || part == "node_modules" {
			return true
		}
	}
	return false
}

// indexAliases maps each page's aliases, and the URL its file name gave
// it before a permalink moved it, as paths without slashes at either end
// or a .html or index.html ending, to the page.
func (l *linker) indexAliases() {
	l.aliases = map[string]*Page{}
	for _, src := range sortedPaths(l.t.bySrc) {
		p := l.t.bySrc[src]
		old := p.Meta.Aliases
		if p.fileURL != "" {
			old = append([]string{p.fileURL}, old...)
		}
		for _, a := range old {
			a = strings.Trim(path.Clean("/"+a), "/")
			a = strings.TrimSuffix(strings.TrimSuffix(a, "index.html"), ".html")
			if a = strings.TrimSuffix(a, "/"); a != "" && l.aliases[a] == nil {
				l.aliases[a] = p
			}
		}
	}
}

// plainDest undoes what other tools write into a link's destination and
// leave for their own templates to fill in, so that the link resolves as
// it did there:
//   - backslash escapes of punctuation, as CommonMark allows (#a\-b);
//   - a site variable in front, as Jekyll's {{ site.baseurl }}/x/, which
//     makes the link root-relative;
//   - a Liquid tag that names a path, as {% link x.md %} or
//     {% page "/x/#a" %}.
func plainDest(dest string) string {
	if strings.Contains(dest, `\`) {
		var b strings.Builder
		for i := 0; i < len(dest); i++ {
			if dest[i] == '\\' && i+1 < len(dest) && strings.IndexByte("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", dest[i+1]) >= 0 {
				i++
			}
			b.WriteByte(dest[i])
		}
		dest = b.String()
	}
	switch {
	case strings.HasPrefix(dest, "{{") && !strings.HasPrefix(dest, "{{<") && !strings.HasPrefix(dest, "{{%"):
		if end := strings.Index(dest, "}}"); end > 0 {
			return "/" + strings.TrimPrefix(dest[end+2:], "/")
		}
	case strings.HasPrefix(dest, "{%") && strings.HasSuffix(dest, "%}"):
		fields := strings.Fields(strings.Trim(dest, "{%-} "))
		if len(fields) >= 2 {
			return strings.Trim(fields[1], `"'`)
		}
	}
	return dest
}
