package aeza_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ruapi/ruapi-go/aeza"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ruapi/ruapi-go/internal/inputtest"
)

// The v2 shapes: bare or data-wrapped lists, bare arrays, wrapped entities,
// and an entity that has a "data" field of its own.
func TestV2ConventionShapes(t *testing.T) {
	w, c := newV2Wire(t)
	ctx := context.Background()
	key := `{"id":301,"ownerId":42,"name":"k","publicKey":"ssh-ed25519 A","autoAssign":false,"createdAt":"2025-11-20T13:12:12Z"}`
	lists := map[string]string{
		"bare":         `{"items":[` + key + `],"total":7}`,
		"data-wrapped": `{"data":{"items":[` + key + `],"total":7}}`,
		"bare array":   `[` + key + `]`,
		"data array":   `{"data":[` + key + `]}`,
		"total first":  `{"total":7,"items":[` + key + `]}`,
	}
	for name, body := range lists {
		w.answer(200, body)
		l, err := c.SSHKeys.List(ctx, nil)
		require.NoError(t, err, name)
		require.Len(t, l.Items, 1, name)
		assert.Equal(t, int64(301), l.Items[0].ID, name)
		if name == "bare array" || name == "data array" {
			assert.Equal(t, 1, l.Total, name)
		} else {
			assert.Equal(t, 7, l.Total, name)
		}
	}
	for name, body := range map[string]string{"bare": key, "data-wrapped": `{"data":` + key + `}`} {
		w.answer(200, body)
		k, err := c.SSHKeys.Get(ctx, 301)
		require.NoError(t, err, name)
		assert.Equal(t, "k", k.Name, name)
	}
	// an entity whose own fields include "data" is not unwrapped
	w.answer(200, `{"id":5,"text":"hi","data":{"x":1},"isRead":true,"createdAt":"2025-11-20T13:12:12Z"}`)
	n, err := c.Notifications.Get(ctx, 5)
	require.NoError(t, err)
	assert.Equal(t, int64(5), n.ID)
	assert.Equal(t, "hi", n.Text)
	// an empty list body, null, and an empty answer where an entity is due
	w.answer(200, `{"items":null,"total":0}`)
	l, err := c.SSHKeys.List(ctx, nil)
	require.NoError(t, err)
	assert.Empty(t, l.Items)
	for _, status := range []int{200, 201, 204} {
		w.answer(status, "")
		_, err = c.SSHKeys.Get(ctx, 301)
		require.ErrorIs(t, err, aeza.ErrDecode, "status %d", status)
		_, err = c.Services.VNC(ctx, 7)
		require.ErrorIs(t, err, aeza.ErrDecode, "status %d", status)
	}
	w.answer(200, `<html>oops</html>`)
	_, err = c.SSHKeys.List(ctx, nil)
	require.ErrorIs(t, err, aeza.ErrDecode)
}

