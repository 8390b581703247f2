// Package openapi loads the OpenAPI descriptions an Arazzo document names
// as sources, finds their operations, builds HTTP requests for them and
// checks responses against them. It is the only package of the module
// that imports kin-openapi; nothing of kin-openapi appears in its API.
//
// # Loading
//
// [Load] reads a file path or an http(s) URL; [LoadData] parses bytes
// already in memory. Both accept YAML and JSON, OpenAPI 3.0, 3.1 and
// Swagger 2.0. Swagger 2.0 is converted to OpenAPI 3.0 with openapi2conv,
// so a Description always looks like 3.x, while [Description.Version]
// still reports "2.0". External $refs are resolved relative to the
// document's location. Remote reads use [LoadOptions]: a client, a size
// limit per document and a timeout per read. A description loaded from a
// URL may not refer to local files.
//
// Errors are [*LoadError] values that name the file and, when it can be
// found, the line (and column): YAML syntax errors carry the line the YAML
// library reports, and a $ref that does not resolve is located by looking
// for it in the root document. Load does not validate the description
// against the OpenAPI specification; [Description.Validate] does.
//
// # Building requests
//
// [Operation.BuildRequest] turns a step's parameters and payload into an
// *http.Request:
//
//   - The server is the first one declared on the operation, else on its
//     path item, else on the document, else "/". Server variables take the
//     given values or their defaults; a value outside a variable's enum is
//     an error. A relative server URL is resolved against the description's
//     location when that is an http(s) URL; for a file description it is an
//     error unless [RequestInput].BaseURL replaces the servers.
//   - Parameters are serialised by style and explode as in the style
//     examples table of OpenAPI 3.0.3: simple, label and matrix for path
//     and header values; form, spaceDelimited, pipeDelimited and deepObject
//     for query and cookie values. Values are percent-encoded except for
//     unreserved characters, and reserved characters too under
//     allowReserved. Header values are sent unencoded and must not hold
//     control characters. Parameters declared with content instead of a
//     schema are written as JSON text (or plain text for non-JSON types).
//   - Parameters the step gives but the operation does not declare are
//     sent anyway, in their location, with that location's default style.
//     A nil value leaves a query, header or cookie parameter out; a path
//     parameter without a value is an error. Arazzo 1.1's "querystring"
//     takes either a ready-encoded string or an object written as form
//     pairs.
//   - The body is sent only when the step gives one. Its media type is the
//     step's contentType, else a Content-Type header parameter, else the
//     operation's first (JSON first), else one that suits the Go value.
//     JSON values are encoded (strings and []byte are taken as JSON text
//     as they are); form bodies honour the encoding object's style and
//     explode; multipart bodies write scalars as text parts, objects as
//     JSON parts and arrays as repeated parts; XML accepts a string or a
//     map encoded simply; text/* takes strings and scalars; any other type
//     takes bytes or a string.
//   - File uploads are explicit: a value {"$file": "path"} (optionally
//     with "$filename" and "$contentType") in a multipart body, or as the
//     whole application/octet-stream body, is read through
//     [RequestInput].ReadFile. When ReadFile is nil no file is read and
//     such a value is an error.
//
// The request's context carries the operation (see [WithOperation]), so a
// transport can tell which operation a request is for, with or without an
// operationId.
// Building never panics on any value; errors name the operation and, as
// [*ParamError], the parameter.
//
// # Checking
//
// [Operation.CheckResponse] compares a response with the declaration and
// returns [Finding] values: an undeclared status (exact codes, then
// "2XX"-style ranges, then default), an undeclared content type, a JSON
// body that breaks its schema (3.0 rules, or JSON Schema 2020-12 for 3.1
// documents; writeOnly properties may not appear) and declared headers
// that are missing when required or do not match their schema. Each
// finding names the schema location (from the $ref target when there is
// one) and the offending value's pointer. [Operation.CheckRequest] runs
// kin-openapi's request validator over a built request before it is sent
// (readOnly properties may not appear); security is not checked.
//
// # Decisions
//
//   - OpenAPI 3.0.3 is the version of our own Daytona description,
//     [DaytonaSandboxAPI], because kin-openapi validates 3.0 most fully.
//   - Object members are serialised in sorted key order, since Go maps
//     have none; the specification's table shows document order.
//   - label with explode false writes arrays and objects with "." between
//     items, as the OpenAPI 3.0.3 table does (RFC 6570 would use ",").
//   - pipeDelimited writes a literal "|" and deepObject literal brackets,
//     as the table shows them.
//
// # Limitations
//
//   - OpenAPI 3.1 support is kin-openapi v0.153's: documents load and
//     schemas validate with its JSON Schema 2020-12 mode, but webhooks are
//     ignored and $dynamicRef-style features depend on that library.
//   - Swagger 2.0 goes through openapi2conv: formData parameters become a
//     form or multipart body and collectionFormat becomes style/explode;
//     "tsv" has no equivalent and falls back to the default form style.
//   - Only JSON bodies are checked against schemas; XML, form and text
//     bodies are checked for their content type only.
//   - Header values with object schemas are not checked; array and scalar
//     ones are, from their simple-style form.
//   - XML bodies built from maps have no attributes or namespaces; send a
//     string when they matter.
//   - Multipart bodies are built in memory, files included.
//   - Operations are not looked up by callbacks or webhooks.
package openapi

// BUG(openapi): Only JSON response bodies are validated against their
// schemas; other media types are checked for their content type alone.

// BUG(openapi): Positions in load errors are lines reported by the YAML
// library or the line of a broken $ref in the root file; errors inside
// referenced files carry no position.
