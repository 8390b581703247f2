package main

// The flags of `arazzo run` that prove an API against its description:
// credentials, conformance check levels, server variables, reports, and
// the summary printed after the run.

import (
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/arazzo-run/arazzo/arazzo"
	"github.com/arazzo-run/arazzo/openapi"
	"github.com/arazzo-run/arazzo/runtime"
	reports "github.com/arazzo-run/arazzo/runtime/report"
	"github.com/spf13/cobra"
)

// authEnvPrefix starts the environment variables that hold credentials:
// ARAZZO_AUTH_<SCHEME>, the scheme's name upper-cased with every
// character other than a letter or digit written as "_".
const authEnvPrefix = "ARAZZO_AUTH_"

// conformanceOptions are the flags of `arazzo run` for conformance
// testing.
type conformanceOptions struct {
	auth       []string // SCHEME=VALUE
	checks     []string // NAME=LEVEL
	reports    []string // FORMAT=FILE
	serverVars []string // SOURCE.NAME=VALUE
	files      string   // the directory {"$file": path} bodies read from
}

// reportFile is one --report.
type reportFile struct {
	format, path string
}

func (c *conformanceOptions) addFlags(cmd *cobra.Command) {
	f := cmd.Flags()
	f.StringArrayVar(&c.auth, "auth", nil,
		"credential for a security scheme as `SCHEME=VALUE` (repeatable); else read from "+authEnvPrefix+"<SCHEME>")
	f.StringArrayVar(&c.checks, "check", nil, "run a conformance check at error, warn or off, as `NAME=LEVEL` (repeatable); "+
		"NAME is all (the response checks) or one of "+strings.Join(runtime.CheckNames(), ", "))
	f.StringArrayVar(&c.reports, "report", nil, "write a json, junit or har report as `FORMAT=FILE` (repeatable)")
	f.StringArrayVar(&c.serverVars, "server-var", nil,
		"value of a server variable of a source description, as `SOURCE.NAME=VALUE` (repeatable)")
	f.StringVar(&c.files, "files", "",
		"let request bodies upload files from `DIR`, named as {\"$file\": PATH} relative to it")
}

// apply puts the flags into the runner's options. Flags naming a source
// the document does not have are usage errors; credentials for schemes
// no operation uses draw a warning on w.
func (c *conformanceOptions) apply(doc *arazzo.Document, opts *runtime.Options, w io.Writer) error {
	checks, err := parseChecks(c.checks)
	if err != nil {
		return err
	}
	vars, err := parseServerVars(c.serverVars, doc)
	if err != nil {
		return err
	}
	auth, err := parsePairs(c.auth, "--auth", "SCHEME=VALUE")
	if err != nil {
		return err
	}
	if _, err := c.reportFiles(); err != nil {
		return err
	}
	if c.files != "" {
		if fi, err := os.Stat(c.files); err != nil || !fi.IsDir() {
			return fmt.Errorf("--files %s: not a directory", c.files)
		}
		opts.ReadFile = runtime.FilesUnder(c.files)
	}

	if err := checkSchemes(auth, doc); err != nil {
		return err
	}
	opts.Checks, opts.ServerVars = checks, vars
	opts.Credentials = credentials(auth)
	opts.Secrets = append(opts.Secrets, secrets(auth)...)
	warnMissingCredentials(w, doc, opts.Credentials)
	return nil
}

// parseChecks starts from every response check at error (the CLI is a
// conformance tool) and the request check off, then applies the flags in
// order.
func parseChecks(flags []string) (map[string]runtime.CheckLevel, error) {
	levels := map[string]runtime.CheckLevel{}
	for _, name := range runtime.CheckNames() {
		levels[name] = runtime.LevelError
	}
	levels[runtime.CheckRequest] = runtime.LevelOff

	for _, f := range flags {
		name, value, ok := strings.Cut(f, "=")
		if !ok {
			return nil, fmt.Errorf("--check %q: want NAME=LEVEL", f)
		}
		level, err := runtime.ParseCheckLevel(value)
		if err != nil {
			return nil, fmt.Errorf("--check %s: %w", f, err)
		}
		if err := setCheck(levels, name, level); err != nil {
			return nil, err
		}
	}
	return levels, nil
}