// Actions accept 200, 201 and 204 with an empty body, and any body.
func TestV2EmptyBodyAnswers(t *testing.T) {
	w, c := newV2Wire(t)
	ctx := context.Background()
	actions := map[string]func() error{
		"restart":  func() error { return c.Services.Restart(ctx, 7) },
		"suspend":  func() error { return c.Services.PowerOff(ctx, 7, nil) },
		"resume":   func() error { return c.Services.PowerOn(ctx, 7) },
		"rescue":   func() error { return c.Services.EnterRescue(ctx, 7) },
		"leave":    func() error { return c.Services.LeaveRescue(ctx, 7) },
		"password": func() error { return c.Services.SetPassword(ctx, 7, "Fake-Pass-3") },
		"patch":    func() error { return c.Services.SetAutoProlong(ctx, 7, true) },
		"delete":   func() error { return c.Services.RequestDeletion(ctx, 7) },
		"ptr":      func() error { return c.Networks.SetPTR(ctx, 7, "k", "a.example") },
		"main":     func() error { return c.Networks.MakeMain(ctx, 7, "k") },
		"restore":  func() error { return c.Backups.Restore(ctx, 7, 1) },
		"bdelete":  func() error { return c.Backups.Delete(ctx, 7, 1) },
		"schedule": func() error {
			return c.Backups.SetSchedule(ctx, 7, aeza.BackupSchedule{Type: aeza.ScheduleDaily, Limit: 1})
		},
		"unsched": func() error { return c.Backups.DeleteSchedule(ctx, 7) },
		"kdelete": func() error { return c.SSHKeys.Delete(ctx, 1) },
		"rdelete": func() error { return c.Domains.DeleteRecord(ctx, 1, 2) },
		"read":    func() error { return c.Notifications.MarkRead(ctx, 1) },
		"readall": func() error { return c.Notifications.MarkAllRead(ctx) },
		"rebuild": func() error {
			return c.Services.Rebuild(ctx, 7, aeza.RebuildRequest{OS: aeza.OSSlug("debian_12"), Password: "Fake-Pass-4"})
		},
	}
	answers := []struct {
		status int
		body   string
	}{{201, ""}, {204, ""}, {200, ""}, {200, "{}"}, {201, `{"data":"ok"}`}, {200, `"ok"`}, {201, `{"id":"task-1"}`}}
	for name, call := range actions {
		for _, a := range answers {
			w.answer(a.status, a.body)
			assert.NoError(t, call(), "%s on %d %q", name, a.status, a.body)
		}
	}
	// creates and updates: an empty answer is no error (the change went
	// through; an error could make a caller send it again), and returns
	// what was asked for, with no id for a new entity
	for _, status := range []int{201, 204, 200} {
		w.answer(status, "")
		b, err := c.Backups.Create(ctx, 7, "snap")
		require.NoError(t, err)
		assert.Equal(t, aeza.Backup{Name: "snap"}, *b)
		k, err := c.SSHKeys.Create(ctx, aeza.NewSSHKey{Name: "k", PublicKey: "ssh-ed25519 A", AutoAssign: true})
		require.NoError(t, err)
		assert.Equal(t, aeza.SSHKey{Name: "k", PublicKey: "ssh-ed25519 A", AutoAssign: true}, *k)
		name := "k2"
		k, err = c.SSHKeys.Update(ctx, 5, aeza.SSHKeyUpdate{Name: &name})
		require.NoError(t, err)
		assert.Equal(t, aeza.SSHKey{ID: 5, Name: "k2"}, *k)
		d, err := c.Domains.Create(ctx, "example.net")
		require.NoError(t, err)
		assert.Equal(t, "example.net", d.Name)
		assert.Zero(t, d.ID)
		ttl := 60
		r, err := c.Domains.CreateRecord(ctx, 1, aeza.NewDNSRecord{Type: "A", Name: "@", Content: "192.0.2.1", TTL: &ttl})
		require.NoError(t, err)
		assert.Equal(t, aeza.DNSRecord{Type: "A", Name: "@", Content: "192.0.2.1", TTL: 60}, *r)
		content := "192.0.2.2"
		r, err = c.Domains.UpdateRecord(ctx, 1, 9, aeza.DNSRecordUpdate{Content: &content})
		require.NoError(t, err)
		assert.Equal(t, aeza.DNSRecord{ID: 9, Content: "192.0.2.2"}, *r)
	}
	// a full answer wins over what was asked for
	w.answer(201, `{"id":11,"name":"snap-2","status":"creating","source":"manual"}`)
	b, err := c.Backups.Create(ctx, 7, "snap")
	require.NoError(t, err)
	assert.Equal(t, int64(11), b.ID)
	assert.Equal(t, "snap-2", b.Name)
}

