package ati

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/ruapi/ruapi-go/internal/transport"
	"golang.org/x/oauth2"
)

// ATI's OAuth 2.0 URLs (ati.su/developers/auth/auth-v2).
const (
	// AuthURL is where a user grants an integrator access: id.ati.su's
	// authorize page.
	AuthURL = "https://id.ati.su/oauth2/"
	// TokenURL is ATI's token endpoint, for both the authorization code and
	// the refresh token grant.
	TokenURL = "https://api.ati.su/oauth2/token" //nolint:gosec // a public URL, not a credential
)

// DefaultTokenTimeout bounds one token request (an exchange or a refresh)
// of an [OAuthConfig] whose HTTPClient has no timeout of its own, and is the
// timeout of the client used when HTTPClient is nil. It is shorter than a
// client's default call timeout (30 s), so that a call waiting on a hung
// token endpoint fails with the token error, not with its own deadline.
const DefaultTokenTimeout = 15 * time.Second

// DefaultTokenLifetime is the lifetime assumed for an access token whose
// answer has neither expires_in nor a readable expire_time: ATI documents its
// access tokens as living 7200 s.
const DefaultTokenLifetime = 7200 * time.Second

// tokenTimeout is DefaultTokenTimeout; tests shorten it.
var tokenTimeout = DefaultTokenTimeout

// OAuthConfig is ATI's OAuth 2.0 flow, shaped like golang.org/x/oauth2's
// Config: send the user to [OAuthConfig.AuthCodeURL], trade the code the
// redirect brings for a token with [OAuthConfig.Exchange], and hand
// [OAuthConfig.TokenSource] to [WithTokenSource]:
//
//	conf := &ati.OAuthConfig{ClientID: id, ClientSecret: secret, RedirectURL: cb}
//	url := conf.AuthCodeURL(state)
//	tok, err := conf.Exchange(ctx, code)
//	ts := conf.TokenSource(ctx, tok)
//	c, err := ati.NewClient("", ati.WithTokenSource(ts))
//
// It differs from x/oauth2 with [Endpoint] where ATI differs from RFC 6749:
//
//   - Token requests are JSON by default: {"client_id", "client_secret",
//     "code" or "refresh_token", "grant_type"}, with Accept and Content-Type
//     application/json, no redirect_uri and no Basic header. That is what
//     every public integration that follows ATI's auth-v2 page sends (no
//     public source shows a live exchange); FormEncoded switches to the
//     RFC 6749 form body, which one integration uses.
//   - The token's expiry comes from expires_in, or else expire_time (an RFC
//     3339 time, or unix seconds as a number or a string), or else
//     [DefaultTokenLifetime], so that a token never looks valid forever. An
//     expire_time with no time zone is not trusted (the default applies), and
//     numbers are read as unix milliseconds above 1e11 and as a lifetime in
//     seconds below 1e9; both are guesses, as no source shows such a value.
//   - The answer's other members (firm_id, contact_id, ...) are kept:
//     tok.Extra("firm_id") reads them (numbers as float64, as x/oauth2 does).
//   - ATI's error body on the token endpoint ({"error", "reason"}) comes back
//     as an *[Error] with Code and Message set, scrubbed of the client
//     secret, the code and the refresh token. An answer that rejects the
//     grant or the client (invalid_grant, invalid_client,
//     unauthorized_client, invalid_token, access_denied, or any 401) matches
//     [ErrUnauthorized]; a body that is not JSON (a proxy's HTML page)
//     matches [ErrDecode] and says what came instead.
//
// Token requests are sent once (a code and, with rotation, a refresh token
// are spent by the first request that reaches ATI), never follow a
// redirect, and are bounded by their context and by HTTPClient's timeout,
// or [DefaultTokenTimeout] when it has none.
//
// An OAuthConfig may be used by several goroutines once set up; do not change
// its fields while it is in use. [OAuthConfig.TokenSource] copies it.
type OAuthConfig struct {
	// ClientID and ClientSecret are the integrator's credentials from ATI's
	// integration consultants.
	ClientID     string
	ClientSecret string
	// RedirectURL is the integrator's callback, where id.ati.su sends the
	// user back with the code. It is sent in the authorize URL, and in the
	// token request only when FormEncoded is set (as RFC 6749 asks).
	RedirectURL string
	// Scopes are joined with spaces into the authorize URL's scope.
	Scopes []string
	// AuthURL is the authorize page ([AuthURL] when empty); a test server
	// (atitest) or a proxy may stand in for it.
	AuthURL string
	// TokenURL is the token endpoint ([TokenURL] when empty).
	TokenURL string
	// HTTPClient sends token requests. When nil, the client of the context
	// (x/oauth2's oauth2.HTTPClient key) is used, or else one whose timeout is
	// [DefaultTokenTimeout]. A client without a timeout is still bounded by
	// DefaultTokenTimeout: a token request never waits without end.
	HTTPClient *http.Client
	// FormEncoded sends token requests as application/x-www-form-urlencoded
	// (client credentials in the body, redirect_uri with the code) instead of
	// JSON, for an account whose token endpoint wants the form.
	FormEncoded bool
	// OnToken, when set, is called with every new token: the one Exchange
	// returns and every one a refresh brings (through Refresh or a
	// TokenSource). Store the token's RefreshToken there: ATI may rotate it,
	// and the old one may stop working. It is called from the goroutine that
	// fetched the token, one call at a time per TokenSource, before the token
	// is handed out; it gets a copy.
	OnToken func(*oauth2.Token)
}

