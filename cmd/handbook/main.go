// Command handbook builds a role handbook into a static site, serves it
// while you edit, and checks it.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"

	"github.com/rolehandbook/handbook/generator"
)

const usage = `handbook builds a role handbook (markdown pages plus comparison data)
into a static HTML site that works on any host and straight from disk.

Usage:

	handbook <command> [flags]

Commands:

	init      create a new handbook in a folder (default: handbook)
	build     build the site into a folder (default: handbook → public)
	serve     serve the site from memory, rebuilding on change with -watch
	check     check links, anchors, ids and data without writing anything
	version   print the version
	help      print this help, or a command's: handbook help build

Run "handbook help <command>" for a command's flags.
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run is the whole CLI; it returns the exit code.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	name := args[0]
	switch name {
	case "-h", "-help", "--help":
		name = "help"
	case "-version", "--version":
		name = "version"
	}
	if cmd := command(name); cmd != nil {
		return cmd(args[1:], stdout, stderr)
	}
	if strings.HasPrefix(name, "-") {
		fmt.Fprintf(stderr, "handbook: %s before a command: flags go after it, as in \"handbook build -src DIR\"\n", safeText(name))
		return 2
	}
	fmt.Fprintf(stderr, "handbook: unknown command %q%s\nRun \"handbook help\" for the commands.\n", name, didYouMean(name, commandNames()))
	return 2
}

// commandNames lists the commands, in the order help gives them.
func commandNames() []string {
	return []string{"init", "build", "serve", "check", "version", "help"}
}

// command returns the function that runs a command, or nil.
func command(name string) func(args []string, stdout, stderr io.Writer) int {
	switch name {
	case "init":
		return runInit
	case "build":
		return runBuild
	case "serve":
		return runServe
	case "check":
		return runCheck
	case "version":
		return runVersion
	case "help":
		return runHelp
	}
	return nil
}

// runHelp prints the general help, or one command's.
func runHelp(args []string, stdout, stderr io.Writer) int {
	switch {
	case len(args) == 0 || len(args) == 1 && args[0] == "help":
		fmt.Fprint(stdout, usage)
		return 0
	case len(args) > 1:
		fmt.Fprintf(stderr, "handbook: help takes one command, got %d: %s\n", len(args), safeText(strings.Join(args, " ")))
		return 2
	}
	cmd := command(args[0])
	if cmd == nil {
		fmt.Fprintf(stderr, "handbook: unknown help topic %q%s\nRun \"handbook help\" for the commands.\n", args[0], didYouMean(args[0], commandNames()))
		return 2
	}
	return cmd([]string{"-h"}, stdout, stderr)
}

const versionSummary = `Print the version of handbook: the module version it was installed at,
or for a build from a clone, the commit, its date, and "modified" when
the working tree had uncommitted changes.`

func runVersion(args []string, stdout, stderr io.Writer) int {
	flags := newFlags("version", versionSummary, stdout, stderr)
	flags.Usage = func() {
		fmt.Fprintf(flags.Output(), "Usage: handbook version\n\n%s\n", versionSummary)
	}
	if ok, code := parseFlags(flags, args, stdout); !ok {
		return code
	}
	info, _ := debug.ReadBuildInfo()
	fmt.Fprintln(stdout, "handbook", version(info))
	return 0
}

// version describes the binary's build. A release says its version. A
// build from a clone says the commit and its date, since the version Go
// gives it then, a pseudo-version or "(devel)", tells a reader neither
// at a glance; go run and test binaries, which have no VCS information,
// say "devel".
func version(info *debug.BuildInfo) string {
	if info == nil {
		return "devel"
	}
	vcs := map[string]string{}
	for _, s := range info.Settings {
		vcs[s.Key] = s.Value
	}
	v, rev := info.Main.Version, vcs["vcs.revision"]
	release := v != "" && v != "(devel)"
	if rev == "" {
		if !release {
			return "devel"
		}
		return v
	}
	short := rev[:min(12, len(rev))]
	// A pseudo-version ends in the commit; a tagged commit gets the tag.
	if release && !strings.Contains(v, short) && !strings.HasSuffix(v, "+dirty") {
		return v
	}
	out := "devel " + short
	if t := vcs["vcs.time"]; t != "" {
		out += " " + t
	}
	if vcs["vcs.modified"] == "true" {
		out += " modified"
	}
	return out
}

// newFlags returns a flag set whose -h prints the command's help to stdout.
func newFlags(name, summary string, stdout, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: handbook %s [flags]\n\n%s\n\nFlags:\n", name, summary)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses the flags of a command that takes no arguments and
// reports whether to go on; code is the exit code when not.
func parseFlags(fs *flag.FlagSet, args []string, stdout io.Writer) (ok bool, code int) {
	if ok, code := parseArgs(fs, args, stdout); !ok {
		return false, code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(fs.Output(), "handbook: unexpected argument %q%s\n", fs.Arg(0), srcHint(fs, fs.Arg(0)))
		return false, 2
	}
	return true, 0
}

// parseArgs parses the flags in args, leaving what follows them to the
// command, and reports whether to go on; code is the exit code when not.
func parseArgs(fs *flag.FlagSet, args []string, stdout io.Writer) (ok bool, code int) {
	stderr := fs.Output()
	// The flag package would print its own message and the whole usage;
	// the message is printed below instead, with a suggestion.
	fs.SetOutput(io.Discard)
	err := fs.Parse(args)
	fs.SetOutput(stderr)
	switch {
	case errors.Is(err, flag.ErrHelp):
		fs.SetOutput(stdout)
		fs.Usage()
		return false, 0
	case err != nil:
		fmt.Fprintf(stderr, "handbook: %s\nRun \"handbook help %s\" for its flags.\n", flagError(fs, err), fs.Name())
		return false, 2
	}
	return true, 0
}

// flagError is the message for a flag the command could not parse, with
// the flag meant when one was misspelt.
func flagError(fs *flag.FlagSet, err error) string {
	name, unknown := strings.CutPrefix(err.Error(), "flag provided but not defined: -")
	if !unknown {
		return safeText(err.Error())
	}
	var names []string
	fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
	msg := fmt.Sprintf("%s has no flag -%s", fs.Name(), safeText(name))
	if m := generator.Suggest(name, names); m != "" {
		msg += fmt.Sprintf(" (did you mean -%s?)", m)
	}
	return msg
}

// srcHint suggests -src for an argument that names a folder: the
// handbook folder written where the command takes it as a flag.
func srcHint(fs *flag.FlagSet, arg string) string {
	if fs.Lookup("src") == nil || strings.HasPrefix(arg, "-") {
		return ""
	}
	if st, err := os.Stat(arg); err != nil || !st.IsDir() {
		return ""
	}
	return fmt.Sprintf(" (did you mean -src %s?)", safeText(shellQuote(arg)))
}

// didYouMean formats the candidate s most likely stands for as the end
// of a message, as the build's suggestions are.
func didYouMean(s string, candidates []string) string {
	if m := generator.Suggest(s, candidates); m != "" && m != s {
		return fmt.Sprintf(" (did you mean %q?)", m)
	}
	return ""
}

// colors says whether to colour output: only on a terminal, and never
// when NO_COLOR is set.
func colors(f io.Writer) bool {
	if _, set := os.LookupEnv("NO_COLOR"); set {
		return false
	}
	file, ok := f.(*os.File)
	if !ok {
		return false
	}
	st, err := file.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func paint(on bool, code, s string) string {
	if !on {
		return s
	}
	return "\x1b[" + code + "m" + s + "\x1b[0m"
}
