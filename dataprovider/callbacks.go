package dataprovider

import (
	"context"
	"fmt"
	"net/http"

	"github.com/ruapi/ruapi-go/internal/transport"
)

// CallbackClient notifies the platform ("core") of billing changes. Calls are
// notifications that only trigger a re-read, so they are retried safely; they
// still act, so a client made with [WithReadOnly] refuses them all.
type CallbackClient struct{ tc *transport.Client }

// NewCallbackClient returns a callback client for the platform at coreURL
// using HTTP Basic auth. A blank core URL, login or password (an unset
// environment variable) is an error matching ErrInvalidArgument. It does no
// I/O.
func NewCallbackClient(coreURL, login, password string, opts ...Option) (*CallbackClient, error) {
	if isBlank(coreURL) || isBlank(login) || isBlank(password) {
		return nil, fmt.Errorf("dataprovider: core URL, login and password are required: %w", ErrInvalidArgument)
	}
	opts = append([]Option{func(s *settings) error { s.Auth = transport.Basic(login, password); return nil }}, opts...)
	tc, err := build(coreURL, opts)
	if err != nil {
		return nil, err
	}
	return &CallbackClient{tc: tc}, nil
}

func (c *CallbackClient) post(ctx context.Context, op, path string, body any, opts []CallOption) error {
	_, err := c.tc.Do(ctx, &transport.Request{Method: http.MethodPost, Path: path, Body: body, Retry: transport.RetrySafe, Effect: transport.EffectChange, Operation: op, Options: opts})
	return err
}

// ContractChanged reports that one contract changed (POST /api/v1/mb/callback/contract {"ext_id"}).
func (c *CallbackClient) ContractChanged(ctx context.Context, extID string, opts ...CallOption) error {
	if isBlank(extID) {
		return fmt.Errorf("dataprovider: empty contract id: %w", ErrInvalidArgument)
	}
	return c.post(ctx, "callbacks.contractChanged", "api/v1/mb/callback/contract", map[string]string{"ext_id": extID}, opts)
}

// UserContractsChanged reports that all contracts of a user changed
// (POST /api/v1/mb/callback/contract {"user_ext_id"}).
func (c *CallbackClient) UserContractsChanged(ctx context.Context, userExtID string, opts ...CallOption) error {
	if isBlank(userExtID) {
		return fmt.Errorf("dataprovider: empty user id: %w", ErrInvalidArgument)
	}
	return c.post(ctx, "callbacks.userContractsChanged", "api/v1/mb/callback/contract", map[string]string{"user_ext_id": userExtID}, opts)
}

// ChargesChanged reports that a user's charges changed
// (POST /api/v1/mb/callback/charge {"user_ext_id"}).
func (c *CallbackClient) ChargesChanged(ctx context.Context, userExtID string, opts ...CallOption) error {
	if isBlank(userExtID) {
		return fmt.Errorf("dataprovider: empty user id: %w", ErrInvalidArgument)
	}
	return c.post(ctx, "callbacks.chargesChanged", "api/v1/mb/callback/charge", map[string]string{"user_ext_id": userExtID}, opts)
}
