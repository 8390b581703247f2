package arazzo

// This file indexes AsyncAPI sources: enough to check that a step's
// operationId or channelPath names something the description has.
// Running such steps is not supported yet (see [ErrAsyncUnsupported]).

import (
	"sort"
	"strconv"
	"strings"
)

// asyncOperationIDs lists the operation ids of an AsyncAPI document: the
// keys of operations (3.x) and the operationId of each channel's publish
// and subscribe (2.x).
func asyncOperationIDs(doc map[string]any) []string {
	var ids []string
	ops, _ := doc["operations"].(map[string]any)
	for id := range ops {
		ids = append(ids, id)
	}
	channels, _ := doc["channels"].(map[string]any)
	for _, ch := range channels {
		ch, _ := ch.(map[string]any)
		for _, verb := range []string{"publish", "subscribe"} {
			op, _ := ch[verb].(map[string]any)
			if id, ok := op["operationId"].(string); ok {
				ids = append(ids, id)
			}
		}
	}
	sort.Strings(ids)
	return ids
}

// checkAsyncTarget checks a step that calls a loaded AsyncAPI source:
// its operationId must be one of the document's operations, its
// channelPath must point at something in it.
func checkAsyncTarget(doc *Document, s *Step, r *reporter) {
	kind, name := stepSourceKind(doc, s)
	src := doc.sources[name]
	if kind != "asyncapi" || src == nil || src.AsyncAPI == nil {
		return
	}
	if s.Has("operationId") {
		_, id, ok := splitQualified(s.OperationID)
		if !ok {
			id = s.OperationID
		}
		ids := asyncOperationIDs(src.AsyncAPI)
		if indexOf(ids, id) < 0 {
			r.errorf(s.FieldPos("operationId"), s.FieldPath("operationId"), "unknown-operation",
				"no operation %q in AsyncAPI source %q%s", id, name, suggest(id, ids))
		}
	}
	if _, pointer, _, ok := sourcePointer(doc, s.ChannelPath); ok && s.Has("channelPath") {
		if _, found := lookupPointer(src.AsyncAPI, pointer); !found {
			r.errorf(s.FieldPos("channelPath"), s.FieldPath("channelPath"), "unknown-channel",
				"channelPath %q: AsyncAPI source %q has nothing at %s", s.ChannelPath, name, pointer)
		}
	}
}

// lookupPointer follows a JSON pointer through plain values.
func lookupPointer(v any, pointer string) (any, bool) {
	if pointer == "" {
		return v, true
	}
	if !strings.HasPrefix(pointer, "/") {
		return nil, false
	}
	for _, tok := range strings.Split(pointer[1:], "/") {
		tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
		switch x := v.(type) {
		case map[string]any:
			next, ok := x[tok]
			if !ok {
				return nil, false
			}
			v = next
		case []any:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(x) {
				return nil, false
			}
			v = x[i]
		default:
			return nil, false
		}
	}
	return v, true
}