// Money, task ids, dates, enums and the inferred fields take their odd variants.
func TestV2ConventionValues(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want aeza.Minor
	}{{`457`, 457}, {`457.0`, 457}, {`"457"`, 457}, {`4.57e2`, 457}, {`null`, 0}, {`""`, 0}, {`-2`, -2}, {`"-36900"`, -36900}} {
		var m aeza.Minor
		require.NoError(t, json.Unmarshal([]byte(tc.in), &m), tc.in)
		assert.Equal(t, tc.want, m, tc.in)
	}
	for _, bad := range []string{`4.5`, `"4.5"`, `true`, `{}`, `"abc"`} {
		var m aeza.Minor
		assert.Error(t, json.Unmarshal([]byte(bad), &m), bad)
	}
	assert.Equal(t, "0.05", aeza.Minor(5).String())
	assert.Equal(t, "-1234.56", aeza.Minor(-123456).String())
	assert.Equal(t, "4.57", aeza.Minor(457).Decimal().String())

	for in, want := range map[string]aeza.TaskID{`"7f3a"`: "7f3a", `12345`: "12345", `null`: ""} {
		var id aeza.TaskID
		require.NoError(t, json.Unmarshal([]byte(in), &id), in)
		assert.Equal(t, want, id)
	}

	// a service with odd values everywhere no capture settles
	odd := `{"id":"9","name":"x","price":"100","status":"frozen","paymentTerm":"fortnight",
	"createdAt":"2025-11-20T13:12:12+03:00","expiresAt":1764000000,
	"currentTask":{"id":77,"slug":5,"name":null,"createdAt":"2025-11-20T13:12:12Z","status":"paused"},
	"capabilities":"ctl","schedule":"weekly","parameters":[1,2],"payload":null,"locationCode":"nl"}`
	var s aeza.ServiceInfo
	require.Error(t, json.Unmarshal([]byte(odd), &s), "a string id is not an id")
	odd = odd[:6] + "9" + odd[9:]
	require.NoError(t, json.Unmarshal([]byte(odd), &s))
	assert.Equal(t, int64(9), s.ID)
	assert.Equal(t, aeza.Minor(100), s.Price)
	assert.Equal(t, aeza.ServiceStatus("frozen"), s.Status)
	assert.False(t, s.Status.Known())
	assert.Equal(t, "fortnight", s.PaymentTerm.String())
	assert.Equal(t, time.Date(2025, 11, 20, 10, 12, 12, 0, time.UTC), s.CreatedAt.UTC())
	assert.Equal(t, int64(1764000000), s.ExpiresAt.Unix())
	assert.Equal(t, aeza.TaskID("77"), s.CurrentTask.ID)
	assert.Equal(t, aeza.Text("5"), s.CurrentTask.Slug)
	assert.Equal(t, aeza.TaskStatus("paused"), s.CurrentTask.Status)
	assert.True(t, s.Busy(), "an unknown task status is not finished")
	assert.Equal(t, aeza.Capabilities{aeza.CapCtl}, s.Capabilities)
	assert.JSONEq(t, `"weekly"`, string(s.Schedule))
	assert.JSONEq(t, `[1,2]`, string(s.Parameters))
	assert.JSONEq(t, odd, string(s.Raw))

	// inferred string fields read any scalar and never fail the answer
	var d aeza.Domain
	require.NoError(t, json.Unmarshal([]byte(`{"id":1,"name":"a.example","status":3,"statusReason":{"code":1},"nsCheckedAt":null}`), &d))
	assert.Equal(t, aeza.Text("3"), d.Status)
	assert.Equal(t, aeza.Text(""), d.StatusReason)
	var ip aeza.IPv4Address
	require.NoError(t, json.Unmarshal([]byte(`{"key":17,"value":"192.0.2.1","mask":24,"gateway":null,"domain":false}`), &ip))
	assert.Equal(t, aeza.Text("17"), ip.Key)
	assert.Equal(t, aeza.Text("24"), ip.Mask)
	assert.Equal(t, aeza.Text("false"), ip.Domain)
	var a aeza.AccountDetails
	require.NoError(t, json.Unmarshal([]byte(`{"id":1,"balance":"12345","permittedDebt":12.5,"currency":"EUR","bonusState":"vip"}`), &a))
	assert.Equal(t, "12.5", a.PermittedDebt.String())
	assert.Equal(t, aeza.Text("vip"), a.BonusState)
	var caps aeza.Capabilities
	require.NoError(t, json.Unmarshal([]byte(`["ctl",7,null,"x.y"]`), &caps))
	assert.Equal(t, aeza.Capabilities{"ctl", "7", "x.y"}, caps)
	for _, odd := range []string{`{"ctl":true}`, `5`, `true`} {
		caps = aeza.Capabilities{"stale"}
		require.NoError(t, json.Unmarshal([]byte(odd), &caps), odd)
		assert.Nil(t, caps, odd)
	}
	var v aeza.VNCAccess
	require.NoError(t, json.Unmarshal([]byte(`{"address":{"host":"h"},"password":12345}`), &v))
	assert.Equal(t, "", v.Address)
	assert.Equal(t, "12345", v.Password.Reveal())
	var st aeza.Stats
	require.NoError(t, json.Unmarshal([]byte(`[1,"2",null]`), &st))
	assert.Equal(t, []string{"1", "2", ""}, st.Data)
}

