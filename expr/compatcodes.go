package expr

// compatCodes are the codes of the forms that break the grammar but whose
// meaning is plain, so that they run as meant (see the package doc).
var compatCodes = map[string]bool{
	"dot-path-body": true, "source-case": true, "pointer-missing-slash": true,
	"pointer-missing-hash": true, "headers-plural": true, "missing-outputs-segment": true,
	"whole-map": true, "workflow-singular": true, "spaces-in-name": true,
	"bare-expression": true, "unquoted-string-literal": true, "jsonpath-boolean-form": true,
	"jsonpath-pointer-form": true, "jsonpath-length": true, "quoted-expression": true,
	"regex-literal": true, "workflow-step-output": true,
}

// IsCompat reports whether code names a compatibility form: a way of
// writing that the grammar refuses but that runs exactly as its author
// plainly meant. A warning with such a code is advice on style; other
// warnings point at likely mistakes.
func IsCompat(code string) bool { return compatCodes[code] }