// AuthCodeURL returns the URL of ATI's authorize page (id.ati.su) to send the
// user to: client_id, redirect_uri, response_type=code, scope and state,
// plus what opts add (oauth2.SetAuthURLParam("key", "value"), ...). state
// protects the callback from forgery: make it random per user, and check it
// when the user comes back.
func (c *OAuthConfig) AuthCodeURL(state string, opts ...oauth2.AuthCodeOption) string {
	if c == nil {
		return ""
	}
	authURL := c.AuthURL
	if authURL == "" {
		authURL = AuthURL
	}
	conf := oauth2.Config{ClientID: c.ClientID, RedirectURL: c.RedirectURL, Scopes: c.Scopes,
		Endpoint: oauth2.Endpoint{AuthURL: authURL}}
	return conf.AuthCodeURL(state, opts...)
}

// Exchange trades the authorization code from ATI's redirect for a token
// (grant_type authorization_code) and calls OnToken with it. The token's
// Expiry is always set (see [OAuthConfig]) and its Extra holds the answer's
// other members (firm_id, contact_id). Errors are *[Error] values for ATI's
// answers (a spent or unknown code matches [ErrUnauthorized]) and wrapped
// context or network errors otherwise.
func (c *OAuthConfig) Exchange(ctx context.Context, code string) (*oauth2.Token, error) {
	if c == nil {
		return nil, fmt.Errorf("ati: oauth2: nil *OAuthConfig: %w", ErrInvalidArgument)
	}
	if strings.TrimSpace(code) == "" {
		return nil, fmt.Errorf("ati: oauth2: the authorization code is empty: %w", ErrInvalidArgument)
	}
	tok, err := c.retrieve(ctx, "authorization_code", code)
	if err != nil {
		return nil, err
	}
	c.notify(tok)
	return tok, nil
}

// Refresh trades a refresh token for a new token (grant_type refresh_token)
// and calls OnToken with it. The token carries the answer's refresh token
// when ATI rotated it, and refreshToken otherwise. A [OAuthConfig.TokenSource]
// refreshes by itself; Refresh is for code that manages tokens its own way.
// A refresh token ATI no longer accepts matches [ErrUnauthorized].
func (c *OAuthConfig) Refresh(ctx context.Context, refreshToken string) (*oauth2.Token, error) {
	if c == nil {
		return nil, fmt.Errorf("ati: oauth2: nil *OAuthConfig: %w", ErrInvalidArgument)
	}
	tok, err := c.refresh(ctx, refreshToken)
	if err != nil {
		return nil, err
	}
	c.notify(tok)
	return tok, nil
}

// refresh is Refresh without the hook.
func (c *OAuthConfig) refresh(ctx context.Context, refreshToken string) (*oauth2.Token, error) {
	if strings.TrimSpace(refreshToken) == "" {
		return nil, fmt.Errorf("ati: oauth2: the refresh token is empty: %w", ErrInvalidArgument)
	}
	tok, err := c.retrieve(ctx, "refresh_token", refreshToken)
	if err != nil {
		return nil, err
	}
	if tok.RefreshToken == "" {
		tok.RefreshToken = refreshToken
	}
	return tok, nil
}

func (c *OAuthConfig) notify(tok *oauth2.Token) {
	if c.OnToken != nil {
		cp := *tok
		c.OnToken(&cp)
	}
}

