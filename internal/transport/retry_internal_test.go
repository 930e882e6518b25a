package transport

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestParseRetryAfter(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	cases := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"", 0, false},
		{"0", 0, true},
		{"3", 3 * time.Second, true},
		{" 120 ", 2 * time.Minute, true},
		{"-1", 0, false},
		{"soon", 0, false},
		{"99999999999", 24 * time.Hour, true},
		{now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second, true},
		{now.Add(-time.Hour).Format(http.TimeFormat), 0, true},
		{"Sun, 22 Nov 2026 12:00:30 GMT", 30 * time.Second, true},
		{"Sunday, 22-Nov-26 12:00:30 GMT", 30 * time.Second, true}, // RFC 850
	}
	for _, c := range cases {
		got, ok := parseRetryAfter(c.in, now)
		assert.Equal(t, c.ok, ok, c.in)
		assert.Equal(t, c.want, got, c.in)
	}
}

func TestBackoffUsesRetryAfter(t *testing.T) {
	t.Parallel()
	resp := &http.Response{Header: http.Header{"Retry-After": {"7"}}}
	assert.Equal(t, 7*time.Second, backoff(time.Millisecond, time.Second, 0, resp))
}

func TestExponentialBackoffWithJitter(t *testing.T) {
	t.Parallel()
	noJitter := func(int64) int64 { return 0 }
	maxJitter := func(n int64) int64 { return n - 1 }
	minW, maxW := 100*time.Millisecond, time.Second
	// ATI's advice: 100 ms, doubling.
	want := []time.Duration{100, 200, 400, 800, 1000, 1000}
	for i, w := range want {
		assert.Equal(t, w*time.Millisecond, expBackoff(minW, maxW, i, noJitter), "attempt %d", i)
		assert.Equal(t, w*time.Millisecond*5/4, expBackoff(minW, maxW, i, maxJitter), "attempt %d with full jitter", i)
	}
	assert.Equal(t, time.Duration(0), expBackoff(0, time.Second, 3, maxJitter))
	// Real jitter stays within [d, 1.25d].
	for range 100 {
		d := backoff(minW, maxW, 1, nil)
		assert.GreaterOrEqual(t, d, 200*time.Millisecond)
		assert.LessOrEqual(t, d, 250*time.Millisecond)
	}
}

func TestCheckRetryWithoutState(t *testing.T) {
	t.Parallel()
	ok, err := checkRetry(context.Background(), &http.Response{StatusCode: 503}, nil)
	assert.False(t, ok, "a request without call state is never retried")
	assert.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	ok, err = checkRetry(ctx, nil, errors.New("x"))
	assert.False(t, ok)
	assert.ErrorIs(t, err, context.Canceled)
}
