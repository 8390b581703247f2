// Package expr parses and evaluates Arazzo runtime expressions, the
// templates that embed them, and Criterion Objects (simple, regex,
// jsonpath, xpath and jsonpointer conditions).
//
// It depends on no other package of this module: the executor fills a
// [Context] and the validator reads parse errors and compatibility codes.
package expr