func setCheck(levels map[string]runtime.CheckLevel, name string, level runtime.CheckLevel) error {
	if name == "all" {
		for n := range levels {
			if n != runtime.CheckRequest {
				levels[n] = level
			}
		}
		return nil
	}
	if _, ok := levels[name]; !ok {
		return fmt.Errorf("--check: unknown check %q%s; the checks are all, %s", name,
			didYouMean(name, runtime.CheckNames()), strings.Join(runtime.CheckNames(), ", "))
	}
	levels[name] = level
	return nil
}

// parseServerVars reads SOURCE.NAME=VALUE flags into values by source.
func parseServerVars(flags []string, doc *arazzo.Document) (map[string]map[string]string, error) {
	out := map[string]map[string]string{}
	for _, f := range flags {
		key, value, ok := strings.Cut(f, "=")
		source, name, dotted := strings.Cut(key, ".")
		if !ok || !dotted || source == "" || name == "" {
			return nil, fmt.Errorf("--server-var %q: want SOURCE.NAME=VALUE", f)
		}
		desc := openAPISource(doc, source)
		if desc == nil {
			return nil, fmt.Errorf("--server-var %s: %s has no OpenAPI source description %q%s (it has: %s)",
				f, doc.File, source, didYouMean(source, openAPISources(doc)), strings.Join(openAPISources(doc), ", "))
		}
		if err := checkServerVar(desc, f, name, value); err != nil {
			return nil, err
		}
		if out[source] == nil {
			out[source] = map[string]string{}
		}
		out[source][name] = value
	}
	return out, nil
}

// checkServerVar refuses a variable that no server of the description
// declares, and a value outside the ones it allows.
func checkServerVar(desc *openapi.Description, flag, name, value string) error {
	declared := desc.ServerVariables()
	allowed, ok := declared[name]
	switch {
	case !ok && len(declared) == 0:
		return fmt.Errorf("--server-var %s: the servers of this source declare no variables", flag)
	case !ok:
		names := slices.Sorted(maps.Keys(declared))
		return fmt.Errorf("--server-var %s: no server of this source declares variable %q%s (it declares: %s)",
			flag, name, didYouMean(name, names), strings.Join(names, ", "))
	case allowed != nil && !slices.Contains(allowed, value):
		return fmt.Errorf("--server-var %s: %q is not one of the values the server allows: %s",
			flag, value, strings.Join(allowed, ", "))
	}
	return nil
}

// openAPISources names the OpenAPI sources a run of doc may reach, sorted.
func openAPISources(doc *arazzo.Document) []string {
	var names []string
	for _, src := range doc.AllSources() {
		if src.OpenAPI != nil && !slices.Contains(names, src.Name) {
			names = append(names, src.Name)
		}
	}
	slices.Sort(names)
	return names
}

// openAPISource returns the description of the OpenAPI source of that
// name a run of doc may reach (the document's own first), or nil.
func openAPISource(doc *arazzo.Document, name string) *openapi.Description {
	for _, src := range doc.AllSources() {
		if src.Name == name && src.OpenAPI != nil {
			return src.OpenAPI
		}
	}
	return nil
}

// reportFiles reads the --report flags and checks that each file's
// directory exists, so that a run is not wasted on a report that cannot
// be written.
func (c *conformanceOptions) reportFiles() ([]reportFile, error) {
	var out []reportFile
	for _, f := range c.reports {
		format, path, ok := strings.Cut(f, "=")
		if !ok || path == "" {
			return nil, fmt.Errorf("--report %q: want FORMAT=FILE", f)
		}
		if format != "json" && format != "junit" && format != "har" {
			return nil, fmt.Errorf("--report %s: format %q is not json, junit or har", f, format)
		}
		if fi, err := os.Stat(filepath.Dir(path)); err != nil || !fi.IsDir() {
			return nil, fmt.Errorf("--report %s: directory %s does not exist", f, filepath.Dir(path))
		}
		if i := slices.IndexFunc(out, func(r reportFile) bool { return filepath.Clean(r.path) == filepath.Clean(path) }); i >= 0 {
			return nil, fmt.Errorf("--report %s: %s is also the %s report; each report needs its own file", f, path, out[i].format)
		}
		out = append(out, reportFile{format, path})
	}
	return out, nil
}

