package generator

import (
	"bytes"
	"errors"
	"io/fs"
	"path"
	"strings"

	"github.com/pelletier/go-toml/v2"
)

const configName = "handbook.toml"

// SiteConfig is the optional handbook.toml at the root of the content.
type SiteConfig struct {
	Title       string `toml:"title"`
	Description string `toml:"description"`
	BaseURL     string `toml:"base_url"`
	Language    string `toml:"language"`
	Theme       string `toml:"theme"`     // built-in theme; only "default" exists
	ThemeDir    string `toml:"theme_dir"` // project folder whose files shadow the theme's
	RawHTML     bool   `toml:"raw_html"`
	Repository  string `toml:"repository"`
	StaleMonths int    `toml:"stale_months"` // age after which dated data is reported as stale
	BrokenLinks string `toml:"broken_links"` // "error" (default) or "warning"
	PrintSplit  int    `toml:"print_split"`  // above this many pages the print edition is made per top-level section; 0 never
	Owner       string `toml:"owner"`        // who owns a page or data file that names no owner
	ReviewEvery string `toml:"review_every"` // how often a page or data file is reviewed, such as "12 months"
	Edition     string `toml:"edition"`      // "internal" (default) or "public" (edition.go); Config.Edition wins

	// Exclude names files and folders to leave out of the site, by their
	// paths from the root, which may hold the wildcards of path.Match:
	// notes for the authors, say, that live beside the pages.
	Exclude []string `toml:"exclude"`

	// Strict makes problems the tree already has errors: broken links,
	// missing images, unknown front matter keys. A handbook with a
	// handbook.toml is strict unless it sets strict = false; a tree
	// without one, written for another tool, is not, so that it builds
	// first try and its problems are warnings.
	Strict bool `toml:"strict"`
}

var configKeys = []string{"title", "description", "base_url", "language", "theme", "theme_dir", "raw_html", "repository", "stale_months", "broken_links", "print_split", "exclude", "owner", "review_every", "strict", "edition"}

func defaultConfig() SiteConfig {
	return SiteConfig{
		Title:       "Handbook",
		Language:    "en",
		Theme:       "default",
		ThemeDir:    "theme",
		StaleMonths: 36,
		BrokenLinks: "error",
		PrintSplit:  500,
		Strict:      true,
	}
}

// loadConfig reads handbook.toml if there is one.
func loadConfig(fsys fs.FS, c *errs) SiteConfig {
	cfg := defaultConfig()
	src, err := fs.ReadFile(fsys, configName)
	if errors.Is(err, fs.ErrNotExist) {
		return lenient(cfg)
	}
	if err != nil {
		c.add(configName, 1, 1, "cannot read: %v", cleanFSError(err))
		return cfg
	}
	src, ok := normalize(configName, src, c)
	if !ok {
		return cfg
	}
	err = toml.NewDecoder(bytes.NewReader(src)).DisallowUnknownFields().Decode(&cfg)
	var sm *toml.StrictMissingError
	var de *toml.DecodeError
	switch {
	case err == nil:
	case errors.As(err, &sm):
		for _, e := range sm.Errors {
			row, col := e.Position()
			key := strings.Join(e.Key(), ".")
			c.add(configName, row, col, "unknown setting %q%s", key, didYouMean(key, configKeys))
		}
	case errors.As(err, &de):
		row, col := de.Position()
		c.add(configName, row, col, "%s", strings.TrimPrefix(de.Error(), "toml: "))
	default:
		c.add(configName, 1, 1, "%s", strings.TrimPrefix(err.Error(), "toml: "))
	}
	if cfg.Theme != "default" {
		c.add(configName, lineOf(src, "theme"), 1, "unknown theme %q: the built-in theme is \"default\"; override its files in theme_dir", cfg.Theme)
	}
	switch cfg.BrokenLinks {
	case "error", "warning":
	default:
		c.add(configName, lineOf(src, "broken_links"), 1, "broken_links must be \"error\" or \"warning\", not %q", cfg.BrokenLinks)
	}
	checkEdition(cfg, src, c)
	cfg.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	cfg.Exclude = cleanExclude(cfg.Exclude, lineOf(src, "exclude"), c)
	if !cfg.Strict {
		cfg = lenient(cfg)
	}
	return cfg
}

// lenient is the config of a tree written for another tool: the problems
// it already has are warnings, not errors.
func lenient(cfg SiteConfig) SiteConfig {
	cfg.Strict = false
	cfg.BrokenLinks = "warning"
	return cfg
}

// lineOf returns the first line that sets key, for errors that carry no position.
func lineOf(src []byte, key string) int {
	for i, l := range strings.Split(string(src), "\n") {
		if strings.HasPrefix(strings.TrimSpace(l), key) {
			return i + 1
		}
	}
	return 1
}

// cleanExclude checks the exclude setting and returns its entries as
// excludes matches them, without a leading or trailing slash. An entry
// that reaches outside the source folder, or that no path could match,
// is an error rather than a setting that silently does nothing.
func cleanExclude(list []string, line int, c *errs) []string {
	var out []string
	for _, e := range list {
		p := strings.Trim(path.Clean("/"+e), "/")
		_, bad := path.Match(p, "")
		switch {
		case strings.HasPrefix(path.Clean(e), ".."):
			c.add(configName, line, 1, "exclude: %q is outside the source folder", e)
		case p == "":
			c.add(configName, line, 1, "exclude: %q would leave out the whole site", e)
		case bad != nil:
			c.add(configName, line, 1, "exclude: %q is not a valid pattern (%v)", e, bad)
		default:
			out = append(out, p)
		}
	}
	return out
}

// excludes reports whether the exclude setting leaves out the file at p:
// an entry matches the file itself or any folder it is in.
func (cfg SiteConfig) excludes(p string) bool {
	for _, pat := range cfg.Exclude {
		for q := p; ; {
			if ok, _ := path.Match(pat, q); ok {
				return true
			}
			i := strings.LastIndexByte(q, '/')
			if i < 0 {
				break
			}
			q = q[:i]
		}
	}
	return false
}
