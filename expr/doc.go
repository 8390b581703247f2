// Package expr parses and evaluates Arazzo runtime expressions, the
// templates that embed them, Criterion Objects and Selector Objects.
//
// It owns the grammar of "$…" expressions (1.0.1 and 1.1.0), the
// expansion of string values that hold them, and the four flavours of
// condition (simple, regex, jsonpath, xpath) plus 1.1's jsonpointer. It
// imports no other package of this module: the executor fills a [Context]
// per evaluation; the validator reads [SyntaxError] positions and the
// compatibility codes of [Expr.Compat], [Template.Compat] and
// [Criterion.Compat]. Everything is parsed once per document, and the
// parsed values are immutable and safe for concurrent use.
//
// # Files
//
// lex.go, node.go, parse.go and parse_sources.go hold the hand-written
// scanner and recursive-descent parser; eval.go evaluates; pointer.go is
// RFC 6901; template.go expands strings; criterion.go dispatches to
// simple.go/simple_eval.go, regex.go, jsonpath.go (with
// jsonpath_rewrite.go), xpath.go and pointer_cond.go; selector.go
// compiles and applies Selector Objects; memo.go keeps the last
// compilation of a condition that embeds {$…}.
//
// # Grammar decisions
//
// We parse the structured 1.1.0 grammar for every document, because the
// 1.0.1 rule name = *CHAR lets "$inputs.x == 1" or "$steps.foo" through
// and no 1.0.x document relies on that. [ParseOptions].Version "1.0.x"
// only removes the 1.1 sources ($self, $message, payload); the same
// version reaches criteria through [CriterionSpec].ArazzoVersion (which
// also refuses the jsonpointer type) and templates through
// [ParseTemplateWith].
//
//   - Names: inputs, outputs, step outputs, workflow fields and component
//     names are identifier ([A-Za-z0-9._-]+); step ids, workflow ids and
//     source description names are identifier-strict (no dot). Query and
//     path parameter names and source description references take any
//     printable character except { } " and \ (JSON escapes in names are
//     not decoded), and must not be empty.
//   - Dotted names: $inputs.a.b.c looks up "a.b.c", then "a.b" and walks
//     ".c" into its value, then "a" — the longest defined name wins, at
//     evaluation time.
//   - A JSON Pointer runs to the end of the expression and may contain
//     blanks; "#" alone is the whole value and "#/" is the key "". A "~"
//     must be followed by 0 or 1. Braces are refused in pointers (1.1
//     excludes them; 1.0.1 allowed them, but only as a mistake).
//   - Header names match without regard to case; the first value wins
//     ("single header values only"). Query parameters likewise.
//   - $components.TYPE.NAME takes parameters, successActions and
//     failureActions only; "$components.inputs.x" is refused.
//   - $statusCode evaluates to an int; JSON bodies decode as
//     encoding/json does (float64 numbers) — see [Body].
//
// Real documents break the grammar in ways whose meaning is plain. Those
// forms are accepted unless [ParseOptions].Strict is set, and reported as
// codes so the validator can warn; each runs exactly as the form on the
// right would:
//
//	dot-path-body            $response.body.id            $response.body#/id (also $message.payload.x)
//	source-case              $Inputs.x, $request.HEADER.a $inputs.x, $request.header.a
//	pointer-missing-slash    $response.body#access_token   $response.body#/access_token
//	pointer-missing-hash     $response.body/AccessToken    $response.body#/AccessToken
//	headers-plural           $response.headers.Location    $response.header.Location
//	missing-outputs-segment  $steps.login.token            $steps.login.outputs.token
//	whole-map                $inputs, $steps.x.outputs    every name, as an object
//	workflow-singular        $workflow.inputs.key          $inputs.key
//	spaces-in-name           $steps.Plan a Trip_0.outputs.r (generated step ids with blanks)
//	bare-expression          "Bearer $inputs.apiToken"     "Bearer {$inputs.apiToken}"
//	workflow-step-output     $workflows.w.steps.s.outputs.x  output x of step s in w's latest run
//
// and in criteria:
//
//	unquoted-string-literal  $response.body#/status == NEW  … == 'NEW' (a string, never "true"; also jsonpath)
//	jsonpath-boolean-form    $.state == "started"           a boolean over the context
//	jsonpath-pointer-form    #/name == Chocolate            $response.body#/name == 'Chocolate'
//	jsonpath-length          $.results.length > 0           the number of elements (as JavaScript reads it)
//	quoted-expression        $.a[?(@.id == '$inputs.id')]   $.a[?(@.id == '{$inputs.id}')] (also xpath)
//	regex-literal            /^[0-9A-F]{8}$/i               ^[0-9A-F]{8}$ matched ignoring case
//
// Forms whose meaning is not plain stay errors whose message says what
// was probably meant: $body.x (request or response?), $workflow.steps.x,
// "{$steps.a.outputs.b || 'x'}" (no default operator), $steps.a.b.outputs.c
// (a step id with a dot). A ".NAME" after a step id is missing-outputs-
// segment only when no ".outputs." follows. An unquoted literal runs to
// "&&", "||", ")" or the end, may hold blanks, and must not hold quotes,
// "$", brackets or operator characters; true, false, null, and, or, not
// and in are never literals.
//
// # Templates
//
// A string that is wholly one expression keeps the value's type. "{$"
// followed by a letter opens an embedded expression, which must parse and
// close; every other brace is text, so JSON and XML templates are left as
// written (the vectors' reference library rejects such templates; we
// expand the {$…} inside them instead). Embedded values become text:
// null as "", numbers and booleans as JSON writes them, objects and
// arrays as JSON, strings (including XML bodies) as they are; values are
// never re-scanned. A bare expression inside text is recognised only
// after $inputs., $steps., $response., $request., $outputs., $workflows.,
// $components., $sourceDescriptions., $statusCode, $url or $method; it
// ends at a blank, quote, bracket or brace, drops a trailing sentence
// stop, and ends earlier where the grammar does (at "&" in a query
// string). An undefined value is an error wrapping [ErrUndefined], not an
// empty string, so the executor can tell a missing input from an empty
// one.
//
// # Simple conditions
//
// Runtime expressions become variables and the condition is parsed with
// expr-lang's parser; the tree is checked against an allow-list
// (literals, == != < <= > >= && || !, parentheses, .name and [n]) and
// turned into our own small tree, which we evaluate: the spec's
// comparisons are not expr-lang's, and evaluating a dozen node kinds
// ourselves is simpler and faster than patching each operator into a
// function call. Decisions where the spec is vague:
//
//   - Strings may use single quotes (the spec's, doubled inside) or "…" (common in
//     practice, JSON escapes). Word operators (and, or, not, in) are
//     refused.
//   - Strings compare without regard to case, for ordering as well.
//   - A numeric string meets a number as a number, for == as well; only
//     JSON-style numbers count ("0x10" and "Inf" stay strings).
//   - null equals only null; an ordering with null is false.
//   - Booleans, objects and arrays support == and != only; ordering them
//     is an evaluation error.
//   - A runtime expression that cannot be resolved fails the criterion
//     with Err wrapping [ErrUndefined] — even under !=, so a typo never
//     passes silently. && and || short-circuit, so an operand that is not
//     reached is not resolved.
//   - Inside a condition "$response.body.count" is the spec's own "."
//     operator, so it is not reported as dot-path-body; the other codes of
//     an operand are reported with the criterion's.
//
// # Typed conditions
//
// regex, jsonpath, xpath and jsonpointer conditions first substitute
// {$…} (compiled at evaluation time when they do, reusing the last
// compilation while the expanded text is unchanged; once otherwise). A
// null context fails without an error, as the spec asks; a context that
// cannot be resolved fails with Err.
//
//   - regex: ECMAScript via regexp2, matched against the context's text
//     form (strings as they are, anything else as JSON), anywhere in it.
//     A JavaScript literal "/pattern/flags" is read as pattern and flags
//     (i, m, s; g and u are no-ops) when the pattern uses regex syntax, so
//     a path such as "/pets/i" is still matched as text.
//   - jsonpath: an RFC 9535 query (theory/jsonpath) passes on a non-empty
//     nodelist. A query whose first segment is a filter at the root, such
//     as "$[?count(@.pets) > 0]" (the spec's own example) or
//     "$[?@.state == 'started']", strictly filters an object's member
//     values, which is never what the author meant. So on an object
//     context we also apply it to the object itself, as if the context
//     were a one-element array, and pass if either nodelist is non-empty;
//     the explanation gives both counts. On an array context the query is
//     strict RFC 9535.
//   - jsonpath, PaesslerAG forms: a condition that is not an RFC 9535
//     query but parses with gval's full language plus PaesslerAG/jsonpath
//     is the 1.0.x boolean form, evaluated as a boolean; under
//     draft-goessner-dispatch-jsonpath-00 every condition goes to
//     PaesslerAG, and a match, a true or a non-empty list passes. In both:
//     a path that selects nothing is null, so a missing field is unequal
//     to everything but null; outside filters the six comparisons follow
//     Condition Evaluation as simple conditions do (gval's own find null
//     equal to 0 and false, passing "$.missing == 0"); a runtime
//     expression may stand as an operand ("$.input_tokens <=
//     $inputs.tokenBudget"), resolved when the condition runs, failing
//     with Err when unresolved, and shown in the explanation; a path
//     ending in ".length" counts an array's elements or a string's
//     characters (an object's own "length" member still wins; RFC 9535
//     queries keep .length a member name); a bare word ("$.status ==
//     completed") is a string, not gval's lookup of a context member; and
//     null is null even when the context has a member named "null". A
//     condition that starts with "#/" is the jsonpath-pointer-form above.
//   - xpath: XPath 1.0 (antchfx) with its boolean conversion, for every
//     version. Constructs of XPath 2.0 and later (if, for, let, some,
//     every, eq/ne/lt…, instance of, cast, ||, =>, map/array
//     constructors) are refused at compile time with an error wrapping
//     errors.ErrUnsupported, because antchfx would otherwise misread some
//     of them silently. antchfx keeps state in a compiled query, so
//     evaluations of one compiled XPath take turns.
//   - jsonpointer: passes when the pointer selects a value other than
//     null.
//
// # Limits
//
//	MaxExprLen       4 KiB    one runtime expression
//	MaxConditionLen  8 KiB    one simple condition
//	MaxTemplateLen   1 MiB    one template string
//	MaxBodyBytes     32 MiB   body decoded by Body.Value
//	maxDepth         64       nesting of a simple condition
//	regexTimeout     100 ms   one regex match
//
// JSON nesting is bounded by encoding/json. Explanations show at most
// about 200 bytes of any value and never serialise more than that.
//
// # Speed
//
// Measured on a shared 2-CPU AMD EPYC (go test -bench, Go 1.26):
//
//	BenchmarkStatusCriterion          $statusCode == 200                          ~100 ns, 2 allocs
//	BenchmarkSimpleCriterion          $statusCode == 200 && body#/state == '…'    ~200 ns, 2 allocs
//	BenchmarkPointerEval              $response.body#/items/0/state               ~35 ns, 0 allocs
//	BenchmarkTemplateBare             "Bearer $inputs.apiToken"                   ~70 ns, 3 allocs
//	BenchmarkJSONPathQuery            $[?@.state == 'started'] on an object       ~1.3 µs, 24 allocs
//	BenchmarkJSONPathBooleanForm      $.state != "…" && $.state != "…"            ~0.5 µs, 11 allocs
//	BenchmarkCompileSimpleCriterion   once per criterion, at load                 ~3 µs, 53 allocs
//	BenchmarkDecodeBody               a 1 KiB sandbox-shaped response body        ~3.7 µs, 60 allocs
//
// A simple criterion allocates its explanation and nothing else: numbers
// are compared unboxed and written straight into the text. The boolean
// jsonpath form explains itself by the paths it reads, not the whole
// context. Decoding a body is, after the HTTP exchange itself, the
// largest cost of a step: each object and array is made once at its
// final size, about twice as fast as encoding/json.
package expr

// BUG(expr): XPath conditions use XPath 1.0 semantics whatever the
// version says; XPath 2.0+ syntax is refused with errors.ErrUnsupported.

// BUG(expr): JSON numbers decode to float64, so integers beyond 2^53
// lose precision in comparisons and templates.
