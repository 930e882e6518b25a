package transport

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"

	"golang.org/x/oauth2"
)

// TokenSource sends "Authorization: <type> <access token>" with a token
// fetched from ts for every attempt, so that a token that expires (ATI's
// OAuth tokens last about two hours) is refreshed by the source, not by the
// caller. Wrap ts in oauth2.ReuseTokenSource to fetch only when the cached
// token expires. Every token fetched is scrubbed from the call's errors and
// logs like a static one. A 401 after which ts yields a different token is
// retried once, for calls that may be retried.
func TokenSource(ts oauth2.TokenSource) Auth { return &tokenAuth{ts: ts} }

type tokenAuth struct {
	ts oauth2.TokenSource

	mu     sync.Mutex
	flight *tokenFlight // the Token call under way, if any (see fetch)
}

// Apply is not used: tokens are fetched per attempt by the transport.
func (*tokenAuth) Apply(*http.Request) {}

// Secrets is empty: every fetched token is added to the call's secrets.
func (*tokenAuth) Secrets() []string { return nil }

func (*tokenAuth) String() string     { return "OAuth2 token source" }
func (a *tokenAuth) GoString() string { return a.String() }

func (a *tokenAuth) validate() error {
	if a.ts == nil {
		return invalid("token source is nil")
	}
	return nil
}

// token fetches the current token and its header value; it returns when ctx
// ends, whatever the source does.
func (a *tokenAuth) token(ctx context.Context) (access, header string, err error) {
	tok, err := a.fetch(ctx)
	if err != nil {
		return "", "", fmt.Errorf("token source: %w", err)
	}
	if tok == nil || strings.TrimSpace(tok.AccessToken) == "" {
		return "", "", fmt.Errorf("token source: %w", errEmptyCredential)
	}
	header = tok.Type() + " " + tok.AccessToken
	if !validHeaderValue(header) {
		return "", "", invalid("token source: token has a line break or control character")
	}
	return tok.AccessToken, header, nil
}

// callSecrets collects secrets learned while a call runs (fetched tokens).
type callSecrets struct {
	mu   sync.Mutex
	vals []string
	last string // the token of the latest attempt
}

func (s *callSecrets) add(v string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.last = v
	for _, x := range s.vals {
		if x == v {
			return
		}
	}
	s.vals = append(s.vals, v)
}

func (s *callSecrets) list() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.vals...)
}

func (s *callSecrets) lastToken() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.last
}
