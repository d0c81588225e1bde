package generator

import (
	"path"
	"strings"
	"unicode"
)

// permalinkURL returns the output path a permalink or url key names:
// /team/about/ is team/about/index.html and /team/about.html that file.
// It returns "" for none, and for a Jekyll pattern such as /:title/,
// which names no one page.
func permalinkURL(permalink string) string {
	if permalink == "" || strings.ContainsAny(permalink, ":?#") || isExternal(permalink) {
		return ""
	}
	p := strings.Trim(path.Clean("/"+permalink), "/")
	switch {
	case p == "":
		return "index.html"
	case strings.HasSuffix(p, ".html"):
		return path.Join(slugDir(path.Dir(p)), strings.TrimSuffix(slugify(strings.TrimSuffix(path.Base(p), ".html")), "/")+".html")
	}
	return slugDir(p) + "/index.html"
}

// maxSegment is the longest part of an output path, in bytes. File
// systems allow 255; the writer's temporary names need a few more.
const maxSegment = 200

// longSegment returns the first part of a slash-separated path longer
// than maxSegment, or "".
func longSegment(p string) string {
	for _, seg := range strings.Split(p, "/") {
		if len(seg) > maxSegment {
			return seg
		}
	}
	return ""
}

// slugify turns a file or folder name into a safe URL segment: lowercase
// letters and digits, with runs of anything else turned into one hyphen.
// Letters outside ASCII are kept.
func slugify(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
			continue
		}
		dash = true
	}
	if b.Len() == 0 {
		return "page"
	}
	return b.String()
}

func slugDir(dir string) string {
	if dir == "" || dir == "." {
		return ""
	}
	parts := strings.Split(dir, "/")
	for i, p := range parts {
		parts[i] = slugify(p)
	}
	return strings.Join(parts, "/")
}

func sectionURL(s *Section, slug string) string {
	if s.Dir == "" {
		return "index.html"
	}
	dir := slugDir(s.Dir)
	if slug != "" {
		dir = path.Join(path.Dir(dir), slugify(slug))
		if strings.HasPrefix(dir, "./") || dir == "." {
			dir = strings.TrimPrefix(dir, "./")
		}
	}
	return dir + "/index.html"
}

func pageURL(src, slug string) string {
	name := strings.TrimSuffix(path.Base(src), path.Ext(src))
	if slug != "" {
		name = slug
	}
	dir := slugDir(path.Dir(src))
	return path.Join(dir, slugify(name), "index.html")
}