// pagedV2 serves n items under limit/offset in one of the list shapes.
func pagedV2(t *testing.T, n int, shape string) (*aeza.Client, *atomic.Int64) {
	t.Helper()
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		q := r.URL.Query()
		off, _ := strconv.Atoi(q.Get("offset"))
		lim, err := strconv.Atoi(q.Get("limit"))
		if err != nil || lim <= 0 {
			lim = 3 // an upstream default page smaller than asked for
		}
		if shape == "ignores offset" {
			off = 0
		}
		items := "["
		for i := off; i < n && i < off+lim; i++ {
			if i > off {
				items += ","
			}
			items += fmt.Sprintf(`{"id":%d,"text":"n%d","isRead":false,"createdAt":"2025-11-20T13:12:12Z"}`, i+1, i)
		}
		items += "]"
		w.Header().Set("Content-Type", "application/json")
		switch shape {
		case "bare array":
			_, _ = fmt.Fprint(w, items)
		case "data":
			_, _ = fmt.Fprintf(w, `{"data":{"items":%s,"total":%d}}`, items, n)
		case "no total":
			_, _ = fmt.Fprintf(w, `{"items":%s}`, items)
		default:
			_, _ = fmt.Fprintf(w, `{"items":%s,"total":%d}`, items, n)
		}
	}))
	t.Cleanup(srv.Close)
	c, err := aeza.NewClient("key-not-real", aeza.WithBaseURL(srv.URL+"/api"), fastRetry())
	require.NoError(t, err)
	return c, &hits
}

func TestV2AllPaging(t *testing.T) {
	t.Parallel()
	for _, shape := range []string{"bare", "data", "bare array", "no total"} {
		c, hits := pagedV2(t, 7, shape)
		var ids []int64
		for n, err := range c.Notifications.All(context.Background(), &aeza.PageOptions{Limit: 3}) {
			require.NoError(t, err, shape)
			ids = append(ids, n.ID)
		}
		assert.Equal(t, []int64{1, 2, 3, 4, 5, 6, 7}, ids, shape)
		assert.LessOrEqual(t, hits.Load(), int64(4), shape)
	}
	// no limit given: the upstream's short default page still advances
	c, _ := pagedV2(t, 7, "bare")
	got := collect(t, c.Notifications.All(context.Background(), nil))
	assert.Len(t, got, 7)
	// offset honored from the options
	c, _ = pagedV2(t, 7, "bare")
	got = collect(t, c.Notifications.All(context.Background(), &aeza.PageOptions{Offset: 5, Limit: 3}))
	assert.Len(t, got, 2)
	// an upstream that ignores offset stops with ErrPageRepeated, no loop
	c, hits := pagedV2(t, 7, "ignores offset")
	var err error
	n := 0
	for _, e := range c.Notifications.All(context.Background(), &aeza.PageOptions{Limit: 3}) {
		if e != nil {
			err = e
			break
		}
		n++
	}
	require.ErrorIs(t, err, aeza.ErrPageRepeated)
	assert.Equal(t, 3, n)
	assert.Equal(t, int64(2), hits.Load())
	// bad options fail before anything is sent
	_, err = c.Notifications.List(context.Background(), &aeza.PageOptions{Limit: -1})
	require.ErrorIs(t, err, aeza.ErrInvalidArgument)
	for _, e := range c.Notifications.All(context.Background(), &aeza.PageOptions{Offset: -1}) {
		require.ErrorIs(t, e, aeza.ErrInvalidArgument)
	}
	_, err = c.Notifications.List(context.Background(), &aeza.PageOptions{Filter: aeza.Filter{aeza.Eq("", 1)}})
	require.ErrorIs(t, err, aeza.ErrInvalidArgument)
}

func TestV2SortClause(t *testing.T) {
	assert.Equal(t, "id DESC", aeza.SortClause(aeza.Desc("id")))
	assert.Equal(t, "createdAt ASC,id DESC", aeza.SortClause(aeza.Asc("createdAt"), aeza.Desc(" id "), aeza.Asc("")))
	assert.Equal(t, "", aeza.SortClause())
}

