package transport

import (
	"context"
	"log/slog"
)

// OperationLogger returns a logger that writes l's records with the call's
// operation added ("operation", "account/users/list"), read from the
// record's context, for an upstream whose every request has one method and
// path (Service Manager's POST .../execute), so that the log tells its calls
// apart. Records without an operation pass unchanged; nil stays nil.
func OperationLogger(l *slog.Logger) *slog.Logger {
	if l == nil {
		return nil
	}
	if _, ok := l.Handler().(operationHandler); ok {
		return l
	}
	return slog.New(operationHandler{h: l.Handler()})
}

// operationHandler adds the operation a record's context names.
type operationHandler struct{ h slog.Handler }

func (o operationHandler) Enabled(ctx context.Context, level slog.Level) bool {
	return o.h.Enabled(ctx, level)
}

func (o operationHandler) Handle(ctx context.Context, r slog.Record) error {
	if op := OperationFromContext(ctx); op != "" {
		r = r.Clone()
		r.AddAttrs(slog.String("operation", op))
	}
	return o.h.Handle(ctx, r)
}

func (o operationHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return operationHandler{h: o.h.WithAttrs(attrs)}
}

func (o operationHandler) WithGroup(name string) slog.Handler {
	return operationHandler{h: o.h.WithGroup(name)}
}
