package atitest

import (
	"crypto/rand"
	"encoding/hex"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/ruapi/ruapi-go/ati"
	"github.com/ruapi/ruapi-go/internal/fakeserver"
)

// The OAuth client [Server.OAuthConfig] uses unless [WithOAuthClient] set
// another (obviously fake values).
const (
	DefaultClientID     = "client-id-not-real"
	DefaultClientSecret = "client-secret-not-real" //nolint:gosec // an obviously fake secret
)

// ExpiryStyle is how the fake's token answers tell the token's lifetime.
type ExpiryStyle int

const (
	// ExpiresIn sends "expires_in": seconds (a number), as ATI's auth-v2
	// summary shows. It is the default.
	ExpiresIn ExpiryStyle = iota
	// ExpireTimeRFC3339 sends "expire_time" as an RFC 3339 time, as the
	// integration that follows ATI's page reads it.
	ExpireTimeRFC3339
	// ExpireTimeUnix sends "expire_time" as unix seconds (a number).
	ExpireTimeUnix
	// ExpireTimeUnixString sends "expire_time" as unix seconds in a string.
	ExpireTimeUnixString
	// NoExpiry sends neither: a client assumes ATI's 7200 s.
	NoExpiry
)

// String returns the style's name.
func (e ExpiryStyle) String() string {
	switch e {
	case ExpiresIn:
		return "expires_in"
	case ExpireTimeRFC3339:
		return "expire_time RFC 3339"
	case ExpireTimeUnix:
		return "expire_time unix"
	case ExpireTimeUnixString:
		return "expire_time unix string"
	case NoExpiry:
		return "no expiry"
	}
	return "ExpiryStyle(" + strconv.Itoa(int(e)) + ")"
}

// WithOAuthClient makes the fake's /oauth2/ endpoints accept only this
// client id and secret (invalid_client otherwise). Without it they accept any
// non-empty pair, and a code or a refresh token works only for the client id
// it was issued to.
func WithOAuthClient(id, secret string) ServerOption {
	return func(s *Server) { s.clientID, s.clientSecret = id, secret }
}

// WithTokenLifetime sets how long the access tokens the fake issues live
// (default 7200 s, as ATI's). A lifetime at or under 10 s makes a client's
// token source refresh on every call (x/oauth2 treats a token as expired
// 10 s early).
func WithTokenLifetime(d time.Duration) ServerOption {
	return func(s *Server) { s.lifetime = d }
}

// WithTokenExpiry sets how token answers tell the lifetime (default
// [ExpiresIn]); see also [Server.SetTokenExpiry].
func WithTokenExpiry(style ExpiryStyle) ServerOption {
	return func(s *Server) { s.expiry = style }
}

// WithoutRefreshRotation makes the fake keep a refresh token valid after a
// refresh and leave refresh_token out of refresh answers. By default every
// refresh answers a new refresh token and the old one stops working.
func WithoutRefreshRotation() ServerOption {
	return func(s *Server) { s.noRotation = true }
}

// OAuthConfig returns an ati.OAuthConfig aimed at this server (its authorize
// page and token endpoint) with the client credentials of [WithOAuthClient]
// (DefaultClientID and DefaultClientSecret without it), and redirectURL as
// the callback.
func (s *Server) OAuthConfig(redirectURL string) *ati.OAuthConfig {
	id, secret := s.clientID, s.clientSecret
	if id == "" {
		id, secret = DefaultClientID, DefaultClientSecret
	}
	return &ati.OAuthConfig{
		ClientID:     id,
		ClientSecret: secret,
		RedirectURL:  redirectURL,
		AuthURL:      s.URL + "/oauth2/",
		TokenURL:     s.URL + "/oauth2/token",
	}
}

// SetTokenExpiry changes how later token answers tell the lifetime.
func (s *Server) SetTokenExpiry(style ExpiryStyle) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.expiry = style
}

