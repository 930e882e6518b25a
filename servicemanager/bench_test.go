package servicemanager_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/ruapi/ruapi-go/internal/fixture"
	sm "github.com/ruapi/ruapi-go/servicemanager"
)

// benchUsers is the number of users account/users/list answers with.
const benchUsers = 20

// benchEnvelope is the request envelope of account/users/list, as the raw
// client builds it for a server of version 19 or later: the method is in the
// URL, and the body has no general block.
type benchEnvelope struct {
	Auth struct {
		Account int64 `json:"account"`
	} `json:"auth"`
	ID int64 `json:"id"`
}

// benchListServer answers {base}/hs/ext_api/version with version 19 and
// every other request with the same users/list body of benchUsers users; it
// reads (and drops) the request body.
func benchListServer(b *testing.B) *httptest.Server {
	b.Helper()
	users := make([]sm.User, benchUsers)
	for i := range users {
		users[i] = sm.User{Login: fmt.Sprintf("user%02d", i), Name: "Абрамов Геннадий Сергеевич", Email: fmt.Sprintf("user%02d@example.com", i),
			Role: sm.RoleUser, SessionRestriction: i % 5, IsTemporary: i%3 == 0}
	}
	body, err := json.Marshal(map[string]any{
		"user":    users,
		"general": sm.General{Response: sm.CodeOK, Version: 19, SMVersion: "1.0.95.3", SMTimezone: "Europe/Moscow"},
	})
	if err != nil {
		b.Fatal(err)
	}
	return fixture.Server(b, body, fixture.Answer{PathSuffix: "/hs/ext_api/version",
		Body: []byte(`{"version":19,"sm_version":"1.0.95.3","sm_timezone":"Europe/Moscow"}`)})
}

// BenchmarkUsersList compares Users.List of 20 users (sdk) with the same
// exchange written by hand with net/http and encoding/json (raw), against
// the same server and bytes. The sdk client uses its defaults, so the shared
// pooled transport is what is measured; it asks the server's version once
// (before the timer starts) and, the server being at 19, sends the method in
// the URL with no general block, as the raw client does.
func BenchmarkUsersList(b *testing.B) {
	const account = 1010
	b.Run("sdk", func(b *testing.B) {
		srv := benchListServer(b)
		c, err := sm.NewClient(srv.URL, sm.WithBasicAuth(testLogin, testPassword))
		if err != nil {
			b.Fatal(err)
		}
		ctx := context.Background()
		if v, err := c.ServerVersion(ctx); err != nil || v != 19 {
			b.Fatal(v, err)
		}
		b.ReportAllocs()
		b.ResetTimer()
		for range b.N {
			users, err := c.Users.List(ctx, account)
			if err != nil || len(users) != benchUsers {
				b.Fatal(len(users), err)
			}
		}
	})
	b.Run("raw", func(b *testing.B) {
		srv := benchListServer(b)
		hc := fixture.RawClient(b)
		url := srv.URL + "/hs/ext_api/execute/usr/account/users/list"
		ctx := context.Background()
		b.ReportAllocs()
		b.ResetTimer()
		for range b.N {
			var env benchEnvelope
			env.Auth.Account, env.ID = account, account
			reqBody, err := json.Marshal(&env)
			if err != nil {
				b.Fatal(err)
			}
			req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(reqBody))
			if err != nil {
				b.Fatal(err)
			}
			req.SetBasicAuth(testLogin, testPassword)
			req.Header.Set("Content-Type", "application/json")
			var out struct {
				General *sm.General `json:"general"`
				User    []sm.User   `json:"user"`
			}
			if err := fixture.DoJSON(hc, req, &out); err != nil {
				b.Fatal(err)
			}
			if out.General == nil || out.General.Error || !out.General.Response.Success() || len(out.User) != benchUsers {
				b.Fatal("bad answer", out.General)
			}
		}
	})
}