// credentials looks a scheme up in the --auth flags, then in the
// environment.
func credentials(auth map[string]string) runtime.CredentialFunc {
	return func(scheme string) (string, bool) {
		if v, ok := auth[scheme]; ok {
			return v, true
		}
		v, ok := os.LookupEnv(authEnvName(scheme))
		return v, ok && v != ""
	}
}

var nonAlnum = regexp.MustCompile(`[^A-Za-z0-9]`)

// authEnvName is the environment variable that holds a scheme's
// credential: "api-key" is read from ARAZZO_AUTH_API_KEY.
func authEnvName(scheme string) string {
	return authEnvPrefix + strings.ToUpper(nonAlnum.ReplaceAllString(scheme, "_"))
}

// secrets lists every credential given, by flag or environment, so they
// are masked from the start of the run.
func secrets(auth map[string]string) []string {
	out := slices.Collect(maps.Values(auth))
	for _, kv := range os.Environ() {
		if name, v, ok := strings.Cut(kv, "="); ok && strings.HasPrefix(name, authEnvPrefix) {
			out = append(out, v)
		}
	}
	return out
}

// checkSchemes refuses an --auth for a scheme no operation uses: it is
// almost always a misspelling, and the credential would silently go
// unused. (ARAZZO_AUTH_* variables are not checked so: a CI job may share
// them across documents.) It also refuses a basic credential, from either
// place, that is not USER:PASSWORD, before anything is sent. The value is
// never echoed.
func checkSchemes(auth map[string]string, doc *arazzo.Document) error {
	schemes := usedSchemes(doc)
	used := slices.Sorted(maps.Keys(schemes))
	for _, name := range slices.Sorted(maps.Keys(auth)) {
		if !slices.Contains(used, name) {
			return fmt.Errorf("--auth %s: no operation of %s uses a security scheme of that name%s (used: %s)",
				name, doc.File, didYouMean(name, used), strings.Join(used, ", "))
		}
	}
	creds := credentials(auth)
	for _, name := range used {
		s := schemes[name]
		value, given := creds(name)
		if given && s.Type == "http" && strings.EqualFold(s.Scheme, "basic") && !strings.Contains(value, ":") {
			return fmt.Errorf("--auth %s (or %s): the scheme is HTTP basic, so the credential is USER:PASSWORD", name, authEnvName(name))
		}
	}
	return nil
}

// usedSchemes returns the security schemes the operations of the
// document's sources use, by name.
func usedSchemes(doc *arazzo.Document) map[string]openapi.SecurityScheme {
	used := map[string]openapi.SecurityScheme{}
	for _, src := range doc.AllSources() {
		if src.OpenAPI == nil {
			continue
		}
		for _, op := range src.OpenAPI.Operations() {
			for _, set := range op.SecuritySchemes() {
				for _, s := range set {
					used[s.Name] = s
				}
			}
		}
	}
	return used
}

// finish writes the reports and prints the summary on w, stderr, whatever
// the output format: a CI log shows why a run failed. It returns an exit error when a check at error level failed in a
// workflow that otherwise passed.
func (c *conformanceOptions) finish(w io.Writer, results []*runtime.Result) error {
	files, err := c.reportFiles()
	if err != nil {
		return exitWith(exitUsage, err)
	}
	var errs []error
	for _, f := range files {
		if err := writeReport(f, results); err != nil {
			errs = append(errs, err)
		}
	}
	sum := reports.Summarize(results)
	sum.WriteText(w)

	if len(errs) > 0 {
		return exitWith(exitFailed, errors.Join(errs...))
	}
	if sum.Checks.Failed > 0 && sum.Workflows.Failed == 0 {
		return exitWith(exitFailed, fmt.Errorf("%d conformance checks failed at error level", sum.Checks.Failed))
	}
	return nil
}

func writeReport(f reportFile, results []*runtime.Result) error {
	out, err := os.Create(f.path)
	if err != nil {
		return fmt.Errorf("--report %s=%s: %w", f.format, f.path, err)
	}
	switch f.format {
	case "json":
		err = reports.WriteJSON(out, results)
	case "junit":
		err = reports.WriteJUnit(out, results)
	case "har":
		err = reports.WriteHAR(out, results, version())
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("--report %s=%s: %w", f.format, f.path, err)
	}
	return nil
}