// tokenRequest is the JSON body of a token request, in the order ATI's page
// shows it.
type tokenRequest struct {
	ClientID     string `json:"client_id"`
	ClientSecret string `json:"client_secret"`
	Code         string `json:"code,omitempty"`
	RefreshToken string `json:"refresh_token,omitempty"`
	GrantType    string `json:"grant_type"`
}

// retrieve sends one token request; grant is "authorization_code" (value is
// the code) or "refresh_token" (value is the refresh token).
func (c *OAuthConfig) retrieve(ctx context.Context, grant, value string) (*oauth2.Token, error) {
	if ctx == nil {
		return nil, fmt.Errorf("ati: oauth2: nil context: %w", ErrInvalidArgument)
	}
	if strings.TrimSpace(c.ClientID) == "" || strings.TrimSpace(c.ClientSecret) == "" {
		return nil, fmt.Errorf("ati: oauth2: ClientID and ClientSecret are required: %w", ErrInvalidArgument)
	}
	tc, err := c.tokenClient(ctx)
	if err != nil {
		return nil, err
	}
	req := &transport.Request{
		Method:    http.MethodPost,
		Retry:     transport.RetryNever,
		Operation: "oauth2.token",
		Secrets:   []string{c.ClientSecret, value},
	}
	if c.FormEncoded {
		form := url.Values{"grant_type": {grant}, "client_id": {c.ClientID}, "client_secret": {c.ClientSecret}}
		if grant == "authorization_code" {
			form.Set("code", value)
			if c.RedirectURL != "" {
				form.Set("redirect_uri", c.RedirectURL)
			}
		} else {
			form.Set("refresh_token", value)
		}
		req.RawBody, req.ContentType = []byte(form.Encode()), "application/x-www-form-urlencoded"
	} else {
		body := tokenRequest{ClientID: c.ClientID, ClientSecret: c.ClientSecret, GrantType: grant}
		if grant == "authorization_code" {
			body.Code = value
		} else {
			body.RefreshToken = value
		}
		req.Body = body
	}
	resp, err := tc.Do(ctx, req)
	if err != nil {
		return nil, err
	}
	return parseToken(resp, time.Now())
}

// tokenClient builds the transport for one token request.
func (c *OAuthConfig) tokenClient(ctx context.Context) (*transport.Client, error) {
	tokenURL := c.TokenURL
	if tokenURL == "" {
		tokenURL = TokenURL
	}
	hc := c.HTTPClient
	if hc == nil {
		if v, ok := ctx.Value(oauth2.HTTPClient).(*http.Client); ok && v != nil {
			hc = v
		}
	}
	if hc == nil {
		hc = &http.Client{Timeout: tokenTimeout}
	}
	cfg := transport.Config{
		Service:     "ati",
		Retry:       &transport.RetryPolicy{},
		DecodeError: decodeTokenError,
	}
	if err := cfg.SetBaseURL(tokenURL); err != nil {
		return nil, fmt.Errorf("ati: oauth2: TokenURL: %w", err)
	}
	if err := cfg.SetHTTPClient(hc); err != nil {
		return nil, fmt.Errorf("ati: oauth2: %w", err)
	}
	if hc.Timeout <= 0 {
		// A client without a timeout is bounded all the same.
		if err := cfg.SetTimeout(tokenTimeout); err != nil {
			return nil, fmt.Errorf("ati: oauth2: %w", err)
		}
	}
	tc, err := transport.New(cfg)
	if err != nil {
		return nil, fmt.Errorf("ati: oauth2: %w", err)
	}
	return tc, nil
}

// tokenAnswer is what a token answer is read as; every other member is kept
// in the token's Extra.
type tokenAnswer struct {
	AccessToken  json.RawMessage `json:"access_token"`
	TokenType    json.RawMessage `json:"token_type"`
	RefreshToken json.RawMessage `json:"refresh_token"`
	ExpiresIn    json.RawMessage `json:"expires_in"`
	ExpireTime   json.RawMessage `json:"expire_time"`
	Error        json.RawMessage `json:"error"`
	Reason       json.RawMessage `json:"reason"`
}

