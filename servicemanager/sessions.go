package servicemanager

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/ruapi/ruapi-go/internal/transport"
)

// SessionsService holds the methods on a subscriber's active application
// sessions (session/*). The caller must have the subscriber owner's role
// (ITS). session/prepare_list and session/list are known by name only: their
// fields are not documented, so [SessionsService.List] returns session/list's
// answer as raw JSON.
type SessionsService struct{ c *Client }

// SessionListState is the answer of session/check_list (ITS).
type SessionListState struct {
	// Ready is true once the list asked for with session/prepare_list is
	// ready.
	Ready bool `json:"ready"`
	// ReadyTime is when it was prepared (UTC), when ready.
	ReadyTime DateTime `json:"ready_time,omitempty"`
}

type sessionAccountParams struct {
	Account   int64  `json:"account"`
	RequestID string `json:"request_id,omitempty"`
}

// CheckList reports whether the session list asked for with
// session/prepare_list is ready (session/check_list; fields: ITS).
// requestID may be empty (the ITS table marks it optional).
func (s *SessionsService) CheckList(ctx context.Context, account int64, requestID string, opts ...CallOption) (*SessionListState, error) {
	var out struct {
		answer
		SessionListState
	}
	if _, err := s.c.call(ctx, MethodSessionCheckList, account, sessionAccountParams{account, requestID}, transport.RetrySafe, &out, opts); err != nil {
		return nil, err
	}
	return &out.SessionListState, nil
}

// WaitList polls session/check_list every p.Interval until the list is
// ready (the two-phase flow of the ITS page). It ends with a [*WaitError]
// (matching [ErrStillRunning] and the context's error) at the wait's deadline
// (the context, [WithCallTimeout] among opts or the client's [WithTimeout];
// see [Poll]) or after p.MaxAttempts checks.
func (s *SessionsService) WaitList(ctx context.Context, account int64, requestID string, p Poll, opts ...CallOption) (*SessionListState, error) {
	var st *SessionListState
	err := s.c.poll(ctx, MethodSessionCheckList, p, opts, func(ctx context.Context) (string, bool, error) {
		var err error
		if st, err = s.CheckList(ctx, account, requestID, opts...); err != nil {
			return "", false, err
		}
		return "not ready", st.Ready, nil
	})
	if err != nil {
		return nil, err
	}
	return st, nil
}

// List runs the documented three steps for the subscriber's sessions:
// session/prepare_list, then session/check_list until the list is ready
// (every p.Interval, see [SessionsService.WaitList]), then session/list, and
// returns session/list's whole answer as raw JSON (its fields are not
// documented). The ITS page names the steps and gives the fields of
// check_list only; what List sends to the other two is inferred from it:
// {"account": N}, plus the request_id prepare_list answers with, if it
// answers with one. The three steps share one deadline, as a wait's (see
// [Poll]).
func (s *SessionsService) List(ctx context.Context, account int64, p Poll, opts ...CallOption) (json.RawMessage, error) {
	if p.MaxAttempts < 0 {
		return nil, fmt.Errorf("servicemanager: %s: MaxAttempts %d: %w", MethodSessionCheckList, p.MaxAttempts, ErrInvalidArgument)
	}
	ctx, cancel, err := s.c.tc.WaitContext(ctx, opts)
	defer cancel()
	if err != nil {
		return nil, fmt.Errorf("servicemanager: %s: %w", MethodSessionPrepareList, err)
	}
	var prep struct {
		answer
		RequestID json.RawMessage `json:"request_id"`
	}
	if _, err := s.c.call(ctx, MethodSessionPrepareList, account, sessionAccountParams{Account: account}, transport.RetryNever, &prep, opts); err != nil {
		return nil, err
	}
	var requestID string
	if len(prep.RequestID) > 0 && json.Unmarshal(prep.RequestID, &requestID) != nil {
		requestID = string(prep.RequestID) // a number: keep its text
	}
	if _, err := s.WaitList(ctx, account, requestID, p, opts...); err != nil {
		return nil, err
	}
	var raw json.RawMessage
	if _, err := s.c.call(ctx, MethodSessionList, account, sessionAccountParams{account, requestID}, transport.RetrySafe, &raw, opts); err != nil {
		return nil, err
	}
	return raw, nil
}

// Terminate ends sessions of an application (session/terminate; fields:
// BTS, which sends the placeholder user "DummyUser", as this does). It is
// sent once.
func (s *SessionsService) Terminate(ctx context.Context, account, tenant int64, ids []int64, opts ...CallOption) error {
	if err := checkTenant(MethodSessionTerminate, tenant); err != nil {
		return err
	}
	if len(ids) == 0 {
		return fmt.Errorf("servicemanager: %s: no session numbers: %w", MethodSessionTerminate, ErrInvalidArgument)
	}
	params := struct {
		Account int64   `json:"account"`
		Tenant  int64   `json:"tenant"`
		User    string  `json:"user"`
		ID      []int64 `json:"id"`
	}{account, tenant, "DummyUser", ids}
	_, err := s.c.call(ctx, MethodSessionTerminate, account, params, transport.RetryNever, nil, opts)
	return err
}
