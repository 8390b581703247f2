// Package arazzo owns the Arazzo document model: parsing YAML or JSON into
// typed objects that remember their position, loading the source
// descriptions a document names, binding each step to its operation or
// workflow, compiling every runtime expression once, and validating the
// whole.
//
// [Parse] decodes one document and reports structural problems. [Load]
// also reads the sources (OpenAPI through package openapi, nested Arazzo
// documents recursively, AsyncAPI documents indexed), binds the steps and
// runs every check, returning all findings as [Diagnostics], each with a
// file:line:column, a spec path such as workflows[0].steps[2], a stable
// kebab-case code and, for unknown names, the nearest valid one.
//
// # Decisions
//
//   - Unknown fields are errors, as the published JSON Schemas say
//     (unevaluatedProperties: false); x- extensions are kept in
//     Meta.Extensions.
//   - A scalar of the wrong type (version: 1.0 unquoted) is an error, but
//     its text is kept so that later checks still see it.
//   - In 1.1 documents, a mapping with a selector field where a value may
//     be a Selector Object is read as one; elsewhere values are plain data.
//   - Relative source URLs resolve against the document's location, or
//     against $self in 1.1 documents that set it. A source without type is
//     recognised from its root key (openapi, swagger, asyncapi, arazzo).
//   - Compatibility forms that real documents use and the runner accepts
//     (a bare $inputs.x inside a string, a boolean comparison under type:
//     jsonpath, a dot path after $response.body) are warnings.
//
// # Limits
//
// Documents above [MaxDocumentSize] are refused; collections nest at most
// 256 levels; decoding stops after two million nodes, which defuses alias
// bombs.
package arazzo
