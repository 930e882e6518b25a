package dataprovider

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestKopecks(t *testing.T) {
	for k, want := range map[Kopecks]string{36900: "369.00 ₽", 0: "0.00 ₽", 5: "0.05 ₽", -1000: "-10.00 ₽", -1: "-0.01 ₽",
		math.MinInt64: "-92233720368547758.08 ₽"} {
		assert.Equal(t, want, k.String())
	}
	r, k := Kopecks(36950).Roubles()
	assert.Equal(t, [2]int64{369, 50}, [2]int64{r, k})
}

func TestPeriod(t *testing.T) {
	p, err := ParsePeriod("02-22")
	require.NoError(t, err)
	assert.Equal(t, MustPeriod(2022, 2), p)
	assert.Equal(t, "02-22", p.String())
	q, _ := ParsePeriod("12-21")
	assert.True(t, q.Before(p))
	assert.Equal(t, 1, p.Compare(q))
	assert.Equal(t, 0, p.Compare(p))
	for _, bad := range []string{"", "2-22", "13-22", "00-22", "02/22", "+2-22", "02--1", "ab-cd"} {
		_, err := ParsePeriod(bad)
		assert.Error(t, err, bad)
	}
	var odd Period
	require.NoError(t, json.Unmarshal([]byte(`"сентябрь"`), &odd))
	assert.False(t, odd.Valid())
	assert.Equal(t, "сентябрь", odd.String())
	assert.True(t, p.Valid())
	b, _ := json.Marshal(p)
	assert.Equal(t, `"02-22"`, string(b))
}

func TestPasswordNeverPrints(t *testing.T) {
	u := User{Login: "1595", Password: "s3cret-pw"}
	for _, s := range []string{fmt.Sprint(u.Password), fmt.Sprintf("%v %+v %#v %s %q %x", u, u, u, u.Password, u.Password, u.Password), u.Password.String()} {
		assert.NotContains(t, s, "s3cret-pw")
	}
	b, _ := json.Marshal(u)
	assert.Contains(t, string(b), `"password":"s3cret-pw"`)
}

func TestState(t *testing.T) {
	assert.Equal(t, "connected", StateConnected.String())
	assert.Equal(t, "terminated", StateTerminated.String())
	assert.True(t, StateNew.Known())
}

// TestNewPeriod: users and providers build periods with a constructor and
// read them with accessors; JSON round-trips.
func TestNewPeriod(t *testing.T) {
	p, err := NewPeriod(2022, time.February)
	require.NoError(t, err)
	assert.Equal(t, 2022, p.Year())
	assert.Equal(t, time.February, p.Month())
	assert.True(t, p.Valid())
	assert.Equal(t, "02-22", p.String())
	parsed, err := ParsePeriod("02-22")
	require.NoError(t, err)
	assert.Equal(t, parsed, p)

	b, err := json.Marshal(Charge{Account: "1595-1", Cost: 20000, Period: p})
	require.NoError(t, err)
	assert.Contains(t, string(b), `"period":"02-22"`)
	var back Charge
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, p, back.Period)

	for _, bad := range [][2]int{{1999, 12}, {2100, 1}, {2022, 0}, {2022, 13}, {0, 0}} {
		_, err := NewPeriod(bad[0], time.Month(bad[1]))
		require.ErrorIs(t, err, ErrInvalidArgument, "%v", bad)
		assert.True(t, strings.HasPrefix(err.Error(), "dataprovider: "))
	}
	assert.Panics(t, func() { MustPeriod(2022, 13) })

	var zero Period
	assert.False(t, zero.Valid())
	assert.Zero(t, zero.Year())
	_, err = json.Marshal(zero)
	assert.ErrorIs(t, err, ErrInvalidArgument, "the zero Period is no month: never sent as 00-00")

	var odd Period
	require.NoError(t, json.Unmarshal([]byte(`"сентябрь"`), &odd))
	assert.Zero(t, odd.Year())
	assert.Zero(t, odd.Month())
	b, err = json.Marshal(odd)
	require.NoError(t, err)
	assert.Equal(t, `"сентябрь"`, string(b), "an undecodable value round-trips as it came")
}

// A Password given to slog's JSON handler (slog.Any("password", p)) is
// redacted like with the text handler: the JSON handler calls MarshalJSON,
// which must send the real value on the wire, unless the value is a
// slog.LogValuer.
func TestPasswordRedactedInSlogJSON(t *testing.T) {
	var b strings.Builder
	l := slog.New(slog.NewJSONHandler(&b, nil))
	l.Info("sign-in", "password", Password("fake-secret-not-real"), slog.Any("pswd", Password("fake-secret-not-real")))
	assert.NotContains(t, b.String(), "fake-secret")
	assert.Contains(t, b.String(), `"password":"[REDACTED]"`)
}

// A period a provider sent as "" (or null) is kept as received like any
// other value that is not MM-YY: a decoded charge encodes again, rather than
// failing as the zero Period built in code does.
func TestPeriodBlankRoundTrip(t *testing.T) {
	for in, want := range map[string]string{`{"period":""}`: `{"period":""}`, `{"period":null}`: `{"period":""}`} {
		var c struct {
			Period Period `json:"period"`
		}
		require.NoError(t, json.Unmarshal([]byte(in), &c))
		assert.False(t, c.Period.Valid())
		b, err := json.Marshal(c)
		require.NoError(t, err, in)
		assert.JSONEq(t, want, string(b))
	}
	_, err := json.Marshal(Period{})
	require.ErrorIs(t, err, ErrInvalidArgument, "the zero Period built in code")
}
