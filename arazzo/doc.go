// Package arazzo owns the Arazzo document model: parsing YAML or JSON into
// typed objects that remember their position, loading the source
// descriptions a document names, binding each step to its operation or
// workflow, compiling every runtime expression once, and validating the
// whole.
//
// [Parse] decodes one document and reports structural problems. [Load]
// also reads the sources (OpenAPI 3.0 and 3.1 through package openapi,
// Swagger 2.0 converted; nested Arazzo documents recursively, with cycles
// detected; AsyncAPI documents indexed), binds the steps and runs every
// check in one pass, returning all findings as [Diagnostics], sorted by
// position, each with a file:line:column, a spec path such as
// workflows[0].steps[2].successCriteria[1], a stable kebab-case code and,
// for unknown names, the nearest valid one. [Document.Runnable] then says
// whether a workflow can run as loaded.
//
// # What is checked
//
//   - The JSON Schema of the version the document declares (embedded under
//     schemas/, see schema.go for the patches that settle the published
//     schemas' conflicts with the text). A schema error is dropped when a
//     hand-written check already reports the same object, since that one
//     knows what the object is for.
//   - Identifiers: patterns and uniqueness of workflowId, stepId, source
//     names and output keys; duplicate parameters by name and location,
//     duplicate actions by name.
//   - References: operationId (plain or $sourceDescriptions.NAME.ID),
//     operationPath (a JSON pointer to an operation of the loaded
//     description), workflowId (local or in an Arazzo source), goto and
//     retry targets, $components.TYPE.NAME, dependsOn (targets exist, no
//     cycles), $steps.ID.outputs.NAME (the step exists, declares the
//     output and runs earlier), $workflows.ID.outputs.NAME, $inputs.NAME,
//     and for AsyncAPI sources the operation or channel a step names.
//   - Expressions and criteria, parsed by type; a syntax error points at
//     the failing character.
//   - Steps: in required on operation-step parameters and ignored on
//     workflow-step ones; no requestBody on workflow steps; action and
//     correlationId only on AsyncAPI steps; parameters the operation does
//     not declare (warning) and required ones it is not given.
//   - Flow: steps no path reaches and goto loops only a failure can leave
//     (warnings); workflows of the document that call each other through
//     workflow steps in a cycle (workflow-cycle: an error when every call
//     on the cycle is made unconditionally, so that every run recurses
//     until the runner's depth limit; a warning when an action's
//     condition may stop it, as paging through results does).
//
// # Decisions
//
// An error means the document cannot run as written; whatever the author
// meant unambiguously runs, and is a warning here.
//
//   - A source that cannot be read (a remote URL without a network, a file
//     that is not there) is a warning, source-unreachable or
//     source-not-found: the document may be right. The checks that need the
//     source are skipped, and [Document.Runnable] refuses a workflow with a
//     step that needs it, naming the source and the reason. A source that
//     is read but does not parse is an error (source-invalid).
//   - Remote sources are read with the timeout of LoadOptions.HTTPClient
//     (30 seconds by default) and at most LoadOptions.MaxSourceBytes.
//     LoadOptions.URLMap redirects remote URLs to local copies; nothing is
//     redirected unless asked.
//   - Unknown fields are errors, as the published JSON Schemas say; x-
//     extensions are kept in Meta.Extensions. A root $schema key, which
//     editors add, is a warning (schema-key). Fields Arazzo 1.1 added are
//     errors in a 1.0 document (needs-v11).
//   - A scalar of the wrong type (version: 1.0 unquoted) is an error, but
//     its text is kept so that later checks still see it.
//   - In 1.1 documents, a mapping with a selector field where a value may
//     be a Selector Object is read as one; elsewhere values are plain data.
//   - Relative source URLs resolve against the document's location, or
//     against $self in 1.1 documents that set it. A source without type is
//     recognised from its root key (openapi, swagger, asyncapi, arazzo).
//   - $inputs.NAME that the input schema does not declare is an error only
//     when the schema is closed (additionalProperties: false); otherwise a
//     caller may still pass it, and it is a warning (undeclared-input).
//   - A reference to a later step's outputs is an error, or a warning when
//     a goto could have run that step first (forward-step-reference); so
//     is a step reading its own outputs in its parameters or body.
//   - Identifiers outside the spec's patterns (bad-identifier) are
//     warnings: the runner still finds them by name. Duplicates are errors.
//   - An output that is a literal instead of a runtime expression runs as
//     written, with a warning (literal-output).
//   - A missing required path parameter is an error (no URL can be built);
//     a missing required query, header or cookie parameter is a warning.
//     Authorization, Accept and Content-Type headers are never reported:
//     OpenAPI describes them outside the parameters.
//   - Compatibility forms that real documents use and the runner accepts
//     are warnings, one per occurrence, each with its own code: a bare
//     $inputs.x inside a string (bare-expression), a boolean comparison
//     under type: jsonpath (jsonpath-boolean-form), a dot path after
//     $response.body (dot-path-body), the codes package expr reports for
//     other forms, a source name differing only in case
//     (source-name-case), an operationPath or channelPath naming its
//     source loosely (operation-path-form, channel-path-form), an
//     unqualified operationId among several API sources
//     (unqualified-operation-id), SOURCE.ID for an operationId
//     (operation-id-form).
//   - A bare expression followed by a "}" ($steps.a.outputs.id}) runs as
//     the value followed by the text "}"; the brace most likely lost its
//     "{", so it is a warning of its own (unmatched-brace) at the brace.
//   - Text that would be a runtime expression but for a slip in its
//     source ($input.item, $step.a.outputs.x, $respone.body, $Inputs.x
//     inside text) is sent as written, since what was meant is a guess;
//     it is a warning at the "$" naming the likely expression
//     (unknown-expression-source). Other text with "$" ($5, $HOME, costs
//     $100) is not reported.
//   - A channelPath that is a single bare word is read as a channel id
//     (warning); any other channelPath that is not a runtime expression is
//     an error. The published schema tests disagree on this (a bare
//     "createUser" passes, "definitely-not-a-runtime-expression" is meant
//     to fail); this is the line between them.
//   - Validating an OpenAPI or AsyncAPI document by mistake gives one
//     error, not-arazzo, instead of one per field.
//
// # Limits
//
// Documents above [MaxDocumentSize] are refused; collections nest at most
// 256 levels; decoding stops after two million nodes, which defuses alias
// bombs. A YAML error without a line in its message is placed at the end
// of the input.
package arazzo

// BUG(arazzo): Steps that call AsyncAPI operations are loaded and checked
// but cannot run; [Document.Runnable] reports them with
// [ErrAsyncUnsupported].