// NewAuthCode issues an authorization code as if a user had granted access
// at the authorize page with redirectURL as the callback ("" for any), for
// tests that skip the redirect. It works once, for any client (for the
// [WithOAuthClient] one when set).
func (s *Server) NewAuthCode(redirectURL string) string {
	return s.issueCode("", redirectURL)
}

// grant is what an authorization code was issued for.
type grant struct{ clientID, redirectURI string }

func (s *Server) issueCode(clientID, redirectURL string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	code := "code-" + randomHex(12)
	s.codes[code] = grant{clientID: clientID, redirectURI: redirectURL}
	return code
}

// knownClient reports whether the fake accepts this client id (and secret,
// unless secret is nil).
func (s *Server) knownClient(id string, secret *string) bool {
	if s.clientID == "" {
		return id != "" && (secret == nil || *secret != "")
	}
	return fakeserver.Equal(id, s.clientID) && (secret == nil || fakeserver.Equal(*secret, s.clientSecret))
}

// TokenRequestCount returns how many requests reached /oauth2/token
// (faults aimed at it excluded), whatever their answer.
func (s *Server) TokenRequestCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.tokenRequests
}

// TokenRequests is the older name of [Server.TokenRequestCount].
func (s *Server) TokenRequests() int { return s.TokenRequestCount() }

// ExpireAccessTokens makes every access token issued so far answer 401, as
// ATI does for an expired token. The fixed Token still works.
func (s *Server) ExpireAccessTokens() {
	s.mu.Lock()
	defer s.mu.Unlock()
	clear(s.access)
}

// RevokeRefreshTokens makes every refresh token issued so far answer
// invalid_grant.
func (s *Server) RevokeRefreshTokens() {
	s.mu.Lock()
	defer s.mu.Unlock()
	clear(s.refresh)
}

// validAccess reports whether tok is an access token the fake issued and
// that has not expired.
func (s *Server) validAccess(tok string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	exp, ok := s.access[tok]
	return ok && time.Now().Before(exp)
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// oauthError writes ATI's {"error","reason"} body.
func oauthError(w http.ResponseWriter, status int, code, reason string) {
	fakeserver.WriteJSON(w, status, map[string]string{"error": code, "reason": reason})
}

// authorize is id.ati.su's authorize page: it grants at once and sends the
// user back to redirect_uri with a code and the state.
func (s *Server) authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if !s.knownClient(q.Get("client_id"), nil) {
		oauthError(w, http.StatusBadRequest, "invalid_client", "unknown client_id")
		return
	}
	if q.Get("response_type") != "code" {
		oauthError(w, http.StatusBadRequest, "unsupported_response_type", "response_type must be code")
		return
	}
	cb, err := url.Parse(q.Get("redirect_uri"))
	if err != nil || !cb.IsAbs() || (cb.Scheme != "http" && cb.Scheme != "https") {
		oauthError(w, http.StatusBadRequest, "invalid_request", "redirect_uri must be an absolute http(s) URL")
		return
	}
	code := s.issueCode(q.Get("client_id"), cb.String())
	v := cb.Query()
	v.Set("code", code)
	if st := q.Get("state"); st != "" {
		v.Set("state", st)
	}
	cb.RawQuery = v.Encode()
	// The authorize step sends the user agent to the client's redirect_uri, as
	// OAuth does; this is a test server for the caller's own callback.
	http.Redirect(w, r, cb.String(), http.StatusFound) //nolint:gosec // G710: an OAuth redirect_uri is the destination by design
}

// tokenForm is a token request, JSON or form.
type tokenForm struct {
	ClientID     string `json:"client_id"`
	ClientSecret string `json:"client_secret"`
	GrantType    string `json:"grant_type"`
	Code         string `json:"code"`
	RefreshToken string `json:"refresh_token"`
	RedirectURI  string `json:"redirect_uri"`
}