func TestV2InvalidArguments(t *testing.T) {
	t.Parallel()
	w, c := newV2Wire(t)
	ctx := context.Background()
	inputtest.Refused(t, aeza.ErrInvalidArgument, "aeza: ", map[string]error{
		"info id":         inputtest.Err(c.Services.Info(ctx, 0)),
		"power empty":     c.Services.Power(ctx, 1, ""),
		"power slash":     c.Services.Power(ctx, 1, "a/b"),
		"password":        c.Services.SetPassword(ctx, 1, ""),
		"rebuild no os":   c.Services.Rebuild(ctx, 1, aeza.RebuildRequest{Password: "x"}),
		"rebuild nothing": c.Services.Rebuild(ctx, 1, aeza.RebuildRequest{OS: aeza.OSSlug("debian_12")}),
		"rebuild key":     c.Services.Rebuild(ctx, 1, aeza.RebuildRequest{OS: aeza.OSSlug("debian_12"), SSHKeyIDs: []int64{0}}),
		"stats type":      inputtest.Err(c.Services.Stats(ctx, 1, "", nil)),
		"stats dots":      inputtest.Err(c.Services.Stats(ctx, 1, "..", nil)),
		"stats res":       inputtest.Err(c.Services.Stats(ctx, 1, "cpu", &aeza.StatsOptions{Resolution: -1})),
		"ptr key":         c.Networks.SetPTR(ctx, 1, "", "a.example"),
		"ptr domain":      c.Networks.SetPTR(ctx, 1, "k", ""),
		"backup name":     inputtest.Err(c.Backups.Create(ctx, 1, "")),
		"backup id":       c.Backups.Restore(ctx, 1, -1),
		"schedule":        c.Backups.SetSchedule(ctx, 1, aeza.BackupSchedule{Type: aeza.ScheduleDaily}),
		"key create":      inputtest.Err(c.SSHKeys.Create(ctx, aeza.NewSSHKey{Name: "x"})),
		"key update":      inputtest.Err(c.SSHKeys.Update(ctx, 1, aeza.SSHKeyUpdate{})),
		"domain name":     inputtest.Err(c.Domains.Create(ctx, "")),
		"record create":   inputtest.Err(c.Domains.CreateRecord(ctx, 1, aeza.NewDNSRecord{Type: "A"})),
		"record update":   inputtest.Err(c.Domains.UpdateRecord(ctx, 1, 2, aeza.DNSRecordUpdate{})),
		"record id":       c.Domains.DeleteRecord(ctx, 1, 0),
		"products group":  inputtest.Err(c.Products.Availability(ctx, &aeza.AvailabilityOptions{GroupID: -1})),
	})
	assert.Empty(t, w.requests(), "nothing was sent")
}

// The one-pass decoding of a services page gives what encoding/json gives,
// Raw included, for every shape (and falls back where its scan cannot follow).
func TestV2ServicesPageMatchesPlainDecode(t *testing.T) {
	w, c := newV2Wire(t)
	one := `{"id":1,"name":"a","price":100,"status":"active","secureParameters":{"password":"p-not-real"}}`
	two := `{"id":2,"name":"b","price":"200","status":"suspended","currentTask":{"id":5,"status":"queued"}}`
	for _, body := range []string{
		`{"items":[` + one + `,` + two + `],"total":2}`,
		`{"total":2, "items" : [ ` + one + ` , ` + two + ` ] }`,
		`{"items":[` + one + `],"Items":[` + two + `],"total":1}`,
		`{"items":[],"total":0}`,
		`{"data":{"items":[` + two + `],"total":1}}`,
		`[` + one + `]`,
		`{"ITEMS":[` + two + `],"total":1,"extra":{"items":[1]}}`,
	} {
		w.answer(200, body)
		got, err := c.Services.ListInfo(context.Background(), nil)
		require.NoError(t, err, body)
		var want aeza.List[aeza.ServiceInfo]
		payload := body
		if body[0] == '[' {
			payload = `{"items":` + body + `,"total":1}`
		} else if body[2] == 'd' {
			payload = body[8 : len(body)-1]
		}
		require.NoError(t, json.Unmarshal([]byte(payload), &want), body)
		if want.Items == nil {
			want.Items = []aeza.ServiceInfo{}
		}
		require.Len(t, got.Items, len(want.Items), body)
		assert.Equal(t, want.Total, got.Total, body)
		for i := range want.Items {
			assert.Equal(t, want.Items[i], got.Items[i], body)
			assert.Equal(t, string(want.Items[i].Raw), string(got.Items[i].Raw), body)
		}
	}
}

func TestMinorStringExtremes(t *testing.T) {
	assert.Equal(t, "-92233720368547758.08", aeza.Minor(math.MinInt64).String())
	assert.Equal(t, "92233720368547758.07", aeza.Minor(math.MaxInt64).String())
	assert.Equal(t, "-0.01", aeza.Minor(-1).String())
	assert.Equal(t, "0.00", aeza.Minor(0).String())
}
