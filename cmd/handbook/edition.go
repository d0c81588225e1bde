package main

import (
	"flag"

	"github.com/rolehandbook/handbook/generator"
)

// buildOptions are the settings build, check, serve and -single share.
type buildOptions struct {
	drafts  bool
	edition generator.Edition // "" means handbook.toml's edition, else internal
	single  bool              // the build is for the single-file edition alone
}

// editionFlag is the value of -edition: a name ParseEdition accepts.
type editionFlag struct{ e *generator.Edition }

func (f editionFlag) String() string {
	if f.e == nil {
		return ""
	}
	return string(*f.e)
}

func (f editionFlag) Set(s string) error {
	e, err := generator.ParseEdition(s)
	if err != nil {
		return err
	}
	*f.e = e
	return nil
}

// editionFlagVar adds -edition to a command's flags.
func editionFlagVar(fs *flag.FlagSet, e *generator.Edition) {
	fs.Var(editionFlag{e}, "edition", "the `edition` to make: internal, with everything, or public, which leaves out every page, passage and item of data marked internal; "+
		"the default is handbook.toml's edition setting, else internal")
}

// editionName names the edition a build made, for its summary line.
func editionName(res *generator.Result) string {
	if res == nil || res.Site.Edition == "" {
		return string(generator.EditionInternal)
	}
	return res.Site.Edition
}