// readTokenRequest reads a JSON or form token request.
func readTokenRequest(r *http.Request) (tokenForm, string) {
	var in tokenForm
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch mt {
	case "application/json":
		if err := fakeserver.ReadJSON(r, &in); err != nil {
			return in, err.Error()
		}
	case "application/x-www-form-urlencoded":
		r.Body = http.MaxBytesReader(nil, r.Body, fakeserver.MaxRequestBody)
		if err := r.ParseForm(); err != nil {
			return in, "malformed form body"
		}
		f := r.PostForm
		in = tokenForm{ClientID: f.Get("client_id"), ClientSecret: f.Get("client_secret"), GrantType: f.Get("grant_type"),
			Code: f.Get("code"), RefreshToken: f.Get("refresh_token"), RedirectURI: f.Get("redirect_uri")}
	default:
		return in, "Content-Type must be application/json or application/x-www-form-urlencoded"
	}
	return in, ""
}

// token is ATI's token endpoint: the authorization_code and refresh_token
// grants, JSON or form.
func (s *Server) token(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.tokenRequests++
	s.mu.Unlock()
	in, msg := readTokenRequest(r)
	if msg != "" {
		oauthError(w, http.StatusBadRequest, "invalid_request", msg)
		return
	}
	if !s.knownClient(in.ClientID, &in.ClientSecret) {
		oauthError(w, http.StatusUnauthorized, "invalid_client", "client authentication failed")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	rotate := true
	switch in.GrantType {
	case "authorization_code":
		g, ok := s.codes[in.Code]
		if !ok || in.Code == "" || (g.clientID != "" && g.clientID != in.ClientID) {
			oauthError(w, http.StatusBadRequest, "invalid_grant", "the code is unknown or was used")
			return
		}
		if in.RedirectURI != "" && g.redirectURI != "" && in.RedirectURI != g.redirectURI {
			oauthError(w, http.StatusBadRequest, "invalid_grant", "redirect_uri does not match the authorization")
			return
		}
		delete(s.codes, in.Code)
	case "refresh_token":
		if owner, ok := s.refresh[in.RefreshToken]; !ok || in.RefreshToken == "" || owner != in.ClientID {
			oauthError(w, http.StatusBadRequest, "invalid_grant", "the refresh token is unknown or expired")
			return
		}
		rotate = !s.noRotation
		if rotate {
			delete(s.refresh, in.RefreshToken)
		}
	default:
		oauthError(w, http.StatusBadRequest, "unsupported_grant_type", "grant_type must be authorization_code or refresh_token")
		return
	}
	now := time.Now()
	for tok, exp := range s.access {
		if !now.Before(exp) {
			delete(s.access, tok) // expired: it would be refused anyway
		}
	}
	access := "ati-access-" + randomHex(16)
	exp := now.Add(s.lifetime)
	s.access[access] = exp
	ans := map[string]any{
		"access_token": access,
		"token_type":   "Bearer",
		"firm_id":      s.balance.FirmID,
		"contact_id":   s.balance.ContactID,
	}
	if rotate {
		rt := "ati-refresh-" + randomHex(16)
		s.refresh[rt] = in.ClientID
		ans["refresh_token"] = rt
	}
	switch s.expiry {
	case ExpiresIn:
		ans["expires_in"] = int64(s.lifetime / time.Second)
	case ExpireTimeRFC3339:
		ans["expire_time"] = exp.UTC().Format(time.RFC3339)
	case ExpireTimeUnix:
		ans["expire_time"] = exp.Unix()
	case ExpireTimeUnixString:
		ans["expire_time"] = strconv.FormatInt(exp.Unix(), 10)
	}
	w.Header().Set("Cache-Control", "no-store")
	fakeserver.WriteJSON(w, http.StatusOK, ans)
}

// isOAuthPath reports whether p is one of the fake's /oauth2/ endpoints,
// which take no bearer token.
func isOAuthPath(p string) bool { return p == "/oauth2/" || p == "/oauth2/token" }

// bearerOK reports whether tok is the fixed token or a live issued one.
func (s *Server) bearerOK(tok string) bool {
	return fakeserver.Equal(tok, s.Token) || (strings.HasPrefix(tok, "ati-access-") && s.validAccess(tok))
}
