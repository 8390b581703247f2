package openapi

import "context"

type operationKey struct{}

// WithOperationID returns a copy of ctx that carries the operationId of the
// request being built. Transports such as the offline mock read it back with
// [OperationIDFromContext] to answer per operation rather than per URL.
func WithOperationID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, operationKey{}, id)
}

// OperationIDFromContext reports the operationId stored by [WithOperationID].
func OperationIDFromContext(ctx context.Context) (string, bool) {
	id, ok := ctx.Value(operationKey{}).(string)
	return id, ok && id != ""
}