// parseToken reads a 2xx token answer received at now.
func parseToken(resp *transport.Response, now time.Time) (*oauth2.Token, error) {
	var ans tokenAnswer
	var extra map[string]any
	if err := json.Unmarshal(resp.Body, &ans); err != nil {
		return nil, notJSON(resp, err)
	}
	if err := json.Unmarshal(resp.Body, &extra); err != nil {
		return nil, notJSON(resp, err)
	}
	access := rawText(ans.AccessToken)
	if strings.TrimSpace(access) == "" {
		return nil, resp.Fail(ErrDecode, "the token answer has no access_token")
	}
	tok := &oauth2.Token{
		AccessToken:  access,
		TokenType:    rawText(ans.TokenType),
		RefreshToken: rawText(ans.RefreshToken),
		Expiry:       tokenExpiry(ans.ExpiresIn, ans.ExpireTime, now),
	}
	if n, ok := lifetime(ans.ExpiresIn); ok {
		tok.ExpiresIn = int64(n)
	} else {
		tok.ExpiresIn = int64(math.Round(tok.Expiry.Sub(now).Seconds()))
	}
	return tok.WithExtra(extra), nil
}

// notJSON is the error for a token answer that is not a JSON object.
func notJSON(resp *transport.Response, err error) error {
	e := resp.NewError()
	e.Kind = ErrDecode
	e.Err = err
	e.Message = "the token endpoint answered " + bodyKind(resp) + ", not a JSON token"
	if ex := resp.Excerpt(); ex != "" {
		e.Message += ": " + ex
	}
	return resp.Finish(e)
}

// bodyKind names what a response carries: its media type, or "an empty body".
func bodyKind(resp *transport.Response) string {
	if len(bytes.TrimSpace(resp.Body)) == 0 {
		return "an empty body"
	}
	ct := resp.Header.Get("Content-Type")
	if mt, _, err := mime.ParseMediaType(ct); err == nil {
		return mt
	}
	if ct == "" {
		return "a body with no Content-Type"
	}
	return "a body of type " + strconv.Quote(ct)
}

// tokenExpiry picks the expiry: expires_in, else expire_time, else the
// default lifetime.
func tokenExpiry(expiresIn, expireTime json.RawMessage, now time.Time) time.Time {
	if n, ok := lifetime(expiresIn); ok {
		return now.Add(time.Duration(n * float64(time.Second)))
	}
	if t, ok := absoluteTime(expireTime, now); ok {
		return t
	}
	return now.Add(DefaultTokenLifetime)
}

// seconds reads a JSON number or a numeric string.
func seconds(raw json.RawMessage) (float64, bool) {
	s := strings.TrimSpace(rawText(raw))
	if s == "" {
		return 0, false
	}
	n, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(n) || math.IsInf(n, 0) || n > 1e15 || n < -1e15 {
		return 0, false
	}
	return n, true
}

// lifetime reads expires_in: positive seconds, under about 31 years.
func lifetime(raw json.RawMessage) (float64, bool) {
	n, ok := seconds(raw)
	return n, ok && n > 0 && n < 1e9
}

