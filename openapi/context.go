package openapi

import "context"

type operationKey struct{}

type operationRefKey struct{}

// WithOperationID returns a copy of ctx that carries the operationId of the
// request being built. Transports such as the offline mock read it back with
// [OperationIDFromContext] to answer per operation rather than per URL.
func WithOperationID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, operationKey{}, id)
}

// WithOperation returns a copy of ctx that carries the operation a request
// is built for, so that a transport can tell operations apart even when
// they have no operationId (by their method and path template). It also
// answers [OperationIDFromContext] with the operation's operationId.
func WithOperation(ctx context.Context, o *Operation) context.Context {
	return context.WithValue(ctx, operationRefKey{}, o)
}

// OperationFromContext reports the operation stored by [WithOperation].
func OperationFromContext(ctx context.Context) (*Operation, bool) {
	o, ok := ctx.Value(operationRefKey{}).(*Operation)
	return o, ok && o != nil
}

// OperationIDFromContext reports the operationId stored by
// [WithOperationID], or else that of the operation stored by
// [WithOperation]. It is false when neither gives a non-empty one.
func OperationIDFromContext(ctx context.Context) (string, bool) {
	if id, ok := ctx.Value(operationKey{}).(string); ok && id != "" {
		return id, true
	}
	if o, ok := OperationFromContext(ctx); ok && o.ID != "" {
		return o.ID, true
	}
	return "", false
}