// absoluteTime reads expire_time: an RFC 3339 time, or unix seconds.
func absoluteTime(raw json.RawMessage, now time.Time) (time.Time, bool) {
	s := strings.TrimSpace(rawText(raw))
	if s == "" {
		return time.Time{}, false
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02 15:04:05.999999999Z07:00"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	n, ok := seconds(raw)
	switch {
	case !ok || n <= 0:
		return time.Time{}, false
	case n < 1e9: // before 2001: a lifetime, not a date
		return now.Add(time.Duration(n * float64(time.Second))), true
	case n > 1e11: // after 5138 in seconds: milliseconds
		return time.UnixMilli(int64(n)), true
	}
	sec, frac := math.Modf(n)
	return time.Unix(int64(sec), int64(frac*1e9)), true
}

// grantRejected are OAuth error codes that say the grant or the client is
// not accepted: a new authorization is needed, not a retry.
var grantRejected = map[string]bool{
	"invalid_grant": true, "invalid_client": true, "unauthorized_client": true,
	"invalid_token": true, "access_denied": true, "unauthorized": true,
}

// tokenEnvelope is an error answer of the token endpoint; the RFC 6749
// spelling (error_description) is read too.
type tokenEnvelope struct {
	Error            json.RawMessage `json:"error"`
	ErrorCode        json.RawMessage `json:"error_code"`
	Reason           json.RawMessage `json:"reason"`
	ErrorDescription json.RawMessage `json:"error_description"`
	AccessToken      json.RawMessage `json:"access_token"`
}

// decodeTokenError reads the token endpoint's failures: any non-2xx, and a
// 2xx whose body carries an error and no access token.
func decodeTokenError(resp *transport.Response, e *Error) bool {
	failed := resp.StatusCode < 200 || resp.StatusCode > 299
	var env tokenEnvelope
	if err := json.Unmarshal(resp.Body, &env); err != nil {
		if failed {
			e.Kind = ErrDecode
			e.Message = "the token endpoint answered " + bodyKind(resp) + ", not JSON"
			if ex := resp.Excerpt(); ex != "" {
				e.Message += ": " + ex
			}
		}
		return failed
	}
	code := rawText(env.Error)
	if code == "" {
		code = rawText(env.ErrorCode)
	}
	msg := rawText(env.Reason)
	if msg == "" {
		msg = rawText(env.ErrorDescription)
	}
	if !failed {
		if rawText(env.AccessToken) != "" || (code == "" && msg == "") {
			return false
		}
	}
	e.Code, e.Message = code, msg
	if code == "" && msg == "" {
		e.Message = resp.Excerpt()
	}
	if grantRejected[strings.ToLower(code)] || resp.StatusCode == http.StatusUnauthorized {
		e.Kind = ErrUnauthorized
	}
	return true
}

// TokenSource returns a source of access tokens that starts from tok (nil, or
// one with only a RefreshToken, refreshes at the first call) and refreshes
// it through c when it expires: a token is reused until 10 s before its
// Expiry. Concurrent callers share one refresh: while it runs they wait for
// its result, token or error. Each refresh calls OnToken and keeps the
// rotated refresh token (or the old one when ATI sends none). A refresh is
// bounded by ctx (which must outlive the source: its end fails every later
// refresh) and by the token request timeout (see [OAuthConfig.HTTPClient]).
// A token with no refresh token that has expired fails with an error
// matching [ErrUnauthorized]; a token with a zero Expiry is taken as never
// expiring, as in x/oauth2 (tokens from Exchange and Refresh always have one). c is copied: later changes to it do not reach
// the source.
func (c *OAuthConfig) TokenSource(ctx context.Context, tok *oauth2.Token) oauth2.TokenSource {
	s := &tokenSource{ctx: ctx}
	if c != nil {
		conf := *c
		conf.Scopes = append([]string(nil), c.Scopes...)
		s.conf = &conf
	}
	if tok != nil {
		cp := *tok
		s.tok = &cp
	}
	return s
}

// tokenSource is the refreshing source of OAuthConfig.TokenSource.
type tokenSource struct {
	conf *OAuthConfig
	ctx  context.Context

	mu       sync.Mutex
	tok      *oauth2.Token
	inflight *refreshCall
}

// refreshCall is one refresh in progress; done is closed once tok and err
// are set.
type refreshCall struct {
	done chan struct{}
	tok  *oauth2.Token
	err  error
}

// Token returns the current token, refreshing it first when it has expired.
func (s *tokenSource) Token() (*oauth2.Token, error) {
	if s.conf == nil {
		return nil, fmt.Errorf("ati: oauth2: token source of a nil *OAuthConfig: %w", ErrInvalidArgument)
	}
	s.mu.Lock()
	if s.tok != nil && s.tok.Valid() {
		cp := *s.tok
		s.mu.Unlock()
		return &cp, nil
	}
	if call := s.inflight; call != nil {
		s.mu.Unlock()
		<-call.done
		return copyToken(call.tok), call.err
	}
	refresh := ""
	if s.tok != nil {
		refresh = s.tok.RefreshToken
	}
	if strings.TrimSpace(refresh) == "" {
		s.mu.Unlock()
		return nil, fmt.Errorf("ati: oauth2: the token has expired and there is no refresh token: %w", ErrUnauthorized)
	}
	call := &refreshCall{done: make(chan struct{})}
	s.inflight = call
	s.mu.Unlock()
	defer func() {
		// Also when OnToken panics: the waiters are released.
		s.mu.Lock()
		if call.err == nil && call.tok != nil {
			s.tok = call.tok
		}
		s.inflight = nil
		s.mu.Unlock()
		close(call.done)
	}()
	call.tok, call.err = s.conf.refresh(s.ctx, refresh)
	if call.err == nil {
		// Still in flight: the hooks of one source never overlap and see
		// the tokens in order.
		s.conf.notify(call.tok)
	}
	return copyToken(call.tok), call.err
}

func copyToken(t *oauth2.Token) *oauth2.Token {
	if t == nil {
		return nil
	}
	cp := *t
	return &cp
}
